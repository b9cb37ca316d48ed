import { Errno, SyscallError, WouldBlock } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { type SyscallDef, sig } from './types.js';

const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;
const FUTEX_REQUEUE = 3;
const FUTEX_CMP_REQUEUE = 4;
const FUTEX_WAIT_BITSET = 9;
const FUTEX_WAKE_BITSET = 10;
const ETIMEDOUT = 110;

/**
 * futex(2) on the cooperative scheduler (kernel/futex). A waiter whose word still holds `val`
 * sleeps (WouldBlock: its sc is retried when something happened); FUTEX_WAKE marks up to `val`
 * sleepers on the word woken, and a woken waiter's retried call returns 0. Keys are (memory,
 * address): threads and CLONE_VM children share them, PRIVATE or not. Timeouts are not timed:
 * a waiter with one gets ETIMEDOUT only when every thread sleeps (a deadlock the scheduler
 * breaks), and bitsets are taken as "all" (glibc passes FUTEX_BITSET_MATCH_ANY).
 */
function futex(p: LinuxProcess, uaddr: number, op: number, val: number, timeout: number, uaddr2: number, val3: number) {
  switch (op & 127) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      if (uaddr % 4 !== 0) throw new SyscallError(Errno.EINVAL);
      if (p.futexWoken) {
        p.futexWoken = false;
        p.futexAddr = undefined;
        return 0;
      }
      if (p.um.u32(uaddr) !== val >>> 0) {
        p.futexAddr = undefined;
        throw new SyscallError(Errno.EAGAIN);
      }
      // Nobody else shares the word, or every thread sleeps: a timed wait times out; an
      // untimed one sleeps (the scheduler kills it if nothing can ever wake it).
      if (timeout !== 0 && (!p.kernel.othersAlive(p) || p.kernel.breakingDeadlock)) {
        p.futexAddr = undefined;
        throw new SyscallError(ETIMEDOUT);
      }
      p.futexAddr = uaddr;
      throw new WouldBlock();
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
      return p.kernel.futexWake(p.mem, uaddr, val);
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      if (op % 128 === FUTEX_CMP_REQUEUE && p.um.u32(uaddr) !== val3 >>> 0) throw new SyscallError(Errno.EAGAIN);
      const woken = p.kernel.futexWake(p.mem, uaddr, val);
      // The 4th argument is val2 (how many to requeue) for the requeue operations.
      return woken + p.kernel.futexRequeue(p.mem, uaddr, uaddr2, timeout);
    }
    default:
      throw new SyscallError(Errno.ENOSYS);
  }
}

export const futexSyscalls: Record<string, SyscallDef> = {
  futex: sig((p, a) => futex(p, a[0], a[1], a[2], a[3], a[4], a[5]), 'xixxxx'),
  futex_time64: sig((p, a) => futex(p, a[0], a[1], a[2], a[3], a[4], a[5]), 'xixxxx'),
};
