/**
 * Exception codes generated code raises (`ctx.raise` in an emitter); each machine's runtime
 * decides how to deliver them (an OEA/BookE interrupt, a Linux signal).
 */
export const Exc = {
  /** Invalid or unimplemented instruction word (program interrupt, SIGILL). */
  Illegal: 1,
  /** Privileged instruction in problem state (program interrupt, SIGILL). */
  Privileged: 2,
  /** Trap instruction whose condition held (program interrupt, SIGTRAP). */
  Trap: 3,
  /** FP instruction with MSR[FP]=0. */
  FpUnavailable: 4,
  /** AltiVec instruction with MSR[VEC]=0 or on a CPU without AltiVec. */
  VecUnavailable: 5,
  /** FP enabled exception (program interrupt, SIGFPE). */
  FpEnabled: 6,
} as const;
