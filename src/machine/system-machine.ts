/**
 * The boundary between a system machine (a board: CPU, memory map, devices, firmware) and what
 * drives it — the CLI, snapshots, the library entry, a debugger. Code outside a machine's folder
 * speaks only these types; machines are found by name in registry.ts.
 */
import type { CpuModel } from '../cpu/models.js';
import type { Engine } from '../jit/engine.js';
import type { CpuState } from '../runtime/cpu-state.js';
import type { Elf32 } from './elf.js';
import type { SystemMemory } from './system/system-memory.js';

export type StopReason =
  | { kind: 'exit' }
  | { kind: 'power-off' }
  /** Timed out, or stopped from the host (`stop()`): running again continues the guest. */
  | { kind: 'timeout' }
  /** An interrupt vectored into the empty ROM (MSR[IP]=1 as VOF leaves it). */
  | { kind: 'empty-rom'; vector: number; srr0: number; srr1: number };

/** What a user asks for (the `ppcjit boot` flags); each machine checks what it accepts. */
export interface MachineOptions {
  /** CPU model name (QEMU's -cpu); default the machine's. */
  cpu?: string;
  memoryMb?: number;
  kernel?: Elf32;
  initrd?: Uint8Array;
  bootargs?: string;
  /** How VOF's client-interface entry calls out: vhyp, osi or epapr. */
  vofEntry?: string;
  /** Intercept MOL OSI calls / ePAPR hypercalls. */
  osi?: boolean;
  epapr?: boolean;
  /** Guest time from retired instructions rather than the host clock (reproducible runs). */
  deterministic?: boolean;
  /** The RTC's date at power-on, ms since the epoch. */
  startDateMs?: number;
}

/** Where a machine's console goes, and the host services it uses. */
export interface MachineIo {
  /** Console bytes (serial port and firmware console). */
  output: (bytes: Uint8Array) => void;
  /** One line per `sc` (--trace-sc). */
  traceSc?: (line: string) => void;
  /** Wall-clock source for the time base (tests pass a fake). */
  nowMs?: () => number;
  /** A RAM buffer to reuse (SystemMemory.recycle). */
  ram?: ArrayBuffer;
}

export interface RamPages {
  /** Indices of the 4 KiB pages with any non-zero byte, ascending. */
  pages: Uint32Array;
  /** Their contents, back to back. */
  data: Uint8Array;
}

/** A whole machine as data: what a snapshot stores. */
export interface SavedMachine {
  /** Registry name. */
  machine: string;
  cpu: string;
  ramSize: number;
  /** The machine's own options to rebuild it with (JSON). */
  config: unknown;
  /** Every component's state by name (component.ts). */
  components: Record<string, unknown>;
  ram: RamPages;
}

/** Counters a run reports; a deterministic run reproduces them exactly. */
export interface MachineStats {
  instructions: number;
  /** Guest time (time base) in seconds. */
  guestSeconds: number;
  blocksCompiled: number;
  /** Instructions run through the template tier. */
  templateInstructions: number;
}

export interface SystemMachine {
  /** Registry name. */
  readonly name: string;
  readonly model: CpuModel;
  readonly deterministic: boolean;
  /** Registers (CpuState: GPRs, FPRs, VRs, SPRs, pc) — what a debugger reads and writes. */
  readonly cpu: CpuState;
  /** Physical memory (RAM and device regions) — what a debugger reads and writes. */
  readonly memory: SystemMemory;
  readonly engine: Engine;
  readonly stopReason: StopReason | undefined;
  /** Runs until the guest stops (exit, power-off, fault) or `timeoutMs` of wall time passes. */
  run(timeoutMs: number): StopReason;
  /** Runs one translated block (at most) and returns a stop reason if the guest stopped. */
  step(): StopReason | undefined;
  /** Stops the run in progress at the next block boundary (a host-side pause, kind 'timeout'). */
  stop(reason?: StopReason): void;
  /** Queues bytes for the console's receiver. */
  consoleInput(bytes: Uint8Array): void;
  /**
   * Host input the console's receiver pulls as the guest reads it (back-pressure: at most a FIFO
   * ahead); after `consoleInput` bytes. Call again with the same source when it has new bytes.
   */
  consoleInputSource(source: (() => number | undefined) | undefined): void;
  /**
   * Counters so far. Counting instructions walks every translated block: for per-event
   * questions (console output, hang detection) use `guestSeconds`.
   */
  stats(): MachineStats;
  /** Guest time (time base) in seconds; cheap. */
  guestSeconds(): number;
  /** The machine now, as data (call between runs). */
  save(): SavedMachine;
}

/** A machine kind: adding a machine is a folder with one of these and a line in registry.ts. */
export interface MachineDefinition {
  name: string;
  /** One line for `ppcjit boot --help`. */
  description: string;
  defaultCpu: string;
  defaultMemoryMb: number;
  /** Throws a UserError naming the first option the machine does not accept. */
  validate(options: MachineOptions): void;
  create(options: MachineOptions, io: MachineIo): SystemMachine;
  /** A machine in a saved state (checked: throws on a state of another shape). */
  restore(saved: SavedMachine, io: MachineIo): SystemMachine;
}
