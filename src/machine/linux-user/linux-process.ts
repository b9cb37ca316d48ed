import { existsSync, writeSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { CpuModel } from '../../cpu/models.js';
import type { Engine } from '../../jit/engine.js';
import { CpuState } from '../../runtime/cpu-state.js';
import { FlatMemory, PAGE_SIZE } from '../../runtime/flat-memory.js';
import { AT_FDCWD, Errno, SyscallError, signalText } from './abi.js';
import { AddressSpace, STACK_SIZE } from './address-space.js';
import { FdTable } from './fd-table.js';
import { SignalState } from './signals.js';
import { UserMemory } from './user-memory.js';

/** Signals whose default action dumps core (signal(7): Core). */
const CORE_DUMP_SIGNALS = new Set([3, 4, 5, 6, 7, 8, 11, 24, 25, 31]);

/**
 * What a process asks of the kernel it runs under: the process table, the scheduler's wake-ups,
 * and the calls that create, replace and end processes. `Kernel` (kernel.ts) implements it; the
 * interface lives here so that the process, the syscalls and the kernel import one another only
 * downwards (kernel → process, syscalls → process).
 */
export interface ProcessKernel {
  /** Live and zombie processes by pid, in creation order. */
  readonly processes: Map<number, LinuxProcess>;
  readonly firstPid: number;
  /** Bumped by every event that may wake a blocked process. */
  readonly generation: number;
  /** The controlling terminal's foreground process group (TIOCSPGRP). */
  foregroundPgrp: number | undefined;
  /** Set while blocked processes are retried to break a deadlock. */
  readonly breakingDeadlock: boolean;
  register(p: LinuxProcess): number;
  live(): LinuxProcess[];
  othersAlive(p: LinuxProcess): boolean;
  wake(): void;
  /** A JIT engine running `p` on its current memory. */
  newEngine(p: LinuxProcess): Engine;
  /** What `sc` does in user mode: the system call in r0; returns the next PC. */
  syscall(p: LinuxProcess, s: CpuState, pc: number): number;
  /** Runs every process until all have exited; returns `init`'s shell-style status. */
  run(init: LinuxProcess): number;
  fork(parent: LinuxProcess, flags: number, newSp: number, ptid: number, tls: number, ctid: number): number;
  exec(p: LinuxProcess, path: string, argv: string[], envp: string[]): void;
  /** The end of a thread or process (its `exited` and status already set). */
  exit(p: LinuxProcess): void;
  /** exit_group: every thread of `p`'s process ends, the process with `code`. */
  exitGroup(p: LinuxProcess, code: number): void;
  /** Drops translated code on the page of `ea` in every engine running on `mem`. */
  invalidateCode(mem: FlatMemory, ea: number): void;
  futexWake(mem: FlatMemory, addr: number, count: number): number;
  futexRequeue(mem: FlatMemory, from: number, to: number, count: number): number;
  wait(p: LinuxProcess, pid: number, statusAddr: number, options: number, rusage: number): number;
}

export interface ProcessOptions {
  model: CpuModel;
  /** Absolute host path of the executable (readlink /proc/self/exe). */
  exePath: string;
  /** --trace-syscalls sink (one strace-style line per call). */
  trace?: (line: string) => void;
  /** --trace-sc sink (one line per sc: PC, LEV, r0/r3/r4, path, result). */
  traceSc?: (line: string) => void;
  /** Where fatal-signal messages go (stderr). */
  diagnostics?: (line: string) => void;
  /** qemu-ppc's -L / QEMU_LD_PREFIX: absolute guest paths are looked up under it first. */
  ldPrefix?: string;
  /** The process table this process joins. */
  kernel: ProcessKernel;
  /** Guest memory to start with (fork: the copy or the shared one; default: a fresh one). */
  mem?: FlatMemory;
}

/**
 * One guest Linux process: its memory, CPU, file descriptors and signal state, the JIT engine
 * running it, and the exit status once it ends. Processes form a tree in a shared kernel
 * (fork/vfork/clone, execve, wait4: see README.md "Processes").
 */
export class LinuxProcess {
  readonly s = new CpuState();
  /** Replaced by execve (a fresh image); shared with the parent after vfork/CLONE_VM. */
  mem: FlatMemory;
  um: UserMemory;
  as: AddressSpace;
  fds = new FdTable();
  readonly signals = new SignalState(this);
  readonly model: CpuModel;
  exePath: string;
  readonly ldPrefix: string | undefined;
  /** The auxiliary vector the loader gave the current image (/proc/self/auxv). */
  auxv: [number, number][] = [];
  engine: Engine;
  readonly trace: ((line: string) => void) | undefined;
  readonly traceSc: ((line: string) => void) | undefined;
  readonly diagnostics: (line: string) => void;
  readonly kernel: ProcessKernel;
  /** Thread id; `tgid` is the process's (the leader's tid), what getpid returns. */
  readonly pid: number;
  tgid: number;
  /** The futex word a FUTEX_WAIT of this thread sleeps on, and whether a FUTEX_WAKE chose it. */
  futexAddr: number | undefined;
  futexWoken = false;
  /** Process group and session (setpgid/setsid); only used to select wait4/kill targets. */
  pgid: number;
  sid: number;
  parent: LinuxProcess | undefined;
  readonly children = new Set<LinuxProcess>();
  /** Set while this process is a vfork parent waiting for its child to exec or exit. */
  vforkChild: LinuxProcess | undefined;
  /** The vfork parent to release when this process execs or exits. */
  vforkParent: LinuxProcess | undefined;
  /** Kernel generation at which a system call of ours would block (undefined: runnable). */
  blockedAt: number | undefined;
  /** CLONE_CHILD_CLEARTID / set_tid_address: zeroed at exit. */
  clearChildTid = 0;
  cwd = process.cwd();
  umaskValue = 0o022;
  stackSize = STACK_SIZE;
  exited = false;
  /** Shell-style status: exit code, or 128 + signal number. */
  exitStatus = 0;
  /** The signal that killed the process (0: it exited). */
  termSignal = 0;

  constructor(o: ProcessOptions) {
    this.mem = o.mem ?? new FlatMemory();
    this.um = new UserMemory(this.mem);
    this.as = new AddressSpace(this.mem);
    this.model = o.model;
    this.exePath = o.exePath;
    this.ldPrefix = o.ldPrefix;
    this.trace = o.trace;
    this.traceSc = o.traceSc;
    this.diagnostics = o.diagnostics ?? ((line) => writeSync(2, `${line}\n`));
    this.kernel = o.kernel;
    this.pid = this.kernel.register(this);
    this.tgid = this.pid;
    this.pgid = this.pid;
    this.sid = this.pid;
    this.engine = this.kernel.newEngine(this);
  }

  /** Parent pid as getppid reports it (the host's parent for the first process; 1 once orphaned). */
  get ppid(): number {
    return this.parent ? (this.parent.exited ? 1 : this.parent.pid) : process.ppid; // orphans: reparented to init
  }

  /** The wait4 status word (Linux: exit code << 8, or the signal number; no core-dump bit as under qemu-ppc). */
  get waitStatus(): number {
    return this.termSignal ? this.termSignal : (this.exitStatus & 0xff) << 8;
  }

  /** The system call `sc` performs in user mode (for the sc stub table too). */
  syscall(s: CpuState, pc: number): number {
    return this.kernel.syscall(this, s, pc);
  }

  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.exitStatus = code;
    this.engine.stopped = true;
    this.kernel.exit(this);
  }

  /**
   * Default action of a fatal signal: status 128 + signo, and for the signals that dump core a
   * one-line message (qemu-ppc prints "uncaught target signal" only for those too; SIGPIPE from
   * `| head` stays quiet).
   */
  terminateBySignal(signo: number): void {
    if (this.exited) return;
    if (CORE_DUMP_SIGNALS.has(signo)) {
      this.diagnostics(`ppcjit: guest terminated by signal ${signo} (${signalText(signo)})`);
    }
    this.termSignal = signo;
    this.kernel.exitGroup(this, 128 + signo); // a fatal signal ends every thread
  }

  /** Drops translated code on pages whose mapping changed (munmap, mprotect, mmap over code). */
  codeChanged(start: number, length: number): void {
    for (let a = start; a < start + length; a += PAGE_SIZE) {
      if (this.mem.codePages[a >>> 12]) this.kernel.invalidateCode(this.mem, a);
    }
  }

  /**
   * The host file an absolute guest path names: under the -L prefix when it exists there, else
   * the host's own (qemu-ppc's util/path.c; `/` itself stays the host's root).
   */
  hostPath(path: string): string {
    if (this.ldPrefix === undefined || path === '/' || !path.startsWith('/')) return path;
    const prefixed = this.ldPrefix + path;
    return existsSync(prefixed) ? prefixed : path;
  }

  /** A guest path relative to `dirfd` (AT_FDCWD: our cwd) as a host path. */
  resolvePath(dirfd: number, path: string): string {
    // An empty pathname names nothing (path_init: ENOENT unless AT_EMPTY_PATH, handled by callers).
    if (path === '') throw new SyscallError(Errno.ENOENT);
    if (isAbsolute(path)) return this.hostPath(path);
    const base = dirfd === AT_FDCWD ? this.cwd : (this.fds.get(dirfd).path ?? this.cwd);
    return resolve(base, path);
  }

  /**
   * Runs the guest and every process it creates until all have exited; returns this process's
   * shell-style status.
   */
  run(): number {
    return this.kernel.run(this);
  }
}
