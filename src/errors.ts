/** Exit codes ppcjit documents in the README. */
export const ExitCode = {
  Ok: 0,
  /** Bad input: unknown flag, missing or invalid file, unknown CPU, bad hex word. */
  Usage: 2,
  /** A system guest stopped on an unrecoverable fault (e.g. an interrupt into the empty ROM). */
  GuestFault: 1,
  /** A Linux kernel crash on the guest console (Oops / Kernel panic / BUG:), after its report. */
  KernelCrash: 3,
  /** Internal error in ppcjit itself (a bug: please report it). */
  Internal: 70,
  /** The guest was still running after --timeout, or printed nothing for --hang-timeout. */
  Timeout: 124,
} as const;

/** An error the user caused and can fix; printed as one line, never as a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Usage,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
