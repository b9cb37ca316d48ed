import type { CpuState } from './cpu-state.js';

/**
 * Functions generated code calls (as `rt.name(...)`). One object per machine, built once,
 * so every call site sees one shape. Machines supply the policy parts (what an exception,
 * a fault or `sc` does); the arithmetic helpers are shared.
 */
export interface Runtime {
  /** Delivers exception `code` (see Exc) raised at `pc`; returns the next PC. */
  raise(s: CpuState, code: number, pc: number, detail: number): number;
  /** Delivers a GuestFault thrown by memory at `pc` (rethrows anything else); returns the next PC. */
  fault(s: CpuState, err: unknown, pc: number): number;
  /** The sc stub selected for this machine and CPU model; `pc` is the address of the sc. */
  sc(s: CpuState, lev: number, pc: number): number;
  /** Called after an instruction that changes MSR or translation (rfi, mtmsr, mtsr …). */
  contextChanged(s: CpuState): void;
  /** icbi: drop translations of the cache block at `ea`. */
  invalidateCode(ea: number): void;
  /** Reads an SPR the block does not keep in a local (mfspr); may raise via exception codes. */
  mfspr(s: CpuState, spr: number, pc: number): number;
  mtspr(s: CpuState, spr: number, value: number, pc: number): void;
  /** Time base (lower, upper) as the machine defines it. */
  timeBase(s: CpuState, upper: boolean): number;
  /**
   * Supervisor-state operations (the emitter raises Exc.Privileged in problem state before
   * calling them). Each returns the next PC where it ends the block.
   */
  rfi?(s: CpuState): number;
  mtmsr?(s: CpuState, value: number, nextPc: number): number;
  mtsr?(s: CpuState, sr: number, value: number): void;
  tlbie?(s: CpuState, ea: number): void;
  /** Floating point and vector helpers live in their own modules and are merged in here. */
  readonly [helper: string]: unknown;
}
