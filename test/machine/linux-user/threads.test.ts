// Threads on the cooperative scheduler: clone(CLONE_THREAD), getpid/gettid, futex wait/wake/
// requeue, clear_child_tid, exit vs exit_group. test/diff/dynamic.test.ts runs glibc's pthreads.
import { describe, expect, it } from 'vitest';
import { CLONE, Errno } from '../../../src/machine/linux-user/abi.js';
import type { LinuxProcess } from '../../../src/machine/linux-user/linux-process.js';
import { SCRATCH, sys, testProcess } from './helpers.js';

/** glibc's pthread_create flags (sysdeps/unix/sysv/linux/createthread.c). */
const PTHREAD_FLAGS =
  CLONE.VM |
  CLONE.FS |
  CLONE.FILES |
  CLONE.SIGHAND |
  CLONE.THREAD |
  0x40000 /* SYSVSEM */ |
  CLONE.SETTLS |
  CLONE.PARENT_SETTID |
  CLONE.CHILD_CLEARTID;
const TID = SCRATCH + 0x100;
const WORD = SCRATCH + 0x200;
const OTHER = SCRATCH + 0x204;
const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;
const FUTEX_CMP_REQUEUE = 4;
const PRIVATE = 128;

function spawnThread(p: LinuxProcess): LinuxProcess {
  const r = sys(p, 'clone', [PTHREAD_FLAGS, SCRATCH + 0x8000, TID, 0x1234, TID]);
  expect(r.so).toBe(0);
  const t = p.kernel.processes.get(r.r3);
  if (!t) throw new Error('no thread');
  return t;
}

describe('clone(CLONE_THREAD)', () => {
  it('a thread shares memory and fds, has its own tid, the process’s pid and TLS in r2', () => {
    const p = testProcess();
    const t = spawnThread(p);
    expect(t.mem).toBe(p.mem);
    expect(t.fds).toBe(p.fds);
    expect(t.s.gpr[2]).toBe(0x1234);
    expect(t.s.gpr[1]).toBe(SCRATCH + 0x8000);
    expect(p.um.u32(TID)).toBe(t.pid); // PARENT_SETTID
    expect(sys(t, 'getpid').r3).toBe(p.pid);
    expect(sys(t, 'gettid').r3).toBe(t.pid);
    expect(sys(t, 'getppid').r3).toBe(sys(p, 'getppid').r3);
    expect(p.children.size).toBe(0); // nothing to wait4 for
    expect(sys(p, 'wait4', [-1, 0, 1, 0])).toMatchObject({ so: 1, r3: Errno.ECHILD });
  });
  it('CLONE_THREAD without CLONE_SIGHAND and CLONE_VM is EINVAL', () => {
    const p = testProcess();
    expect(sys(p, 'clone', [CLONE.THREAD | CLONE.VM, 0, 0, 0, 0])).toMatchObject({ so: 1, r3: Errno.EINVAL });
  });
  it('a thread’s exit zeroes clear_child_tid and wakes its joiner; the process lives on', () => {
    const p = testProcess();
    const t = spawnThread(p);
    // The joiner sleeps on the tid word (pthread_join).
    expect(() => sys(p, 'futex', [TID, FUTEX_WAIT, t.pid, 0, 0, 0])).not.toThrow();
    expect(p.futexAddr).toBe(TID);
    expect(p.blockedAt).toBeDefined();
    sys(t, 'exit', [0]);
    expect(t.exited).toBe(true);
    expect(p.exited).toBe(false);
    expect(p.um.u32(TID)).toBe(0);
    expect(p.futexWoken).toBe(true);
    expect(sys(p, 'futex', [TID, FUTEX_WAIT, t.pid, 0, 0, 0])).toMatchObject({ so: 0, r3: 0 }); // woken
    expect(p.kernel.processes.has(t.pid)).toBe(false); // no zombie
  });
  it('exit_group from a thread ends every thread and the process with its status', () => {
    const p = testProcess();
    const t = spawnThread(p);
    const u = spawnThread(p);
    sys(u, 'exit_group', [7]);
    expect([p.exited, t.exited, u.exited]).toEqual([true, true, true]);
    expect(p.exitStatus).toBe(7);
  });
  it('tgkill reaches one thread; a thread id of another process is ESRCH', () => {
    const p = testProcess();
    const t = spawnThread(p);
    expect(sys(p, 'tgkill', [p.pid, t.pid, 0]).so).toBe(0);
    expect(sys(p, 'tgkill', [p.pid + 1000, t.pid, 0])).toMatchObject({ so: 1, r3: Errno.ESRCH });
  });
});

describe('futex', () => {
  it('WAIT on a changed word is EAGAIN; WAKE wakes at most val waiters on that word', () => {
    const p = testProcess();
    const t = spawnThread(p);
    const u = spawnThread(p);
    p.um.setU32(WORD, 1);
    expect(sys(p, 'futex', [WORD, FUTEX_WAIT | PRIVATE, 2, 0, 0, 0])).toMatchObject({ so: 1, r3: Errno.EAGAIN });
    sys(t, 'futex', [WORD, FUTEX_WAIT | PRIVATE, 1, 0, 0, 0]);
    sys(u, 'futex', [WORD, FUTEX_WAIT | PRIVATE, 1, 0, 0, 0]);
    expect(sys(p, 'futex', [OTHER, FUTEX_WAKE | PRIVATE, 5, 0, 0, 0]).r3).toBe(0);
    expect(sys(p, 'futex', [WORD, FUTEX_WAKE | PRIVATE, 1, 0, 0, 0]).r3).toBe(1);
    expect([t.futexWoken, u.futexWoken]).toEqual([true, false]);
  });
  it('CMP_REQUEUE wakes val, moves val2 waiters to the second word; EAGAIN when the word moved', () => {
    const p = testProcess();
    const waiters = [spawnThread(p), spawnThread(p), spawnThread(p)];
    p.um.setU32(WORD, 3);
    for (const w of waiters) sys(w, 'futex', [WORD, FUTEX_WAIT, 3, 0, 0, 0]);
    expect(sys(p, 'futex', [WORD, FUTEX_CMP_REQUEUE, 1, 5, OTHER, 4])).toMatchObject({ so: 1, r3: Errno.EAGAIN });
    expect(sys(p, 'futex', [WORD, FUTEX_CMP_REQUEUE, 1, 5, OTHER, 3]).r3).toBe(3);
    expect(waiters.map((w) => [w.futexWoken, w.futexAddr])).toEqual([
      [true, WORD],
      [false, OTHER],
      [false, OTHER],
    ]);
  });
  it('a lone thread’s timed wait times out instead of sleeping forever', () => {
    const p = testProcess();
    p.um.setU32(WORD, 0);
    expect(sys(p, 'futex', [WORD, FUTEX_WAIT, 0, SCRATCH + 0x300, 0, 0])).toMatchObject({ so: 1, r3: 110 });
  });
});
