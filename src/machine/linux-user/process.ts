import { writeSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { Engine } from '../../jit/engine.js';
import { CpuState } from '../../runtime/cpu-state.js';
import { FlatMemory, PAGE_SIZE } from '../../runtime/flat-memory.js';
import type { CpuModel } from '../cpu-models.js';
import { AT_FDCWD, signalText } from './abi.js';
import { AddressSpace, STACK_SIZE } from './address-space.js';
import { FdTable } from './fd-table.js';
import { SignalState } from './signals.js';
import { linuxSyscall } from './syscalls/index.js';
import { UserMemory } from './user-memory.js';
import { createUserRuntime } from './user-runtime.js';

/** Signals whose default action dumps core (signal(7): Core). */
const CORE_DUMP_SIGNALS = new Set([3, 4, 5, 6, 7, 8, 11, 24, 25, 31]);

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
}

/**
 * One guest Linux process: its memory, CPU, file descriptors and signal state, the JIT engine
 * running it, and the exit status once it ends.
 */
export class LinuxProcess {
  readonly s = new CpuState();
  readonly mem = new FlatMemory();
  readonly um = new UserMemory(this.mem);
  readonly as = new AddressSpace(this.mem);
  readonly fds = new FdTable();
  readonly signals = new SignalState(this);
  readonly model: CpuModel;
  readonly exePath: string;
  readonly engine: Engine;
  readonly trace: ((line: string) => void) | undefined;
  readonly traceSc: ((line: string) => void) | undefined;
  private readonly diagnostics: (line: string) => void;
  cwd = process.cwd();
  umaskValue = 0o022;
  stackSize = STACK_SIZE;
  exited = false;
  /** Shell-style status: exit code, or 128 + signal number. */
  exitStatus = 0;

  constructor(o: ProcessOptions) {
    this.model = o.model;
    this.exePath = o.exePath;
    this.trace = o.trace;
    this.traceSc = o.traceSc;
    this.diagnostics = o.diagnostics ?? ((line) => writeSync(2, `${line}\n`));
    this.engine = new Engine(this.s, this.mem, createUserRuntime(this));
    // The kernel enables FP and AltiVec on demand, so only a missing unit traps (SIGILL).
    this.engine.compileOptions = { facilities: { fpu: o.model.fpu, altivec: o.model.altivec, checkMsr: false } };
  }

  /** The system call `sc` performs in user mode (for the sc stub table too). */
  syscall(s: CpuState, pc: number): number {
    return linuxSyscall(this, s, pc);
  }

  exit(code: number): void {
    this.exited = true;
    this.exitStatus = code;
    this.engine.stopped = true;
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
    this.exit(128 + signo);
  }

  /** Drops translated code on pages whose mapping changed (munmap, mprotect, mmap over code). */
  codeChanged(start: number, length: number): void {
    for (let a = start; a < start + length; a += PAGE_SIZE) {
      if (this.mem.codePages[a >>> 12]) this.engine.invalidate(a);
    }
  }

  /** A guest path relative to `dirfd` (AT_FDCWD: our cwd) as a host path. */
  resolvePath(dirfd: number, path: string): string {
    if (isAbsolute(path)) return path;
    const base = dirfd === AT_FDCWD ? this.cwd : (this.fds.get(dirfd).path ?? this.cwd);
    return resolve(base, path);
  }

  /** Runs until the guest exits or dies; returns the shell-style status. */
  run(): number {
    while (!this.exited) this.engine.run(1 << 20);
    return this.exitStatus;
  }
}
