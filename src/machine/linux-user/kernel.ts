import { realpathSync, writeSync } from 'node:fs';
import { facilitiesOf } from '../../cpu/facilities.js';
import { UserError } from '../../errors.js';
import { Engine } from '../../jit/engine.js';
import { CpuState, R } from '../../runtime/cpu-state.js';
import { type FlatMemory, PAGE_SIZE } from '../../runtime/flat-memory.js';
import { CLONE, Errno, Sig, SyscallError, WouldBlock } from './abi.js';
import { AddressSpace, type MemoryBudget } from './address-space.js';
import { resolveExec } from './exec-image.js';
import { LinuxProcess, type ProcessKernel, type ProcessOptions } from './linux-process.js';
import { loadProgram } from './loader.js';
import { acquireMemory, forEachDataPage, pageIsZero, releaseMemory } from './memory-pool.js';
import { SA_NOCLDWAIT, SIG_IGN } from './signals.js';
import { linuxSyscall } from './syscalls/index.js';
import { UserMemory } from './user-memory.js';
import { createUserRuntime } from './user-runtime.js';

/**
 * Blocks the guest run by one engine call before the scheduler looks for another process: big
 * enough that a busy process costs little switching, small enough that a producer/consumer pair
 * (`yes | head`) alternates long before a pipe could hold much.
 */
const SLICE_BLOCKS = 1 << 16;

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
      dst.bytes.set(src.bytes.subarray(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), page * PAGE_SIZE);
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

/** A vfork child has exec'd or exited: its parent runs again, owning its memory alone. */
function releaseVforkParent(child: LinuxProcess): void {
  const parent = child.vforkParent;
  if (!parent) return;
  child.vforkParent = undefined;
  parent.vforkChild = undefined;
  parent.kernel.wake();
}

const WNOHANG = 1;

/** The first process of a new kernel (what `ppcjit run` starts; its pid is the host's, as under qemu-ppc). */
export function createInitProcess(o: Omit<ProcessOptions, 'kernel'>, limits: KernelLimits = {}): LinuxProcess {
  const diagnostics = o.diagnostics ?? ((line: string) => writeSync(2, `${line}\n`));
  const kernel = new Kernel(process.pid, diagnostics);
  kernel.maxProcesses = limits.processes ?? kernel.maxProcesses;
  kernel.budget.limitBytes = limits.memoryBytes ?? kernel.budget.limitBytes;
  return new LinuxProcess({ ...o, diagnostics, kernel });
}

/** What the guest processes of one run may take of the host (`ppcjit run --max-processes/--max-memory`). */
export interface KernelLimits {
  /** Live processes (threads included, as RLIMIT_NPROC counts them); fork then fails with EAGAIN. */
  processes?: number;
  /** Bytes of mmap regions and heaps of all live processes: ENOMEM beyond (address-space.ts MemoryBudget). */
  memoryBytes?: number;
}

/** Default --max-processes: far above what shells and make use, far below what exhausts the host. */
export const DEFAULT_MAX_PROCESSES = 256;

/**
 * The process table and the cooperative scheduler of user mode. The emulator is one JS thread, so
 * processes take turns: the scheduler runs one engine slice of a runnable process, and a process
 * also gives up the CPU when it blocks (a system call that would sleep: read of an empty pipe,
 * wait4 with live children, sigsuspend…), forks (the child runs first), execs or exits.
 *
 * A blocked process left its `sc` unexecuted (PC on the sc, registers as they were), so running
 * it again simply retries the call — Linux's syscall restart, done from user space. It is retried
 * only after `generation` moved on (something that could wake it happened: pipe I/O or close, an
 * exit, a signal). When every live process is blocked and nothing changed, the group is
 * deadlocked: pipe reads are then let fail with EAGAIN (the single-process behaviour this emulator
 * always had); if that frees nobody, the youngest sleeper is killed (SIGKILL, a note on stderr),
 * and so on, where Linux would hang.
 */
export class Kernel implements ProcessKernel {
  /** Live and zombie processes by pid, in creation order (the round-robin order). */
  readonly processes = new Map<number, LinuxProcess>();
  /** Bumped by every event that may wake a blocked process. */
  generation = 0;
  /** The controlling terminal's foreground process group (TIOCSPGRP; undefined: the first process's). */
  foregroundPgrp: number | undefined;
  /** Set while blocked processes are retried to break a deadlock. */
  breakingDeadlock = false;
  private nextPid: number;
  /** A process to run next regardless of round-robin order (a fresh child). */
  private preferred: LinuxProcess | undefined;
  maxProcesses = DEFAULT_MAX_PROCESSES;
  /** The memory budget every address space of this kernel draws from (no limit by default). */
  readonly budget: MemoryBudget = {
    limitBytes: Number.POSITIVE_INFINITY,
    inUse: () => {
      const spaces = new Set<AddressSpace>();
      for (const q of this.processes.values()) if (!q.exited) spaces.add(q.as);
      let n = 0;
      for (const as of spaces) n += as.mappedBytes();
      return n;
    },
  };

  constructor(
    /** Pid of the first process (the host's own pid, as qemu-ppc's guest sees). */
    readonly firstPid: number,
    private readonly diagnostics: (line: string) => void,
  ) {
    this.nextPid = firstPid + 1;
  }

  register(p: LinuxProcess): number {
    const pid = this.processes.size === 0 && !this.processes.has(this.firstPid) ? this.firstPid : this.nextPid++;
    this.processes.set(pid, p);
    p.as.budget = this.budget;
    return pid;
  }

  /** Forgets a reaped zombie. */
  remove(p: LinuxProcess): void {
    this.processes.delete(p.pid);
  }

  /** Processes that have not exited. */
  live(): LinuxProcess[] {
    return [...this.processes.values()].filter((p) => !p.exited);
  }

  /** Are there other live processes that could unblock `p` (write its pipe, exit…)? */
  othersAlive(p: LinuxProcess): boolean {
    for (const q of this.processes.values()) if (q !== p && !q.exited) return true;
    return false;
  }

  wake(): void {
    this.generation++;
  }

  /** Runs `child` before anyone else (fork: the parent stops after its clone returns). */
  runNext(child: LinuxProcess): void {
    this.preferred = child;
  }

  /**
   * An engine for `p`'s current memory (the kernel enables FP and AltiVec on demand, so only a
   * missing unit traps). Processes sharing a memory (threads, vfork) each have an engine: a store
   * to translated code drops the blocks of every one of them.
   */
  newEngine(p: LinuxProcess): Engine {
    const engine = new Engine(p.s, p.mem, createUserRuntime(p));
    engine.compileOptions = { facilities: facilitiesOf(p.model, false), memory: 'flat' };
    const mem = p.mem;
    mem.onCodeWrite = (ea) => this.invalidateCode(mem, ea);
    return engine;
  }

  /** Drops the translations of the page holding `ea` in every engine running on `mem`. */
  invalidateCode(mem: FlatMemory, ea: number): void {
    for (const q of this.processes.values()) if (q.mem === mem && !q.exited) q.engine?.invalidate(ea);
  }

  /** FUTEX_WAKE: wakes up to `count` threads waiting on `addr` in `mem`; how many. */
  futexWake(mem: FlatMemory, addr: number, count: number): number {
    let woken = 0;
    for (const q of this.processes.values()) {
      if (woken >= count) break;
      if (q.mem === mem && !q.exited && q.futexAddr === addr && !q.futexWoken) {
        q.futexWoken = true;
        woken++;
      }
    }
    if (woken > 0) this.wake();
    return woken;
  }

  /** FUTEX_REQUEUE: waiters on `from` beyond the woken ones move to `to` (up to `count`); how many. */
  futexRequeue(mem: FlatMemory, from: number, to: number, count: number): number {
    let moved = 0;
    for (const q of this.processes.values()) {
      if (moved >= count) break;
      if (q.mem === mem && !q.exited && q.futexAddr === from && !q.futexWoken) {
        q.futexAddr = to;
        moved++;
      }
    }
    return moved;
  }

  syscall(p: LinuxProcess, s: CpuState, pc: number): number {
    return linuxSyscall(p, s, pc);
  }

  /**
   * fork / vfork / clone: a new process with a copy of the parent's memory (shared with it under
   * CLONE_VM), CPU state, fd table (sharing the open file descriptions), signal dispositions and
   * mask. The child returns 0 from the call at the same PC; it runs first, and a CLONE_VFORK
   * parent does not run again until the child execs or exits. CLONE_THREAD makes a thread of the
   * caller's process instead: same tgid, the fd table itself shared, no SIGCHLD or zombie when it
   * ends. CLONE_FS/SIGHAND sharing is not modelled: the child gets copies.
   */
  fork(parent: LinuxProcess, flags: number, newSp: number, ptid: number, tls: number, ctid: number): number {
    // A fork bomb meets RLIMIT_NPROC's EAGAIN; a copy that would pass the memory budget, ENOMEM.
    if (this.live().length >= this.maxProcesses) throw new SyscallError(Errno.EAGAIN);
    if (!(flags & CLONE.VM) && !parent.as.mayGrow(parent.as.mappedBytes())) throw new SyscallError(Errno.ENOMEM);
    const thread = (flags & CLONE.THREAD) !== 0;
    // copy_process: CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM.
    if (thread && (flags & (CLONE.SIGHAND | CLONE.VM)) !== (CLONE.SIGHAND | CLONE.VM)) {
      throw new SyscallError(Errno.EINVAL);
    }
    const shared = (flags & CLONE.VM) !== 0;
    const child = new LinuxProcess({
      mem: shared ? parent.mem : copyMemory(parent.mem, parent.as),
      model: parent.model,
      exePath: parent.exePath,
      ldPrefix: parent.ldPrefix,
      trace: parent.trace,
      traceSc: parent.traceSc,
      diagnostics: parent.diagnostics,
      kernel: this,
    });
    if (shared) {
      child.um = parent.um;
      child.as = parent.as;
    } else child.as.copyFrom(parent.as);
    copyCpu(child.s, parent.s);
    child.s.gpr[3] = 0;
    child.s.r[R.CR] &= ~CR0_SO;
    if (newSp !== 0) child.s.gpr[1] = newSp;
    if (flags & CLONE.SETTLS) child.s.gpr[2] = tls;
    child.fds = thread && flags & CLONE.FILES ? parent.fds : parent.fds.clone();
    child.signals.copyFrom(parent.signals);
    child.cwd = parent.cwd;
    child.umaskValue = parent.umaskValue;
    child.stackSize = parent.stackSize;
    child.pgid = parent.pgid;
    child.sid = parent.sid;
    if (thread) {
      child.tgid = parent.tgid;
      child.parent = parent.parent; // getppid: the process's parent; no wait4 or SIGCHLD for a thread
    } else {
      child.parent = parent;
      parent.children.add(child);
    }
    if (flags & CLONE.CHILD_SETTID) child.um.setU32(ctid, child.pid);
    if (flags & CLONE.PARENT_SETTID) parent.um.setU32(ptid, child.pid);
    if (flags & CLONE.CHILD_CLEARTID) child.clearChildTid = ctid;
    if (flags & CLONE.VFORK) {
      parent.vforkChild = child;
      child.vforkParent = parent;
    }
    // The parent stops after this call returns; the child runs first.
    parent.engine.stopped = true;
    this.runNext(child);
    this.wake();
    return child.pid;
  }

  /** Live threads of `p`'s process other than `p`. */
  private otherThreads(p: LinuxProcess): LinuxProcess[] {
    return this.live().filter((q) => q !== p && q.tgid === p.tgid);
  }

  /** CLONE_CHILD_CLEARTID / set_tid_address: zero the word and wake one futex waiter (pthread_join). */
  private clearTid(p: LinuxProcess): void {
    if (p.clearChildTid === 0) return;
    try {
      p.um.setU32(p.clearChildTid, 0);
      this.futexWake(p.mem, p.clearChildTid, 1);
    } catch {
      // an unmapped clear_child_tid is ignored, as by the kernel
    }
  }

  /**
   * exit_group (and a fatal signal): every thread of the process ends, then the process with
   * `code` — its leader's status, whichever thread asked.
   */
  exitGroup(p: LinuxProcess, code: number): void {
    const leader = this.processes.get(p.tgid) ?? p;
    for (const q of this.otherThreads(leader)) {
      if (q === p) continue;
      q.exited = true;
      q.exitStatus = code;
      q.engine.stopped = true;
      this.exit(q);
    }
    if (leader.exited) {
      if (!p.exited) p.exit(code);
      return;
    }
    if (p !== leader) {
      p.exited = true;
      p.engine.stopped = true;
      this.exit(p);
    }
    leader.termSignal = p.termSignal;
    leader.exit(code);
  }

  /**
   * The end of a thread or process. A thread that is not its process's leader only goes away
   * (clear_child_tid woken, no SIGCHLD, nothing to reap); a process closes its fds, releases a
   * vfork parent, and tells its parent (SIGCHLD) or is auto-reaped.
   */
  exit(p: LinuxProcess): void {
    this.clearTid(p);
    if (p.tgid !== p.pid) {
      this.remove(p);
      this.wake();
      return;
    }
    p.fds.closeAll();
    releaseVforkParent(p);
    dropMemory(p);
    // Orphans go to init (outside the emulator): their zombies are reaped at once.
    for (const c of p.children) if (c.exited) this.remove(c);
    const parent = p.parent;
    if (!parent || parent.exited) {
      if (parent) this.remove(p);
    } else {
      const act = parent.signals.actions[Sig.SIGCHLD];
      if (act.handler === SIG_IGN || act.flags & SA_NOCLDWAIT) {
        parent.children.delete(p); // POSIX.1-2001: no zombie, wait4 gets ECHILD
        this.remove(p);
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
    this.wake();
  }

  /** wait4/waitpid: reaps a matching zombie child (status word, zeroed rusage), or sleeps. */
  wait(p: LinuxProcess, pid: number, statusAddr: number, options: number, rusage: number): number {
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
    this.remove(zombie);
    return zombie.pid;
  }

  /**
   * execve: replaces the process image (fresh memory, registers, engine), closes close-on-exec
   * fds, resets handled signals to SIG_DFL, releases a vfork parent. The pid, parent, children,
   * cwd, umask, signal mask and pending signals stay.
   */
  exec(p: LinuxProcess, path: string, argv: string[], envp: string[]): void {
    const image = resolveExec(p, path, argv);
    // Point of no return: the old image is gone from here on, and with it the other threads (de_thread).
    for (const q of this.otherThreads(p)) {
      q.exited = true;
      q.engine.stopped = true;
      this.exit(q);
    }
    p.engine.stopped = true;
    releaseVforkParent(p);
    dropMemory(p);
    p.mem = acquireMemory();
    p.um = new UserMemory(p.mem);
    p.as = new AddressSpace(p.mem);
    p.as.budget = this.budget;
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
    p.engine = this.newEngine(p);
    this.wake();
  }

  private runnable(p: LinuxProcess): boolean {
    if (p.exited || p.vforkChild) return false;
    return p.blockedAt === undefined || p.blockedAt !== this.generation;
  }

  /** Runs every process until all have exited; returns `init`'s shell-style status. */
  run(init: LinuxProcess): number {
    let cursor = 0;
    for (;;) {
      let p: LinuxProcess | undefined;
      if (this.preferred && this.runnable(this.preferred)) p = this.preferred;
      this.preferred = undefined;
      if (!p) {
        const order = [...this.processes.values()];
        for (let i = 0; i < order.length && !p; i++) {
          const q = order[(cursor + i) % order.length];
          if (this.runnable(q)) {
            p = q;
            cursor = (cursor + i + 1) % order.length;
          }
        }
      }
      if (!p) {
        const blocked = this.live();
        if (blocked.length === 0) return init.exitStatus;
        this.breakDeadlock(blocked);
        continue;
      }
      const wasBlocked = p.blockedAt !== undefined;
      p.blockedAt = undefined;
      // A signal sent by another process arrives at this block boundary (a blocked process
      // instead meets it when its system call is retried: EINTR or restart).
      if (!wasBlocked && p.signals.hasDeliverable()) {
        p.s.pc = p.signals.deliverPending(p.s, p.s.pc);
        if (p.exited) continue;
      }
      p.engine.run(SLICE_BLOCKS);
    }
  }

  /**
   * Every live process is blocked: retry each once with `breakingDeadlock` set (pipe reads then
   * fail with EAGAIN); if none of them moved, the youngest is killed (SIGKILL) and scheduling
   * resumes.
   */
  private breakDeadlock(blocked: LinuxProcess[]): void {
    const before = this.generation;
    this.breakingDeadlock = true;
    try {
      for (const p of blocked) {
        if (p.exited || p.vforkChild) continue;
        p.blockedAt = undefined;
        p.engine.run(SLICE_BLOCKS);
      }
    } finally {
      this.breakingDeadlock = false;
    }
    // A vfork parent is not blocked in a system call (blockedAt stays unset) but cannot move either.
    const moved = blocked.some((p) => p.blockedAt === undefined && !p.exited && !p.vforkChild);
    if (this.generation !== before || moved) return;
    // Kill the youngest sleeper only: its parent, typically waiting for it, may then go on.
    const victim = blocked.filter((p) => !p.exited && !p.vforkChild).pop();
    if (!victim) return;
    this.diagnostics(`ppcjit: pid ${victim.pid} blocked forever (every guest process is waiting) — killed`);
    victim.terminateBySignal(9);
  }
}
