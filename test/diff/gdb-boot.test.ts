import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort, haveGdb, ppcjitPort, runUnderGdb } from './gdb/session.js';
import { haveTool } from './objdump.js';

// `ppcjit boot --gdb` on pegasos2 with the demo Open Firmware client (built here with its symbols):
// stopped at the firmware entry, registers read, a breakpoint on the client-interface call, the
// argument block read, steps into the client-interface entry, then on to the end. The same gdb
// commands against qemu-system-ppc -M pegasos2 -S must print the same lines from the breakpoint
// on. Before it they differ legitimately: QEMU starts in its VOF firmware blob at 0x100, which
// then enters the client; ppcjit's VOF is virtual (no guest code), so its first instruction is
// the client's entry, with the client-interface entry in r5 as VOF passes it.

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const DEMO = fileURLToPath(new URL('../../demo/ofclient/', import.meta.url));
const tools = ['gdb-multiarch', 'qemu-system-ppc', 'powerpc-linux-gnu-gcc'];
const missing = tools.filter((t) => (t === 'gdb-multiarch' ? !haveGdb : !haveTool(t)));
if (missing.length) console.warn(`gdb-boot: skipped, missing ${missing.join(', ')} (.ci/run installs them)`);

const STEPPED_IN = 'pc             0x10c               0x10c';

const COMMANDS = [
  'info registers pc r5 msr',
  'break of_call',
  'continue',
  'x/3wx $r3',
  'x/s *(char **)$r3',
  'stepi 4',
  'info registers pc ctr lr',
  'x/i $pc',
  'stepi',
  'info registers pc',
  'delete',
  'continue',
];

describe.skipIf(missing.length > 0)('gdb-multiarch: ppcjit boot --gdb on pegasos2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-gdb-boot-'));
  const elf = join(dir, 'ofclient.elf');
  if (missing.length === 0) {
    // demo/ofclient/build.sh's flags, with -g and without its strip.
    execFileSync('powerpc-linux-gnu-gcc', [
      ...'-g -O2 -ffreestanding -fno-stack-protector -msoft-float -mno-altivec -mno-sdata -nostdlib -static -fno-pic -mcpu=7400 -Wall'.split(
        ' ',
      ),
      ...['-T', join(DEMO, 'link.ld'), '-Wl,--build-id=none', '-Wl,--no-warn-rwx-segments'],
      ...['-o', elf, join(DEMO, 'start.S'), join(DEMO, 'ofclient.c')],
    ]);
  }

  it('stops at the firmware entry, steps into the client interface, runs to the end', async () => {
    const p = await runUnderGdb(
      [process.execPath, PPCJIT, 'boot', '--no-stdin', '--kernel', elf, '--gdb', '0'],
      COMMANDS,
      elf,
      ppcjitPort,
      dir,
    );
    const port = await freePort();
    const q = await runUnderGdb(
      ['qemu-system-ppc', '-M', 'pegasos2', '-kernel', elf, '-nographic', '-monitor', 'none', '-serial', 'null'].concat(
        ['-gdb', `tcp:127.0.0.1:${port}`, '-S'],
      ),
      COMMANDS,
      elf,
      port,
      dir,
      true,
    );
    const lines = p.gdb.split('\n');
    // From the breakpoint to the step into the client-interface entry. After it, the last
    // continue: QEMU stops its VM at the client's `exit` (gdb sees SIGINT), ppcjit ends the guest.
    const middle = (text: string) => {
      const all = text.split('\n');
      return all.slice(
        all.indexOf(`Breakpoint 1 at 0x40001c: file ${join(DEMO, 'start.S')}, line 18.`),
        all.indexOf(STEPPED_IN) + 1,
      );
    };
    expect(middle(p.gdb)).toEqual(middle(q.gdb));
    expect(middle(p.gdb).length).toBe(13);
    expect(lines.slice(0, 5)).toEqual([
      '_start () at /work/main/demo/ofclient/start.S:6'.replace('/work/main/demo/ofclient/', DEMO),
      '6\t\tlis\t1,stack_top@ha',
      'pc             0x400000            0x400000 <_start>',
      'r5             0x10c               268',
      'msr            0x40                64',
    ]);
    // The argument block of the first call: service "peer", 1 argument, 1 result.
    expect(lines).toContain('0x4011a0:\t"peer"');
    expect(lines.at(-2)).toBe('[Inferior 1 (process 1) exited normally]');
    expect(p.stdout.split('\r\n').at(-2)).toBe('calling exit');
    expect(p.status).toBe(0);
  });
});
