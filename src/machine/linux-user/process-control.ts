import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { CpuState, R } from '../../runtime/cpu-state.js';
import { type FlatMemory, PAGE_SHIFT } from '../../runtime/flat-memory.js';
import { PT_INTERP, parseElf } from '../elf.js';
import { AT_FDCWD, Errno, Sig, SyscallError, WouldBlock } from './abi.js';
import { AddressSpace } from './address-space.js';
import { loadProgram } from './loader.js';
import { acquireMemory, forEachDataPage, pageIsZero, releaseMemory } from './memory-pool.js';
import { LinuxProcess } from './process.js';
import { SA_NOCLDWAIT, SIG_IGN } from './signals.js';
import { UserMemory } from './user-memory.js';

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

/** SIGCHLD si_code values (asm-generic/siginfo.h). */
const CLD_EXITED = 1;
const CLD_KILLED = 2;

const CR0_SO = 0x10000000;

/** Copies every page that may hold data (fork without copy-on-write; zero pages stay uncommitted). */
function copyMemory(src: FlatMemory, as: AddressSpace): FlatMemory {
  const dst = acquireMemory();
  dst.prot.set(src.prot);
  forEachDataPage(src, as, (page) => {
    if (!pageIsZero(src, page)) {
      dst.bytes.set(src.bytes.subarray(page << PAGE_SHIFT, (page + 1) << PAGE_SHIFT), page << PAGE_SHIFT);
    }
  });
  return dst;
}

/** Returns `p`'s memory to the pool unless another live process shares it (vfork). */
function dropMemory(p: LinuxProcess): void {
  for (const q of p.kernel.processes.values()) if (q !== p && !q.exited && q.mem === p.mem) return;
  releaseMemory(p.mem, p.as);
}

function copyCpu(dst: CpuState, src: CpuState): void {
  dst.gpr.set(src.gpr);
  dst.fpr.set(src.fpr);
  dst.vr.set(src.vr);
  dst.r.set(src.r);
  dst.spr.set(src.spr);
  dst.sr.set(src.sr);
}

/**
 * fork / vfork / clone without CLONE_THREAD: a new process with a copy of the parent's memory
 * (shared with it under CLONE_VM), CPU state, fd table (sharing the open file descriptions),
 * signal dispositions and mask. The child returns 0 from the call at the same PC; it runs first,
 * and a CLONE_VFORK parent does not run again until the child execs or exits.
 * CLONE_FILES/FS/SIGHAND sharing is not modelled: the child gets copies.
 */
export function forkProcess(
  parent: LinuxProcess,
  flags: number,
  newSp: number,
  ptid: number,
  tls: number,
  ctid: number,
) {
  if (flags & CLONE.THREAD) throw new SyscallError(Errno.ENOSYS); // threads: not supported
  const shared = (flags & CLONE.VM) !== 0;
  const child = new LinuxProcess({
    mem: shared ? parent.mem : copyMemory(parent.mem, parent.as),
    model: parent.model,
    exePath: parent.exePath,
    trace: parent.trace,
    traceSc: parent.traceSc,
    diagnostics: parent.diagnostics,
    kernel: parent.kernel,
  });
  if (shared) {
    child.um = parent.um;
    child.as = parent.as;
  } else child.as.copyFrom(parent.as);
  if (shared) parent.mem.onCodeWrite = (ea) => parent.engine.invalidate(ea); // both engines share it
  copyCpu(child.s, parent.s);
  child.s.gpr[3] = 0;
  child.s.r[R.CR] &= ~CR0_SO;
  if (newSp !== 0) child.s.gpr[1] = newSp;
  if (flags & CLONE.SETTLS) child.s.gpr[2] = tls;
  child.fds = parent.fds.clone();
  child.signals.copyFrom(parent.signals);
  child.cwd = parent.cwd;
  child.umaskValue = parent.umaskValue;
  child.stackSize = parent.stackSize;
  child.pgid = parent.pgid;
  child.sid = parent.sid;
  child.parent = parent;
  parent.children.add(child);
  if (flags & CLONE.CHILD_SETTID) child.um.setU32(ctid, child.pid);
  if (flags & CLONE.PARENT_SETTID) parent.um.setU32(ptid, child.pid);
  if (flags & CLONE.CHILD_CLEARTID) child.clearChildTid = ctid;
  if (flags & CLONE.VFORK) {
    parent.vforkChild = child;
    child.vforkParent = parent;
  }
  // The parent stops after this call returns; the child runs first.
  parent.engine.stopped = true;
  parent.kernel.runNext(child);
  parent.kernel.wake();
  return child.pid;
}

/** A vfork child has exec'd or exited: its parent runs again, owning its memory alone. */
function releaseVforkParent(child: LinuxProcess): void {
  const parent = child.vforkParent;
  if (!parent) return;
  child.vforkParent = undefined;
  parent.vforkChild = undefined;
  parent.mem.onCodeWrite = (ea) => parent.engine.invalidate(ea);
  parent.kernel.wake();
}

/** The end of a process: fds closed, vfork parent released, parent told (SIGCHLD) or auto-reaped. */
export function exitProcess(p: LinuxProcess): void {
  p.fds.closeAll();
  if (p.clearChildTid !== 0) {
    try {
      p.um.setU32(p.clearChildTid, 0);
    } catch {
      // an unmapped clear_child_tid is ignored, as by the kernel
    }
  }
  releaseVforkParent(p);
  dropMemory(p);
  // Orphans go to init (outside the emulator): their zombies are reaped at once.
  for (const c of p.children) if (c.exited) p.kernel.remove(c);
  const parent = p.parent;
  if (!parent || parent.exited) {
    if (parent) p.kernel.remove(p);
  } else {
    const act = parent.signals.actions[Sig.SIGCHLD];
    if (act.handler === SIG_IGN || act.flags & SA_NOCLDWAIT) {
      parent.children.delete(p); // POSIX.1-2001: no zombie, wait4 gets ECHILD
      p.kernel.remove(p);
    } else {
      parent.signals.queue({
        signo: Sig.SIGCHLD,
        code: p.termSignal ? CLD_KILLED : CLD_EXITED,
        addrOrPid: p.pid,
        uid: process.getuid?.() ?? 0,
        status: p.termSignal || p.exitStatus,
      });
    }
  }
  p.kernel.wake();
}

const WNOHANG = 1;

/** wait4/waitpid: reaps a matching zombie child (status word, zeroed rusage), or sleeps. */
export function waitChild(p: LinuxProcess, pid: number, statusAddr: number, options: number, rusage: number): number {
  const matches = (c: LinuxProcess) =>
    pid === -1 || (pid > 0 ? c.pid === pid : pid === 0 ? c.pgid === p.pgid : c.pgid === -pid);
  const candidates = [...p.children].filter(matches);
  if (candidates.length === 0) throw new SyscallError(Errno.ECHILD);
  const zombie = candidates.find((c) => c.exited);
  if (!zombie) {
    if (options & WNOHANG) return 0;
    throw new WouldBlock();
  }
  if (statusAddr !== 0) p.um.setU32(statusAddr, zombie.waitStatus);
  if (rusage !== 0) p.um.write(rusage, new Uint8Array(72));
  p.children.delete(zombie);
  p.kernel.remove(zombie);
  return zombie.pid;
}

const MAX_INTERPRETER_DEPTH = 4; // binfmt_script's BINPRM_MAX_RECURSION
const EM_PPC = 20;

interface ExecImage {
  bytes: Uint8Array;
  hostPath: string;
  argv: string[];
}

/**
 * What execve would load: a static big-endian PowerPC ELF, or a `#!` script run by its
 * interpreter (binfmt_script). Errors are the kernel's: ENOENT, EACCES (directory, no x bit),
 * ENOEXEC (not an ELF for this machine), ELOOP (interpreters nested too deep); a dynamic ELF
 * fails with ENOENT when its interpreter is not on the host (as the kernel's open of it would)
 * and ENOEXEC otherwise (no ld.so emulation here).
 */
function resolveExec(p: LinuxProcess, path: string, argv: string[], depth = 0): ExecImage {
  // /proc/self/exe is our own executable (busybox re-executes itself through it; qemu-ppc too).
  const hostPath = path === '/proc/self/exe' ? p.exePath : p.resolvePath(AT_FDCWD, path);
  if (statSync(hostPath).isDirectory()) throw new SyscallError(Errno.EACCES);
  accessSync(hostPath, constants.X_OK);
  const bytes = readFileSync(hostPath);
  if (bytes[0] === 0x23 && bytes[1] === 0x21) {
    if (depth >= MAX_INTERPRETER_DEPTH) throw new SyscallError(Errno.ELOOP);
    const line = bytes.subarray(2, 256).toString('latin1').split('\n')[0].trim();
    const [interp, ...rest] = line.split(/[ \t]+/);
    if (!interp) throw new SyscallError(Errno.ENOEXEC);
    const optional = rest.join(' ');
    return resolveExec(p, interp, [interp, ...(optional ? [optional] : []), path, ...argv.slice(1)], depth + 1);
  }
  const isElf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (!isElf || bytes[4] !== 1 || bytes[5] !== 2 || ((bytes[18] << 8) | bytes[19]) !== EM_PPC) {
    throw new SyscallError(Errno.ENOEXEC);
  }
  let elf: ReturnType<typeof parseElf>;
  try {
    elf = parseElf(bytes, path);
  } catch {
    throw new SyscallError(Errno.ENOEXEC);
  }
  const interp = elf.programHeaders.find((ph) => ph.type === PT_INTERP);
  if (interp) {
    const name = bytes
      .subarray(interp.offset, interp.offset + interp.filesz)
      .toString('latin1')
      .replace(/\0.*$/s, '');
    throw new SyscallError(existsSync(name) ? Errno.ENOEXEC : Errno.ENOENT);
  }
  return { bytes, hostPath, argv };
}

/**
 * execve: replaces the process image (fresh memory, registers, engine), closes close-on-exec
 * fds, resets handled signals to SIG_DFL, releases a vfork parent. The pid, parent, children,
 * cwd, umask, signal mask and pending signals stay.
 */
export function execProcess(p: LinuxProcess, path: string, argv: string[], envp: string[]): void {
  const image = resolveExec(p, path, argv);
  // Point of no return: the old image is gone from here on.
  p.engine.stopped = true;
  releaseVforkParent(p);
  dropMemory(p);
  p.mem = acquireMemory();
  p.um = new UserMemory(p.mem);
  p.as = new AddressSpace(p.mem);
  copyCpu(p.s, new CpuState());
  p.exePath = realpathSync(image.hostPath);
  p.fds.closeOnExec();
  p.signals.resetForExec();
  p.clearChildTid = 0;
  try {
    loadProgram(p, image.bytes, image.argv, envp);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    p.diagnostics(`ppcjit: execve ${path}: ${e.message}`);
    p.terminateBySignal(Sig.SIGSEGV); // what the kernel does when the new image cannot be set up
    return;
  }
  p.engine = p.newEngine();
  p.kernel.wake();
}
