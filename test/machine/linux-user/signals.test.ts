import { describe, expect, it } from 'vitest';
import { Exc } from '../../../src/cpu/exceptions.js';
import { TRAMPOLINE } from '../../../src/machine/linux-user/address-space.js';
import { R } from '../../../src/runtime/cpu-state.js';
import { Prot } from '../../../src/runtime/flat-memory.js';
import { FaultKind, GuestException, GuestFault } from '../../../src/runtime/memory.js';
import { SCRATCH, sys, testProcess } from './helpers.js';

const HANDLER = 0x10001000;
const STACK = 0x30000000;

function withHandler(signo: number, flags = 4 /* SA_SIGINFO */, mask = 0) {
  const messages: string[] = [];
  const p = testProcess('7450', messages);
  p.mem.map(STACK - 0x10000, 0x10000, Prot.RW);
  p.um.setU32(SCRATCH, HANDLER);
  p.um.setU32(SCRATCH + 4, flags);
  p.um.setU32(SCRATCH + 8, 0);
  p.um.setU32(SCRATCH + 12, mask);
  p.um.setU32(SCRATCH + 16, 0);
  expect(sys(p, 'rt_sigaction', [signo, SCRATCH, 0, 8]).r3).toBe(0);
  return { p, messages };
}

function fillRegisters(p: ReturnType<typeof testProcess>) {
  const s = p.s;
  for (let n = 0; n < 32; n++) s.gpr[n] = 0x1000 * n + 7;
  s.gpr[1] = STACK - 0x100;
  for (let n = 0; n < 32; n++) s.fpr[n] = n + 0.25;
  for (let i = 0; i < 128; i++) s.vr[i] = i * 0x01010101;
  s.r[R.CR] = 0x24000842;
  s.r[R.LR] = 0x10000abc;
  s.r[R.CTR] = 77;
  s.xer = 0x20000005;
  s.r[R.FPSCR] = 0x82000000 | 0;
  s.r[R.VSCR] = 0x10000;
  s.r[R.VRSAVE] = 0xffff0000 | 0;
}

describe('rt signal frames (signal_32.c layout)', () => {
  it('a SIGSEGV fault with a handler builds the frame and rt_sigreturn restores everything', () => {
    const { p } = withHandler(11);
    fillRegisters(p);
    const before = { gpr: [...p.s.gpr], fpr: [...p.s.fpr], vr: [...p.s.vr], r: [...p.s.r] };
    const faultPc = 0x10000500;
    const next = p.engine.rt.fault(p.s, new GuestFault(FaultKind.Data, 0x10, true), faultPc);
    expect(next).toBe(HANDLER);
    const s = p.s;
    expect(s.gpr[3]).toBe(11);
    const frame = s.gpr[4] >>> 0;
    const uc = s.gpr[5] >>> 0;
    expect(uc).toBe(frame + 128);
    expect(frame % 16).toBe(0);
    expect((s.gpr[1] >>> 0) + 64 + 16).toBe(frame);
    expect(p.um.u32(s.gpr[1])).toBe(STACK - 0x100); // back chain
    expect(s.r[R.LR] >>> 0).toBe(TRAMPOLINE);
    // siginfo: si_signo, si_errno, si_code (SEGV_MAPERR), si_addr
    expect([0, 4, 8, 12].map((o) => p.um.u32(frame + o))).toEqual([11, 0, 1, 0x10]);
    const mc = p.um.u32(uc + 48);
    expect(mc).toBe(uc + 192);
    expect(p.um.u32(mc + 4 * 32)).toBe(faultPc); // PT_NIP
    expect(p.um.u32(mc + 4 * 36)).toBe(0x10000abc); // PT_LNK
    expect(p.um.u32(mc + 4 * 38)).toBe(0x24000842); // PT_CCR
    expect(p.um.u32(mc + 4 * 5)).toBe(0x5007); // r5
    expect(p.um.u32(mc + 456)).toBe(0x38000000 + 172); // mc_pad trampoline
    // SIGSEGV is blocked while the handler runs.
    expect(p.signals.mask & (1n << 10n)).not.toBe(0n);

    // The handler clobbers registers, then returns through the trampoline's rt_sigreturn.
    s.gpr.fill(0x5a5a);
    s.gpr[1] = (frame - 80) | 0;
    s.fpr.fill(-1);
    s.vr.fill(3);
    s.r[R.CR] = 0;
    const back = sys(p, 'rt_sigreturn', [], TRAMPOLINE + 4).next;
    expect(back).toBe(faultPc);
    expect([...s.gpr]).toEqual(before.gpr);
    expect([...s.fpr]).toEqual(before.fpr);
    expect([...s.vr]).toEqual(before.vr);
    for (const slot of [R.CR, R.LR, R.CTR, R.SO, R.OV, R.CA, R.FPSCR, R.VSCR, R.VRSAVE]) {
      expect(s.r[slot]).toBe(before.r[slot]);
    }
    expect(p.signals.mask).toBe(0n);
  });

  it('tgkill(SIGUSR1) runs the handler after the syscall; blocked signals wait for unblock', () => {
    const { p } = withHandler(10, 0);
    p.s.gpr[1] = STACK - 0x100;
    const r = sys(p, 'tgkill', [process.pid, process.pid, 10], 0x10000200);
    expect(r.next).toBe(HANDLER);
    // the interrupted context resumes after the sc, with the syscall's result in r3
    const mc = p.um.u32(p.s.gpr[5] + 48);
    expect(p.um.u32(mc + 4 * 32)).toBe(0x10000204);
    expect(p.um.u32(mc + 4 * 3)).toBe(0);
    sys(p, 'rt_sigreturn');
    p.um.setU32(SCRATCH + 0x40, 1 << 9);
    p.um.setU32(SCRATCH + 0x44, 0);
    sys(p, 'rt_sigprocmask', [0, SCRATCH + 0x40, 0, 8]);
    expect(sys(p, 'tgkill', [process.pid, process.pid, 10], 0x10000300).next).toBe(0x10000304);
    expect(sys(p, 'rt_sigprocmask', [1, SCRATCH + 0x40, 0, 8], 0x10000400).next).toBe(HANDLER);
  });

  it('without a handler a fault terminates: message and status 128+signo', () => {
    const messages: string[] = [];
    const p = testProcess('750', messages);
    p.engine.rt.fault(p.s, new GuestFault(FaultKind.Instruction, 0x1234, false), 0x1234);
    expect(p.exited).toBe(true);
    expect(p.exitStatus).toBe(139);
    expect(messages).toEqual(['ppcjit: guest terminated by signal 11 (Segmentation fault)']);
  });

  it('program exceptions map to SIGILL, SIGTRAP, SIGFPE; SIGABRT via tgkill', () => {
    const cases: [number, number][] = [
      [Exc.Illegal, 132],
      [Exc.Privileged, 132],
      [Exc.Trap, 133],
      [Exc.FpEnabled, 136],
    ];
    for (const [code, status] of cases) {
      const p = testProcess('750', []);
      p.engine.rt.raise(p.s, code, 0x1000, 0);
      expect(p.exitStatus).toBe(status);
    }
    const p = testProcess('750', []);
    sys(p, 'tgkill', [process.pid, process.pid, 6]);
    expect(p.exitStatus).toBe(134);
    const q = testProcess('750', []);
    q.engine.rt.fault(q.s, new GuestException(Exc.Privileged), 0x1000);
    expect(q.exitStatus).toBe(132);
  });

  it('a blocked or ignored synchronous signal still kills (force_sig_fault)', () => {
    const { p } = withHandler(4, 4);
    p.um.setU32(SCRATCH + 0x40, 1 << 3);
    p.um.setU32(SCRATCH + 0x44, 0);
    sys(p, 'rt_sigprocmask', [0, SCRATCH + 0x40, 0, 8]);
    p.engine.rt.raise(p.s, Exc.Illegal, 0x1000, 0);
    expect(p.exitStatus).toBe(132);
  });
});

describe('user-mode SPRs', () => {
  it('PVR reads the model (Linux emulates mfpvr); supervisor SPRs raise privileged', () => {
    const p = testProcess('7450');
    expect(p.engine.rt.mfspr(p.s, 287, 0) >>> 0).toBe(0x80000201);
    p.engine.rt.mtspr(p.s, 256, 0x1234, 0);
    expect(p.engine.rt.mfspr(p.s, 256, 0)).toBe(0x1234);
    expect(() => p.engine.rt.mfspr(p.s, 1008, 0)).toThrow(GuestException);
    expect(() => p.engine.rt.mtspr(p.s, 26, 0, 0)).toThrow(GuestException);
    const t0 = p.engine.rt.timeBase(p.s, false) >>> 0;
    const t1 = p.engine.rt.timeBase(p.s, false) >>> 0;
    expect(t1 - t0).toBeGreaterThanOrEqual(0);
  });
  it('sc is a Linux syscall for any LEV', () => {
    const p = testProcess();
    p.s.gpr[0] = 20; // getpid
    expect(p.engine.rt.sc(p.s, 1, 0x2000)).toBe(0x2004);
    expect(p.s.gpr[3]).toBe(process.pid);
  });
});
