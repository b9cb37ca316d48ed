import { CLONE, Errno, SyscallError, WouldBlock } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { NO_RESULT, type SyscallDef, sig } from './types.js';

const SIGCHLD = 17;

/** A NULL-terminated array of string pointers (argv/envp of execve). */
function stringArray(p: LinuxProcess, addr: number): string[] {
  const out: string[] = [];
  if (addr === 0) return out;
  for (let at = addr; ; at += 4) {
    const ptr = p.um.u32(at);
    if (ptr === 0) return out;
    if (out.length >= 0x7fff) throw new SyscallError(7 /* E2BIG */);
    out.push(p.um.cstring(ptr));
  }
}

/** Processes a kill(2) pid selects: pid > 0 one, 0 our group, -1 all but the caller (kill_something_info), < -1 group -pid. */
function killTargets(p: LinuxProcess, pid: number): LinuxProcess[] {
  const all = p.kernel.live();
  if (pid > 0) return all.filter((q) => q.pid === pid);
  const leaders = all.filter((q) => q.tgid === q.pid); // a signal to a process goes to its leader
  if (pid === 0) return leaders.filter((q) => q.pgid === p.pgid);
  if (pid === -1) return leaders.filter((q) => q.tgid !== p.tgid);
  return leaders.filter((q) => q.pgid === -pid);
}

export function kill(p: LinuxProcess, pid: number, signal: number): number {
  if (signal < 0 || signal > 64) throw new SyscallError(Errno.EINVAL);
  const targets = killTargets(p, pid);
  if (targets.length === 0) throw new SyscallError(Errno.ESRCH);
  if (signal === 0) return 0;
  for (const q of targets) {
    if (q === p) p.signals.raiseSignal(signal);
    else q.signals.queue({ signo: signal, code: 0 /* SI_USER */, addrOrPid: p.pid, uid: process.getuid?.() ?? 0 });
  }
  return 0;
}

/** tkill/tgkill: one thread, by tid (and tgid). */
function threadKill(p: LinuxProcess, tgid: number | undefined, tid: number, signal: number): number {
  if (tid <= 0 || (tgid !== undefined && tgid <= 0) || signal < 0 || signal > 64) throw new SyscallError(Errno.EINVAL);
  const q = p.kernel.processes.get(tid);
  if (!q || q.exited || (tgid !== undefined && q.tgid !== tgid)) throw new SyscallError(Errno.ESRCH);
  if (signal === 0) return 0;
  if (q === p) p.signals.raiseSignal(signal);
  else q.signals.queue({ signo: signal, code: -6 /* SI_TKILL */, addrOrPid: p.tgid, uid: process.getuid?.() ?? 0 });
  return 0;
}

function findProcess(p: LinuxProcess, pid: number): LinuxProcess {
  if (pid === 0) return p;
  const q = p.kernel.processes.get(pid);
  if (!q) throw new SyscallError(Errno.ESRCH);
  return q;
}

export const lifecycleSyscalls: Record<string, SyscallDef> = {
  fork: sig((p) => p.kernel.fork(p, SIGCHLD, 0, 0, 0, 0)),
  vfork: sig((p) => p.kernel.fork(p, CLONE.VFORK | CLONE.VM | SIGCHLD, 0, 0, 0, 0)),
  // ppc32 is CLONE_BACKWARDS: flags, newsp, parent_tidptr, tls, child_tidptr.
  clone: sig((p, a) => p.kernel.fork(p, a[0], a[1], a[2], a[3], a[4]), 'xxxxx'),
  execve: sig((p, a) => {
    const path = p.um.cstring(a[0]);
    p.kernel.exec(p, path, stringArray(p, a[1]), stringArray(p, a[2]));
    return NO_RESULT;
  }, 'sxx'),
  wait4: sig((p, a) => p.kernel.wait(p, a[0] | 0, a[1], a[2], a[3]), 'ixxx'),
  waitpid: sig((p, a) => p.kernel.wait(p, a[0] | 0, a[1], a[2], 0), 'ixx'),
  pause: sig((p) => {
    if (p.signals.hasDeliverable()) throw new SyscallError(Errno.EINTR);
    throw new WouldBlock();
  }),
  rt_sigsuspend: sig((p, a) => {
    if (a[1] !== 8) throw new SyscallError(Errno.EINVAL);
    const set = (BigInt(p.um.u32(a[0] + 4)) << 32n) | BigInt(p.um.u32(a[0]));
    const old = p.signals.mask;
    p.signals.setMask(2, set);
    if (p.signals.hasDeliverable()) {
      p.signals.savedMask = old; // the handler's frame restores it
      throw new SyscallError(Errno.EINTR);
    }
    p.signals.mask = old;
    throw new WouldBlock();
  }, 'xu'),
  setpgid: sig((p, a) => {
    const q = findProcess(p, a[0] | 0);
    if (q !== p && q.parent !== p) throw new SyscallError(Errno.ESRCH);
    if ((a[1] | 0) < 0) throw new SyscallError(Errno.EINVAL);
    q.pgid = a[1] === 0 ? q.pid : a[1];
    return 0;
  }, 'ii'),
  getpgid: sig((p, a) => findProcess(p, a[0] | 0).pgid, 'i'),
  getpgrp: sig((p) => p.pgid),
  setsid: sig((p) => {
    if (p.kernel.live().some((q) => q.pgid === p.pid && q !== p)) throw new SyscallError(Errno.EPERM);
    p.sid = p.pid;
    p.pgid = p.pid;
    return p.pid;
  }),
  getsid: sig((p, a) => findProcess(p, a[0] | 0).sid, 'i'),
  kill: sig((p, a) => kill(p, a[0] | 0, a[1]), 'ii'),
  tkill: sig((p, a) => threadKill(p, undefined, a[0] | 0, a[1]), 'ii'),
  tgkill: sig((p, a) => threadKill(p, a[0] | 0, a[1] | 0, a[2]), 'iii'),
};
