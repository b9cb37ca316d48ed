import type { LinuxProcess } from './process.js';

/**
 * Blocks the guest run by one engine call before the scheduler looks for another process: big
 * enough that a busy process costs little switching, small enough that a producer/consumer pair
 * (`yes | head`) alternates long before a pipe could hold much.
 */
const SLICE_BLOCKS = 1 << 16;

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
export class Kernel {
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
    if (this.generation !== before || blocked.some((p) => p.blockedAt === undefined && !p.exited)) return;
    // Kill the youngest sleeper only: its parent, typically waiting for it, may then go on.
    const victim = blocked.filter((p) => !p.exited && !p.vforkChild).pop();
    if (!victim) return;
    this.diagnostics(`ppcjit: pid ${victim.pid} blocked forever (every guest process is waiting) — killed`);
    victim.terminateBySignal(9);
  }
}
