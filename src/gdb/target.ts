/**
 * What the gdb stub needs of a machine: a small interface, free of PowerPC and of Node, that a
 * linux-user process and a system machine both implement (src/cli/gdb-targets.ts).
 */

/** gdb's own signal numbers (gdb/include/gdb/signals.def), which the protocol carries. */
export const GdbSignal = {
  NONE: 0,
  INT: 2,
  TRAP: 5,
  KILL: 9,
  SEGV: 11,
} as const;

/** Z/z packet types. */
export enum BreakpointType {
  Software = 0,
  Hardware = 1,
  WriteWatch = 2,
  ReadWatch = 3,
  AccessWatch = 4,
}

/** Why the target stopped (what the stop reply says). */
export type StopEvent =
  | { kind: 'signal'; signal: number; watch?: { type: BreakpointType; address: number } }
  /** The guest ended on its own: exit status, or the gdb number of the signal that killed it. */
  | { kind: 'exited'; status: number }
  | { kind: 'terminated'; signal: number };

/** How gdb lets the target go on: continue or step one instruction, delivering `signal` (0: none). */
export interface ResumeAction {
  step: boolean;
  signal: number;
}

export interface DebugTarget {
  /** The thread id gdb sees (the guest pid in linux-user, 1 for a system machine's CPU). */
  readonly threadId: number;
  /**
   * Whether gdb should see the process as attached to (`qAttached` 1: quitting gdb detaches) or
   * as started for it (0: quitting kills it). QEMU answers 0 in user mode, 1 for a system.
   */
  readonly attached: boolean;
  /** The target description (`target.xml` and what it includes), by annex name. */
  targetXml(annex: string): string | undefined;
  /** Registers in gdb's numbering, as target-order bytes; undefined for a number it lacks. */
  readRegister(n: number): Uint8Array | undefined;
  writeRegister(n: number, bytes: Uint8Array): boolean;
  /** Sets the PC (`c ADDR`, `s ADDR`). */
  setPc(address: number): void;
  /** Every register of the `g` packet, in order. */
  readonly registerCount: number;
  /** Guest memory at a virtual address: the bytes readable from `address` on (may be short). */
  readMemory(address: number, length: number): Uint8Array;
  /** Whether every byte was written. */
  writeMemory(address: number, bytes: Uint8Array): boolean;
  /** Inserts or removes a breakpoint/watchpoint; false when it cannot (an error to gdb). */
  setBreakpoint(type: BreakpointType, address: number, length: number, insert: boolean): boolean;
  /** `monitor` commands: the text to print, or undefined for an unknown command. */
  monitor(command: string): string | undefined;
}
