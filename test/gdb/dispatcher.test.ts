import { describe, expect, it } from 'vitest';
import { GdbDispatcher } from '../../src/gdb/dispatcher.js';
import { GdbSession } from '../../src/gdb/session.js';
import { FakeTarget, ScriptedGdb } from './fake-gdb.js';

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** The reply the dispatcher gives to one packet. */
function ask(target: FakeTarget, packet: string): string {
  const r = new GdbDispatcher(target).handle(latin1(packet));
  if (r.kind !== 'reply') return `<${r.kind}>`;
  return typeof r.payload === 'string' ? r.payload : Buffer.from(r.payload).toString('latin1');
}

describe('gdb dispatcher', () => {
  it('announces what it supports, as QEMU does (multiprocess thread ids)', () => {
    const t = new FakeTarget();
    expect(ask(t, 'qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386')).toBe(
      'PacketSize=4000;qXfer:features:read+;multiprocess+;vContSupported+',
    );
    expect(ask(t, 'vCont?')).toBe('vCont;c;C;s;S');
    expect(ask(t, 'qfThreadInfo')).toBe('mp01.1234');
    expect(ask(t, 'qsThreadInfo')).toBe('l');
    expect(ask(t, 'qC')).toBe('QCp01.1234');
    expect(ask(t, 'qAttached:1')).toBe('1');
    expect(ask(t, '?')).toBe('T05thread:p01.1234;');
    expect(ask(t, 'vMustReplyEmpty')).toBe('');
    expect(ask(t, 'qTStatus')).toBe('');
    expect(ask(t, 'Hgp0.0')).toBe('OK');
  });

  it('serves the target description in pieces', () => {
    const t = new FakeTarget();
    const xml = t.targetXml('target.xml')!;
    expect(ask(t, 'qXfer:features:read:target.xml:0,10')).toBe(`m${xml.slice(0, 16)}`);
    expect(ask(t, `qXfer:features:read:target.xml:10,ffb`)).toBe(`l${xml.slice(16)}`);
    expect(ask(t, 'qXfer:features:read:nope.xml:0,ffb')).toBe('E00');
    expect(ask(t, 'qXfer:features:read:target.xml:zz,1')).toBe('E16');
    expect(ask(t, 'qXfer:features:read:target.xml:ffffff,1')).toBe('E16');
  });

  it('reads and writes registers (g/G/p/P), skipping those the target lacks', () => {
    const t = new FakeTarget();
    t.regs[1] = 0x7fff0000;
    t.regs[64] = 0x10000394;
    const g = ask(t, 'g');
    // r0..r31, then pc msr cr lr ctr xer (f0–f31 and fpscr absent): 38 registers of 4 bytes.
    expect(g.length).toBe(38 * 8);
    expect(g.slice(8, 16)).toBe('7fff0000');
    expect(g.slice(32 * 8, 33 * 8)).toBe('10000394');
    expect(ask(t, 'p40')).toBe('10000394');
    expect(ask(t, 'p20')).toBe('E16');
    expect(ask(t, 'pzz')).toBe('E16');
    expect(ask(t, 'P3=deadbeef')).toBe('OK');
    expect(t.regs[3]).toBe(0xdeadbeef);
    expect(ask(t, 'P3=dead')).toBe('E16');
    expect(ask(t, `G${'00000001'.repeat(38)}`)).toBe('OK');
    expect(t.regs[64]).toBe(1);
    expect(ask(t, 'G123')).toBe('E16');
  });

  it('reads and writes memory (m/M/X), with errors for bad or huge requests', () => {
    const t = new FakeTarget();
    t.memory.set([1, 2, 3, 4], 0x100);
    expect(ask(t, 'm100,4')).toBe('01020304');
    expect(ask(t, 'mfffe,4')).toBe('0000'); // short: what is readable
    expect(ask(t, 'm20000,4')).toBe('E0e');
    expect(ask(t, 'm100,ffffffff')).toBe('E16');
    expect(ask(t, 'm100')).toBe('E16');
    expect(ask(t, 'm1000000000,4')).toBe('E16');
    expect(ask(t, 'M200,2:abcd')).toBe('OK');
    expect([...t.memory.subarray(0x200, 0x202)]).toEqual([0xab, 0xcd]);
    expect(ask(t, 'M200,3:abcd')).toBe('E16');
    expect(ask(t, 'M20000,1:00')).toBe('E0e');
    expect(ask(t, 'X300,0:')).toBe('OK');
    expect(ask(t, 'X300,3:a}\x03b')).toBe('OK');
    expect(Buffer.from(t.memory.subarray(0x300, 0x303)).toString('latin1')).toBe('a#b');
    expect(ask(t, 'X300,2:a}')).toBe('E16');
  });

  it('passes breakpoints and watchpoints to the target', () => {
    const t = new FakeTarget();
    expect(ask(t, 'Z0,100004e4,4')).toBe('OK');
    expect(ask(t, 'z0,100004e4,4')).toBe('OK');
    expect(ask(t, 'Z2,1000,4')).toBe('OK');
    expect(ask(t, 'Z1,20000,4')).toBe('E01');
    expect(ask(t, 'Z5,1000,4')).toBe('E16');
    expect(ask(t, 'Z2,1000,0')).toBe('E16');
    expect(ask(t, 'Z0,xyz,4')).toBe('E16');
    expect(t.breakpoints).toEqual(['Z0,100004e4,4', 'z0,100004e4,4', 'Z2,1000,4', 'Z1,20000,4']);
  });

  it('turns c/s/C/S/vCont into resume requests', () => {
    const t = new FakeTarget();
    const d = new GdbDispatcher(t);
    const h = (p: string) => d.handle(latin1(p));
    expect(h('c')).toEqual({ kind: 'resume', action: { step: false, signal: 0 } });
    expect(h('s')).toEqual({ kind: 'resume', action: { step: true, signal: 0 } });
    expect(h('C0b')).toEqual({ kind: 'resume', action: { step: false, signal: 11 } });
    expect(h('S05;2000')).toEqual({ kind: 'resume', action: { step: true, signal: 5 } });
    expect(t.regs[64]).toBe(0x2000);
    expect(h('vCont;s:p1.1234;c')).toEqual({ kind: 'resume', action: { step: true, signal: 0 } });
    expect(h('vCont;s:p1.99;c')).toEqual({ kind: 'resume', action: { step: false, signal: 0 } });
    expect(h('vCont;C02:p1.-1')).toEqual({ kind: 'resume', action: { step: false, signal: 2 } });
    expect(h('vCont;x')).toEqual({ kind: 'reply', payload: 'E16' });
    expect(h('Cxyz')).toEqual({ kind: 'reply', payload: 'E16' });
    expect(h('D;1')).toEqual({ kind: 'detach' });
    expect(h('vKill;1')).toEqual({ kind: 'kill', reply: 'OK' });
  });

  it('stop replies: signals, watchpoints, exits', () => {
    const d = new GdbDispatcher(new FakeTarget());
    expect(d.stopReply({ kind: 'signal', signal: 11 })).toBe('T0bthread:p01.1234;');
    expect(d.stopReply({ kind: 'signal', signal: 5, watch: { type: 2, address: 0x100bb500 } })).toBe(
      'T05watch:100bb500;thread:p01.1234;',
    );
    expect(d.stopReply({ kind: 'exited', status: 3 })).toBe('W03;process:1');
    expect(d.stopReply({ kind: 'terminated', signal: 9 })).toBe('X09;process:1');
    expect(d.handle(latin1('?'))).toEqual({ kind: 'reply', payload: 'X09;process:1' });
  });

  it('monitor commands answer in hex', () => {
    const t = new FakeTarget();
    expect(ask(t, `qRcmd,${Buffer.from('hello').toString('hex')}`)).toBe(Buffer.from('hi\n').toString('hex'));
    expect(Buffer.from(ask(t, `qRcmd,${Buffer.from('nope').toString('hex')}`), 'hex').toString()).toBe(
      "unknown monitor command 'nope'; try 'monitor help'\n",
    );
    expect(ask(t, 'qRcmd,zz')).toBe('E16');
  });
});

/** A session whose client has connected, serving it until it resumes, detaches or kills. */
function serve(gdb: ScriptedGdb) {
  const session = new GdbSession(gdb, new FakeTarget());
  session.waitForClient();
  return session.stopped(undefined, false);
}

describe('gdb session', () => {
  it('acks good packets, nacks bad checksums and oversized packets, resends on a nack', () => {
    const gdb = new ScriptedGdb(['$g#68', '$m0,1#00', `$${'a'.repeat(0x5000)}#00`, '?', '-', 'c']);
    const verdict = serve(gdb);
    expect(verdict).toEqual({ kind: 'resume', action: { step: false, signal: 0 } });
    expect(gdb.raw).toEqual(['-', '-', '-', '+', '$T05thread:p01.1234;#6f', '$T05thread:p01.1234;#6f', '+']);
  });

  it('a client that leaves mid-packet detaches; kill and detach close the connection', () => {
    const leaving = new ScriptedGdb(['$m10,']);
    expect(serve(leaving)).toEqual({ kind: 'detach' });
    const killing = new ScriptedGdb(['vKill;1']);
    expect(serve(killing)).toEqual({ kind: 'kill' });
    expect(killing.replies).toEqual(['OK']);
    expect(killing.closed).toBe(1);
    const detaching = new ScriptedGdb(['D;1']);
    expect(serve(detaching)).toEqual({ kind: 'detach' });
    expect(detaching.replies).toEqual(['OK']);
    expect(detaching.closed).toBe(1);
  });
});
