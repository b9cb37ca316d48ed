import { type CpuState, R } from '../../../runtime/cpu-state.js';
import { Errno, errnoText, hostErrno, WouldBlock } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { SYSCALL_NAMES } from '../syscall-names.js';
import { fsSyscalls } from './fs.js';
import { fsExtraSyscalls } from './fs-extra.js';
import { futexSyscalls } from './futex.js';
import { idsLimitsSyscalls } from './ids-limits.js';
import { lifecycleSyscalls } from './lifecycle.js';
import { memorySyscalls } from './memory.js';
import { signalSyscalls } from './signal.js';
import { timeSyscalls } from './time.js';
import { NO_RESULT, type SyscallDef } from './types.js';
import { utimeSyscalls } from './utime.js';

const BY_NAME: Record<string, SyscallDef> = {
  ...fsSyscalls,
  ...memorySyscalls,
  ...idsLimitsSyscalls,
  ...lifecycleSyscalls,
  ...futexSyscalls,
  ...timeSyscalls,
  ...signalSyscalls,
  ...utimeSyscalls,
  ...fsExtraSyscalls,
};
// getrlimit's 32-bit struct is the same as ugetrlimit's except for the clipping done there.

/** Handlers by ppc32 syscall number. */
export const SYSCALLS: (SyscallDef | undefined)[] = [];
for (const [nr, name] of Object.entries(SYSCALL_NAMES)) SYSCALLS[Number(nr)] = BY_NAME[name];

/** The names in BY_NAME that are not ppc32 syscalls (a typo would silently never be called). */
export const unknownHandlerNames = () => Object.keys(BY_NAME).filter((n) => !Object.values(SYSCALL_NAMES).includes(n));

const CR0_SO = 0x10000000;

function formatArg(p: LinuxProcess, kind: string, v: number): string {
  switch (kind) {
    case 'i':
    case 'f':
      return String(v | 0);
    case 'u':
      return String(v >>> 0);
    case 'o':
      return `0${(v >>> 0).toString(8)}`;
    case 's':
      try {
        return JSON.stringify(p.um.cstring(v, 256));
      } catch {
        return `0x${(v >>> 0).toString(16)}`;
      }
    default:
      return `0x${(v >>> 0).toString(16)}`;
  }
}

/**
 * A system call would sleep. With no deliverable signal the process blocks: the sc is left to
 * run again when the scheduler next runs it (returns the sc's own PC). A signal whose handler has
 * SA_RESTART is delivered with the sc as its return address (the call restarts after the
 * handler); an ignored one is dropped and we sleep on; otherwise the call fails with EINTR
 * (returns undefined) and the signal is delivered as after any call.
 */
function sleepOrInterrupt(p: LinuxProcess, s: CpuState, pc: number): number | undefined {
  if (p.signals.hasDeliverable()) {
    if (!p.signals.firstRestarts()) return undefined;
    s.pc = pc;
    const next = p.signals.deliverPending(s, pc);
    if (next !== pc || p.exited) return next;
  }
  s.pc = pc;
  p.blockedAt = p.kernel.generation;
  p.engine.stopped = true;
  return pc;
}

/**
 * Runs the Linux system call in r0 with arguments r3–r8 (what `sc` means in user mode, for any
 * LEV). Result convention (arch/powerpc/kernel/entry_32.S): success → r3 = value, CR0[SO] = 0;
 * failure → r3 = positive errno, CR0[SO] = 1; no other CR bit changes. Returns the next PC
 * (pc + 4, a signal handler, or rt_sigreturn's restored PC).
 */
export function linuxSyscall(p: LinuxProcess, s: CpuState, pc: number): number {
  const nr = s.gpr[0] >>> 0;
  const g = s.gpr;
  const args = [g[3] >>> 0, g[4] >>> 0, g[5] >>> 0, g[6] >>> 0, g[7] >>> 0, g[8] >>> 0];
  const def = SYSCALLS[nr];
  const name = SYSCALL_NAMES[nr] ?? `syscall_${nr}`;
  const traceArgs = p.trace && def ? [...def.args].map((k, i) => formatArg(p, k, args[i])).join(', ') : '';
  s.pc = (pc + 4) >>> 0;
  let result: number | typeof NO_RESULT;
  if (!def) result = -Errno.ENOSYS;
  else {
    try {
      result = def.fn(p, args);
    } catch (e) {
      if (e instanceof WouldBlock) {
        const next = sleepOrInterrupt(p, s, pc);
        if (next !== undefined) return next;
        result = -Errno.EINTR;
      } else result = -hostErrno(e);
    }
  }
  if (result !== NO_RESULT) {
    if (result < 0) {
      g[3] = -result;
      s.r[R.CR] |= CR0_SO;
    } else {
      g[3] = result;
      s.r[R.CR] &= ~CR0_SO;
    }
  }
  if (p.trace) {
    const shown = !def
      ? `${name}(0x${args[0].toString(16)}, 0x${args[1].toString(16)}, 0x${args[2].toString(16)}) = -1 ${errnoText(Errno.ENOSYS)}`
      : `${name}(${traceArgs}) = ${
          result === NO_RESULT
            ? '?'
            : result < 0
              ? `-1 ${errnoText(-result)}`
              : def.args.length > 0 && (name.startsWith('mmap') || name === 'brk' || name === 'mremap')
                ? `0x${(result >>> 0).toString(16)}`
                : String(result)
        }`;
    p.trace(p.pid === p.kernel.firstPid ? shown : `[pid ${p.pid}] ${shown}`); // strace -f style
  }
  if (p.exited) return s.pc;
  const next = p.signals.hasDeliverable() ? p.signals.deliverPending(s, s.pc) : s.pc;
  p.signals.restoreSavedMask(); // rt_sigsuspend's mask, if no handler frame took it
  return next;
}
