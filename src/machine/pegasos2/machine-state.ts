/**
 * A Pegasos2's state as named components (component.ts): what a snapshot stores besides RAM
 * and the options the machine was built with. The translation cache is deliberately not part of
 * it: a restored machine starts with an empty cache and translates blocks again.
 */

import type { CpuState } from '../../runtime/cpu-state.js';
import { captureCpuState, restoreCpuState } from '../../runtime/cpu-state-snapshot.js';
import type { Vof } from '../../vof/client-interface.js';
import type { Component } from '../component.js';
import type { Uart16550 } from '../devices/uart16550.js';
import type { InstructionClock } from '../system/instruction-clock.js';
import type { SystemMemory } from '../system/system-memory.js';
import type { TimeBase } from '../system/time-base.js';
import type { IsaIo } from './isa-io.js';
import type { Mv64361 } from './mv64361.js';
import type { PciConfigSpace } from './pci-config.js';

/** The parts of a Pegasos2 that hold state. */
export interface Pegasos2Parts {
  s: CpuState;
  clock: InstructionClock | undefined;
  timeBase: TimeBase;
  isa: IsaIo;
  uart: Uart16550;
  pci: PciConfigSpace;
  mv64361: Mv64361;
  vof: Vof;
  memory: SystemMemory;
  idleTicks: number;
  startTicks: number;
  startDateMs: number;
}

/** The board's own counters: idle time, the RTC's origin, unassigned accesses. */
interface BoardState {
  idleTicks: number;
  startTicks: number;
  startDateMs: number;
  unassignedAccesses: number;
}

/**
 * The machine's components in restore order: the clock before the time base (whose offset is
 * computed against the ticks the clock gives).
 */
export function pegasos2Components(m: Pegasos2Parts): Map<string, Component> {
  const components = new Map<string, Component>();
  const add = <S>(name: string, c: Component<S>) => components.set(name, c as Component);
  add('cpu', { saveState: () => captureCpuState(m.s), loadState: (s: Uint8Array) => restoreCpuState(m.s, s) });
  if (m.clock) add('clock', m.clock);
  add('timeBase', m.timeBase);
  add('pic', m.isa.pic);
  add('uart', m.uart);
  add('isa', {
    saveState: () => [...m.isa.unclaimed],
    loadState: (s: Array<[number, number]>) => {
      m.isa.unclaimed.clear();
      for (const [port, count] of s) m.isa.unclaimed.set(port, count);
    },
  });
  add('pci', m.pci);
  add('mv64361', m.mv64361);
  add('vof', m.vof);
  add<BoardState>('board', {
    saveState: () => ({
      idleTicks: m.idleTicks,
      startTicks: m.startTicks,
      startDateMs: m.startDateMs,
      unassignedAccesses: m.memory.unassignedAccesses,
    }),
    loadState: (s) => {
      m.idleTicks = s.idleTicks;
      m.startTicks = s.startTicks;
      m.startDateMs = s.startDateMs;
      m.memory.unassignedAccesses = s.unassignedAccesses;
    },
  });
  return components;
}
