import type { LinuxProcess } from '../linux-process.js';

/**
 * A system call handler: arguments are r3…r8 as unsigned 32-bit numbers. Returns the result
 * (≥ 0), or throws SyscallError / a Node fs error for a failure, or returns NO_RESULT when it
 * set the registers itself (rt_sigreturn) or the process is gone (exit).
 */
export type SyscallHandler = (p: LinuxProcess, a: readonly number[]) => number | typeof NO_RESULT;
export const NO_RESULT = Symbol('no result');

/**
 * How --trace-syscalls prints each argument: i = signed int, u = unsigned, x = hex,
 * s = C string, f = fd (signed int).
 */
export interface SyscallDef {
  fn: SyscallHandler;
  args: string;
}

export const sig = (fn: SyscallHandler, args = ''): SyscallDef => ({ fn, args });

/** Two registers of a 64-bit argument (ppc32 passes them high word first). */
export const i64of = (hi: number, lo: number) => (hi | 0) * 2 ** 32 + lo;
