/**
 * A whole Pegasos2 as plain data and back: what a snapshot file stores (src/machine/snapshot/)
 * and what a restored machine is rebuilt from. The translation cache is deliberately not part
 * of it: a restored machine starts with an empty cache and translates blocks again.
 */

import { findCpuModel } from '../../cpu/models.js';
import { captureCpuState, restoreCpuState } from '../../runtime/cpu-state-snapshot.js';
import type { VofState } from '../../vof/client-interface.js';
import { FIRMWARE_SIZE, type VofEntryMode } from '../../vof/firmware.js';
import type { I8259State } from '../devices/i8259.js';
import type { UartState } from '../devices/uart16550.js';
import type { InstructionClockState } from '../system/instruction-clock.js';
import type { TimeBaseState } from '../system/time-base.js';
import { Pegasos2, type Pegasos2Options } from './machine.js';

/** The options a machine is rebuilt with (the kernel and initrd live on in RAM and the tree). */
export interface Pegasos2Config {
  cpu: string;
  ramMb: number;
  bootargs?: string;
  vofEntry: VofEntryMode;
  osi: boolean;
  epapr: boolean;
  /** Guest time from retired instructions (InstructionClock) rather than the host clock. */
  deterministic: boolean;
}

/** Everything but RAM (which is large and binary, and stored as sparse pages). */
export interface Pegasos2State {
  config: Pegasos2Config;
  cpu: Uint8Array;
  timeBase: TimeBaseState;
  /** Deterministic mode's clock, its open slice included (absent otherwise). */
  clock?: InstructionClockState;
  uart: UartState;
  pic: { master: I8259State; slave: I8259State };
  isaUnclaimed: Array<[number, number]>;
  pci: Record<number, Uint8Array>;
  mv64361: Uint8Array;
  vof: VofState;
  idleTicks: number;
  startTicks: number;
  startDateMs: number;
  unassignedAccesses: number;
}

export interface RamPages {
  /** Indices of the 4 KiB pages with any non-zero byte, ascending. */
  pages: Uint32Array;
  /** Their contents, back to back. */
  data: Uint8Array;
}

export function pegasos2Config(options: Pegasos2Options): Pegasos2Config {
  return {
    cpu: options.model.name,
    ramMb: options.ramMb,
    bootargs: options.bootargs,
    vofEntry: options.vofEntry,
    osi: options.osi ?? false,
    epapr: options.epapr ?? false,
    deterministic: options.deterministic ?? false,
  };
}

/** The machine's state now (call between runs, not from inside one). */
export function capturePegasos2(m: Pegasos2): { state: Pegasos2State; ram: RamPages } {
  const state: Pegasos2State = {
    config: pegasos2Config(m.options),
    cpu: captureCpuState(m.s),
    timeBase: m.timeBase.saveState(),
    clock: m.clock?.saveState(),
    uart: m.uart.saveState(),
    pic: m.isa.pic.saveState(),
    isaUnclaimed: [...m.isa.unclaimed],
    pci: m.pci.saveState(),
    mv64361: m.mv64361.saveState(),
    vof: m.vof.saveState(),
    idleTicks: m.idleTicks,
    startTicks: m.startTicks,
    startDateMs: m.startDateMs,
    unassignedAccesses: m.memory.unassignedAccesses,
  };
  return { state, ram: m.memory.captureRamPages() };
}

/** What a restore takes from the caller: where output goes, tracing and the clock. */
export type RestoreOptions = Pick<Pegasos2Options, 'output' | 'traceSc' | 'nowMs' | 'ram'>;

/**
 * A new machine in the captured state: built from the captured options (no kernel), then every
 * component overwritten. The stop reason starts cleared; guest time continues from the captured
 * tick count.
 */
export function restorePegasos2(state: Pegasos2State, ram: RamPages, options: RestoreOptions): Pegasos2 {
  const c = state.config;
  const m = new Pegasos2({
    model: findCpuModel(c.cpu),
    ramMb: c.ramMb,
    bootargs: c.bootargs,
    vofEntry: c.vofEntry,
    osi: c.osi,
    epapr: c.epapr,
    deterministic: c.deterministic,
    startDateMs: state.startDateMs,
    ...options,
  });
  // The constructor loaded VOF's firmware image at 0; RAM must hold only the snapshot's pages.
  m.memory.bytes.fill(0, 0, FIRMWARE_SIZE);
  m.memory.restoreRamPages(ram.pages, ram.data);
  m.memory.unassignedAccesses = state.unassignedAccesses;
  restoreCpuState(m.s, state.cpu);
  if (c.deterministic !== (state.clock !== undefined)) throw new Error('deterministic clock state missing or extra');
  // The clock first: the time base's offset is computed against the ticks it gives.
  if (state.clock) m.clock?.loadState(state.clock);
  m.timeBase.loadState(state.timeBase);
  m.isa.pic.loadState(state.pic);
  m.uart.loadState(state.uart);
  m.isa.unclaimed.clear();
  for (const [port, count] of state.isaUnclaimed) m.isa.unclaimed.set(port, count);
  m.pci.loadState(state.pci);
  m.mv64361.loadState(state.mv64361);
  m.vof.loadState(state.vof);
  m.idleTicks = state.idleTicks;
  m.startTicks = state.startTicks;
  m.startDateMs = state.startDateMs;
  m.stopReason = undefined;
  return m;
}
