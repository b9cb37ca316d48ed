import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Errno } from '../../../src/machine/linux-user/abi.js';
import { loadProgram } from '../../../src/machine/linux-user/loader.js';
import { SIG_IGN } from '../../../src/machine/linux-user/signals.js';
import { tinyElf } from '../elf-builder.js';
import { dynamicElf, putString, SCRATCH, sys, testProcess } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ppcjit-procmodel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  chmodSync(path, mode);
  return path;
}

const ARGV = SCRATCH + 0x800;
/** execve(path, [path], []) in `p`. */
function execve(p: ReturnType<typeof testProcess>, path: string) {
  putString(p, SCRATCH, path);
  p.um.setU32(ARGV, SCRATCH);
  p.um.setU32(ARGV + 4, 0);
  return sys(p, 'execve', [SCRATCH, ARGV, ARGV + 4]);
}

describe('execve', () => {
  it('a dynamic ELF: ENOENT when its interpreter is not on the host, ELIBBAD when it is no PowerPC ELF', () => {
    const p = testProcess();
    expect(execve(p, file('dyn-missing', dynamicElf('/nonexistent/ld.so.1')))).toMatchObject({
      so: 1,
      r3: Errno.ENOENT,
    });
    expect(execve(p, file('dyn-host', dynamicElf('/bin/sh')))).toMatchObject({ so: 1, r3: Errno.ELIBBAD });
  });
  it('a host or truncated file is ENOEXEC, a missing #! interpreter ENOENT, a script loop ELOOP', () => {
    const p = testProcess();
    expect(execve(p, file('garbage', 'MZ not an ELF'))).toMatchObject({ so: 1, r3: Errno.ENOEXEC });
    expect(execve(p, file('script', '#!/nonexistent/interp -x\n'))).toMatchObject({ so: 1, r3: Errno.ENOENT });
    file('loop', `#!${join(dir, 'loop')}\n`);
    expect(execve(p, join(dir, 'loop'))).toMatchObject({ so: 1, r3: Errno.ELOOP });
  });
  it('a static ELF replaces the image: entry PC, close-on-exec fds gone, handlers reset, SIG_IGN kept', () => {
    const p = testProcess();
    const kept = sys(p, 'dup', [1]).r3;
    const closed = sys(p, 'fcntl', [1, 1030 /* F_DUPFD_CLOEXEC */, 10]).r3;
    p.signals.actions[10].handler = 0x10001000;
    p.signals.actions[13].handler = SIG_IGN;
    const pid = p.pid;
    const r = execve(p, file('static', tinyElf([0x60000000], 0x480000)));
    expect(r.next).toBe(0x480000);
    expect(p.exePath).toBe(join(dir, 'static'));
    expect(p.pid).toBe(pid);
    expect(sys(p, 'fcntl', [kept, 1, 0]).so).toBe(0);
    expect(sys(p, 'fcntl', [closed, 1, 0])).toMatchObject({ so: 1, r3: Errno.EBADF });
    expect(p.signals.actions[10].handler).toBe(0);
    expect(p.signals.actions[13].handler).toBe(SIG_IGN);
  });
});

describe('fork and wait4', () => {
  it('a vfork child that sleeps forever is killed, then its parent (a vfork parent counted as moving hung; fuzz: syscalls)', () => {
    const messages: string[] = [];
    const p = testProcess('750', messages);
    // li r0,vfork; sc; li r0,pause; sc; li r0,exit; li r3,0; sc
    const code = [0x380000bd, 0x44000002, 0x3800001d, 0x44000002, 0x38000001, 0x38600000, 0x44000002];
    loadProgram(p, tinyElf(code, 0x10000000), ['prog'], []);
    const child = p.pid + 1;
    expect(p.run()).toBe(128 + 9);
    expect(messages).toEqual([
      `ppcjit: pid ${child} blocked forever (every guest process is waiting) — killed`,
      `ppcjit: pid ${p.pid} blocked forever (every guest process is waiting) — killed`,
    ]);
  });
  it('pages above 2 GiB are copied by fork and zeroed at exit (page << 12 went negative: RangeError; fuzz: syscalls)', () => {
    const p = testProcess();
    const high = 0x80000000;
    expect(sys(p, 'mmap', [high, 4096, 3, 0x32 /* MAP_FIXED|MAP_ANONYMOUS|MAP_PRIVATE */, -1, 0]).r3 >>> 0).toBe(high);
    p.um.setU32(high, 0x12345678);
    const child = p.kernel.processes.get(sys(p, 'fork').r3);
    if (!child) throw new Error('no child in the process table');
    expect(child.um.u32(high)).toBe(0x12345678);
    const mem = child.mem;
    sys(child, 'exit_group', [0]); // gives its memory back to the pool, zeroed
    expect(mem.bytes[high]).toBe(0);
  });
  it('the child gets 0 and a copy of memory; wait4 reports WNOHANG 0, then the exit status word', () => {
    const p = testProcess();
    p.um.setU32(SCRATCH + 0x100, 1234);
    const r = sys(p, 'fork');
    expect(r.so).toBe(0);
    const child = p.kernel.processes.get(r.r3);
    if (!child) throw new Error('no child in the process table');
    expect(child.s.gpr[3]).toBe(0);
    expect(child.ppid).toBe(p.pid);
    p.um.setU32(SCRATCH + 0x100, 99); // the parent's store is not the child's
    expect(child.um.u32(SCRATCH + 0x100)).toBe(1234);
    expect(sys(p, 'wait4', [-1, SCRATCH, 1 /* WNOHANG */, 0])).toMatchObject({ so: 0, r3: 0 });
    sys(child, 'exit_group', [5]);
    expect(sys(p, 'wait4', [-1, SCRATCH, 0, 0])).toMatchObject({ so: 0, r3: child.pid });
    expect(p.um.u32(SCRATCH)).toBe(5 << 8);
    expect(sys(p, 'wait4', [-1, SCRATCH, 0, 0])).toMatchObject({ so: 1, r3: Errno.ECHILD });
  });
  it('a child killed by a signal gives the signal number as status word; zombies wait in order asked', () => {
    const p = testProcess();
    const a = p.kernel.processes.get(sys(p, 'fork').r3);
    const b = p.kernel.processes.get(sys(p, 'fork').r3);
    a?.terminateBySignal(15);
    b?.exit(0);
    expect(sys(p, 'wait4', [a?.pid ?? 0, SCRATCH, 0, 0]).r3).toBe(a?.pid);
    expect(p.um.u32(SCRATCH)).toBe(15);
    expect(sys(p, 'waitpid', [-1, SCRATCH, 0]).r3).toBe(b?.pid);
    expect(p.um.u32(SCRATCH)).toBe(0);
  });
});
