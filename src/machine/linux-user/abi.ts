import { constants as fsConstants } from 'node:fs';
import { constants as osConstants } from 'node:os';

/**
 * Linux/ppc32 user ABI constants the syscall layer needs. Errno values are the generic ones
 * (asm-generic/errno*.h; powerpc differs only in EDEADLOCK = 58), which are also the x86-64
 * host's, so a host error code name maps straight to the guest number.
 */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EEXIST: 17,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  EMFILE: 24,
  ENOTTY: 25,
  ESPIPE: 29,
  ERANGE: 34,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  ELIBBAD: 80,
} as const;

const ERRNO_TEXT: Record<number, string> = {
  1: 'Operation not permitted',
  2: 'No such file or directory',
  3: 'No such process',
  4: 'Interrupted system call',
  8: 'Exec format error',
  10: 'No child processes',
  9: 'Bad file descriptor',
  11: 'Resource temporarily unavailable',
  12: 'Cannot allocate memory',
  13: 'Permission denied',
  14: 'Bad address',
  17: 'File exists',
  20: 'Not a directory',
  21: 'Is a directory',
  22: 'Invalid argument',
  25: 'Inappropriate ioctl for device',
  29: 'Illegal seek',
  38: 'Function not implemented',
};

const ERRNO_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(osConstants.errno).map(([name, n]) => [n, name]),
);

/** `ENOENT (No such file or directory)` for --trace-syscalls. */
export function errnoText(errno: number): string {
  const name = ERRNO_NAME[errno] ?? `E${errno}`;
  return ERRNO_TEXT[errno] ? `${name} (${ERRNO_TEXT[errno]})` : name;
}

/** A syscall failure: handlers throw it, the dispatcher returns -errno. */
export class SyscallError extends Error {
  constructor(readonly errno: number) {
    super(`errno ${errno}`);
  }
}

/** The guest errno for an exception from Node's fs API (EIO when it has no known code). */
export function hostErrno(e: unknown): number {
  if (e instanceof SyscallError) return e.errno;
  const code = (e as NodeJS.ErrnoException)?.code;
  const n = code ? (osConstants.errno as Record<string, number>)[code] : undefined;
  if (n === undefined) {
    if (e instanceof Error && !(e as NodeJS.ErrnoException).code) throw e; // a bug, not an I/O error
    return Errno.EIO;
  }
  return n;
}

/** Open flags (asm/fcntl.h for powerpc: the directory/nofollow/largefile/direct bits differ from x86). */
const GUEST_O = {
  ACCMODE: 3,
  CREAT: 0o100,
  EXCL: 0o200,
  NOCTTY: 0o400,
  TRUNC: 0o1000,
  APPEND: 0o2000,
  NONBLOCK: 0o4000,
  DSYNC: 0o10000,
  DIRECTORY: 0o40000,
  NOFOLLOW: 0o100000,
  LARGEFILE: 0o200000,
  DIRECT: 0o400000,
  NOATIME: 0o1000000,
  CLOEXEC: 0o2000000,
  SYNC: 0o4010000,
} as const;
export const O = GUEST_O;

/** Guest open flags → host flags for fs.openSync (O_CLOEXEC is kept in the guest fd table). */
export function hostOpenFlags(guest: number): number {
  const c = fsConstants;
  let host = guest & GUEST_O.ACCMODE;
  const pairs: [number, number | undefined][] = [
    [GUEST_O.CREAT, c.O_CREAT],
    [GUEST_O.EXCL, c.O_EXCL],
    [GUEST_O.NOCTTY, c.O_NOCTTY],
    [GUEST_O.TRUNC, c.O_TRUNC],
    [GUEST_O.APPEND, c.O_APPEND],
    [GUEST_O.NONBLOCK, c.O_NONBLOCK],
    [GUEST_O.DIRECTORY, c.O_DIRECTORY],
    [GUEST_O.NOFOLLOW, c.O_NOFOLLOW],
  ];
  for (const [g, h] of pairs) if (guest & g && h !== undefined) host |= h;
  if ((guest & GUEST_O.SYNC) === GUEST_O.SYNC) host |= c.O_SYNC;
  else if (guest & GUEST_O.DSYNC) host |= c.O_DSYNC;
  return host;
}

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_EMPTY_PATH = 0x1000;

/** Signal numbers (asm/signal.h for powerpc = the generic numbering). */
export const Sig = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGURG: 23,
  SIGWINCH: 28,
} as const;

/** strsignal() texts glibc (and so qemu's message) uses. */
const SIGNAL_TEXT: Record<number, string> = {
  1: 'Hangup',
  2: 'Interrupt',
  3: 'Quit',
  4: 'Illegal instruction',
  5: 'Trace/breakpoint trap',
  6: 'Aborted',
  7: 'Bus error',
  8: 'Floating point exception',
  9: 'Killed',
  10: 'User defined signal 1',
  11: 'Segmentation fault',
  12: 'User defined signal 2',
  13: 'Broken pipe',
  14: 'Alarm clock',
  15: 'Terminated',
};
export function signalText(sig: number): string {
  return SIGNAL_TEXT[sig] ?? `Unknown signal ${sig}`;
}

/** Signals whose default action is to ignore them (signal(7)). */
export const DEFAULT_IGNORED = new Set<number>([Sig.SIGCHLD, Sig.SIGCONT, Sig.SIGURG, Sig.SIGWINCH]);

/** siginfo si_code values for synchronous faults (asm-generic/siginfo.h). */
export const SiCode = {
  SI_USER: 0,
  SI_TKILL: -6,
  ILL_ILLOPC: 1,
  ILL_PRVOPC: 5,
  FPE_FLTINV: 7,
  SEGV_MAPERR: 1,
  SEGV_ACCERR: 2,
  BUS_ADRALN: 1,
  TRAP_BRKPT: 1,
} as const;

/** Thrown by a system call that must sleep: the dispatcher leaves the sc to be retried later. */
export class WouldBlock extends Error {
  constructor() {
    super('would block');
  }
}

/** clone flags (linux/sched.h). */
export const CLONE = {
  VM: 0x100,
  FS: 0x200,
  FILES: 0x400,
  SIGHAND: 0x800,
  VFORK: 0x4000,
  THREAD: 0x10000,
  SETTLS: 0x80000,
  PARENT_SETTID: 0x100000,
  CHILD_CLEARTID: 0x200000,
  CHILD_SETTID: 0x1000000,
} as const;
