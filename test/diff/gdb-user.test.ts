import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort, haveGdb, ppcjitPort, runUnderGdb } from './gdb/session.js';
import { haveTool } from './objdump.js';

// gdb-multiarch against `ppcjit run --gdb` and `qemu-ppc -g` on the same static program: the
// same commands must print the same lines. One thing is normalised: numbers that are addresses
// in the emulator's own stack (r1, argv/envp pointers, `x/4wx $sp`), because qemu-ppc maps the
// stack at 0x40800000 and ppcjit at 0x7fff0000 — each run's range is taken from its initial r1.

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const SOURCE = fileURLToPath(new URL('./gdb/target.c', import.meta.url));
const tools = ['gdb-multiarch', 'qemu-ppc', 'powerpc-linux-gnu-gcc'];
const missing = tools.filter((t) => (t === 'gdb-multiarch' ? !haveGdb : !haveTool(t)));
if (missing.length) console.warn(`gdb-user: skipped, missing ${missing.join(', ')} (.ci/run installs them)`);

/** Replaces numbers inside the stack around the first `r1` gdb printed by `<stack>`. */
function normaliseStack(text: string): string {
  const sp = /^r1\s+0x([0-9a-f]+)/m.exec(text);
  if (!sp) return text;
  const sp0 = Number.parseInt(sp[1], 16);
  const inStack = (n: number) => n >= sp0 - 0x800000 && n < sp0 + 0x100000;
  return text.replace(/\b0x[0-9a-f]+\b|\b\d{7,10}\b/g, (token) => (inStack(Number(token)) ? '<stack>' : token));
}

describe.skipIf(missing.length > 0)('gdb-multiarch: ppcjit run --gdb against qemu-ppc -g', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-gdb-'));
  if (missing.length === 0) {
    execFileSync('powerpc-linux-gnu-gcc', ['-static', '-g', '-O1', '-o', join(dir, 'target'), SOURCE]);
  }

  async function underQemu(commands: string[], args: string[] = [], cpu = '750') {
    const port = await freePort();
    return runUnderGdb(
      ['qemu-ppc', '-cpu', cpu, '-g', String(port), './target', ...args],
      commands,
      './target',
      port,
      dir,
    );
  }
  async function underPpcjit(commands: string[], args: string[] = [], cpu = '750') {
    return runUnderGdb(
      [process.execPath, PPCJIT, 'run', '--cpu', cpu, '--gdb', '0', './target', ...args],
      commands,
      './target',
      ppcjitPort,
      dir,
    );
  }

  it('breakpoints, info registers, stepi, x, bt, finish, FPRs, to the exit', async () => {
    const commands = [
      'info registers r1',
      'break step',
      'continue',
      'info registers',
      'stepi',
      'stepi',
      'stepi',
      'info registers pc r9 r10 lr cr',
      'x/4wx $sp',
      'x/2wx &counter',
      'delete 1',
      'break report',
      'continue',
      'bt',
      'finish',
      'info registers f1 f2 f31 fpscr',
      'p scale',
      'continue',
    ];
    const q = await underQemu(commands);
    const p = await underPpcjit(commands);
    expect(normaliseStack(p.gdb)).toBe(normaliseStack(q.gdb));
    expect(p.gdb.split('\n')).toContain('[Inferior 1 (process 1) exited normally]');
    expect(p.stdout).toBe(q.stdout);
    expect(p.status).toBe(q.status);
  });

  it('stepi through the loop and a (software) watchpoint: every instruction', async () => {
    const commands = [
      'info registers r1',
      'set can-use-hw-watchpoints 0',
      'break main',
      'continue',
      'watch counter',
      'continue',
      'continue',
      'continue',
      'info registers pc r3 r9',
      'delete',
      'stepi 40',
      'info registers pc cr ctr lr r3 r9 r31',
    ];
    const q = await underQemu(commands);
    const p = await underPpcjit(commands);
    expect(normaliseStack(p.gdb)).toBe(normaliseStack(q.gdb));
    expect(p.gdb.split('\n')).toContain('New value = 3');
  });

  it('a hardware watchpoint (Z2) stops where gdb stepping with a software one does', async () => {
    // qemu-ppc has no watchpoints in user mode (gdb: "Could not insert hardware watchpoint"), so
    // it runs the software watchpoint; gdb names ours "Hardware watchpoint", theirs "Watchpoint".
    const commands = [
      'info registers r1',
      'break main',
      'continue',
      'watch counter',
      'continue',
      'continue',
      'continue',
      'bt',
    ];
    const q = await underQemu(['set can-use-hw-watchpoints 0', ...commands]);
    const p = await underPpcjit(commands);
    expect(p.gdb.split('\n')).toContain('Hardware watchpoint 2: counter');
    expect(normaliseStack(p.gdb).replaceAll('Hardware watchpoint', 'Watchpoint')).toBe(normaliseStack(q.gdb));
  });

  it('detach: the guest runs on to its end', async () => {
    const commands = ['info registers r1', 'break step', 'continue', 'detach'];
    const q = await underQemu(commands);
    const p = await underPpcjit(commands);
    expect(normaliseStack(p.gdb)).toBe(normaliseStack(q.gdb));
    expect(p.gdb.split('\n')).toContain('[Inferior 1 (process 1) detached]');
    expect(p.stdout).toBe('40 11.5\n');
    expect(p.stdout).toBe(q.stdout);
    expect(p.status).toBe(0);
  });

  it('a guest signal stops in gdb first; continuing delivers it', async () => {
    const commands = ['info registers r1', 'continue', 'info registers pc r9', 'continue'];
    const q = await underQemu(commands, ['crash']);
    const p = await underPpcjit(commands, ['crash']);
    expect(normaliseStack(p.gdb)).toBe(normaliseStack(q.gdb));
    expect(p.gdb.split('\n')).toContain('Program received signal SIGSEGV, Segmentation fault.');
    expect(p.gdb.split('\n')).toContain('Program terminated with signal SIGSEGV, Segmentation fault.');
    // qemu-ppc kills itself with the signal; ppcjit exits 128 + 11 (README: run's exit status).
    expect(p.status).toBe(139);
  });

  it('an AltiVec model (7400): the altivec feature, MSR[VR], vscr, vrsave, vr0-vr31', async () => {
    const commands = [
      'info registers r1',
      'break step',
      'continue',
      'info registers msr vscr vrsave',
      'p $vr0',
      'info registers vr31',
    ];
    const q = await underQemu(commands, [], '7400');
    const p = await underPpcjit(commands, [], '7400');
    expect(normaliseStack(p.gdb)).toBe(normaliseStack(q.gdb));
    expect(p.gdb.split('\n')).toContain('msr            0x2006940           33581376');
  });
});
