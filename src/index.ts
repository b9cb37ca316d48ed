/**
 * ppcjit as a library: create a system machine, attach its console, run and stop it, save and
 * restore it, read its statistics. Everything reachable from here runs without Node built-ins
 * (a browser, a worker); host services a snapshot needs (compression, hashing) are passed in —
 * `ppcjit/node` has Node's.
 *
 * ```ts
 * import { createMachine } from 'ppcjit';
 * const m = createMachine('pegasos2', { kernel: parseElf(bytes, 'vmlinux'), bootargs: 'console=ttyS0' }, {
 *   output: (bytes) => terminal.write(bytes),
 * });
 * m.consoleInput(new TextEncoder().encode('\n'));
 * const reason = m.run(50); // wall-clock ms; { kind: 'timeout' } means "still running"
 * ```
 */
import { findMachine } from './machine/registry.js';
import type { MachineIo, MachineOptions, SystemMachine } from './machine/system-machine.js';

export { CPU_MODELS, type CpuModel, findCpuModel } from './cpu/models.js';
export { UserError } from './errors.js';
export type { Engine } from './jit/engine.js';
export { type BlockProfile, collectProfile, type FunctionProfile, type Profile, toCpuProfile } from './jit/profile.js';
export { type Elf32, parseElf } from './machine/elf.js';
export { findMachine, MACHINES } from './machine/registry.js';
export type { SnapshotCodec } from './machine/snapshot/codec.js';
export { SNAPSHOT_FORMAT_VERSION, SnapshotError } from './machine/snapshot/format.js';
export { restoreSnapshot, takeSnapshot } from './machine/snapshot/snapshot.js';
export { SymbolTable } from './machine/symbols.js';
export type {
  MachineDefinition,
  MachineIo,
  MachineOptions,
  MachineStats,
  SavedMachine,
  StopReason,
  SystemMachine,
} from './machine/system-machine.js';
export { PPCJIT_VERSION } from './version.js';

/** A new machine of the registered kind `name` (throws a UserError on options it rejects). */
export function createMachine(name: string, options: MachineOptions, io: MachineIo): SystemMachine {
  return findMachine(name).create(options, io);
}
