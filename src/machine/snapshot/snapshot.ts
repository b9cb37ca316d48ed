/**
 * Snapshot a running system machine to file bytes and rebuild one from them (format.ts has the
 * file layout; each machine saves and restores itself through the SystemMachine interface).
 */
import { findMachine } from '../registry.js';
import type { MachineIo, SystemMachine } from '../system-machine.js';
import type { SnapshotCodec } from './codec.js';
import { decodeSnapshot, encodeSnapshot, SnapshotError, type SnapshotHeader } from './format.js';

export interface SnapshotWritten {
  bytes: Uint8Array;
  pages: number;
  ms: number;
}

/** The snapshot file's bytes for `machine` now (between runs). */
export function takeSnapshot(
  machine: SystemMachine,
  codec: SnapshotCodec,
  consoleTail: Uint8Array = new Uint8Array(0),
): SnapshotWritten {
  const t0 = performance.now();
  const saved = machine.save();
  const bytes = encodeSnapshot({ machine: saved, consoleTail }, codec);
  return { bytes, pages: saved.ram.pages.length, ms: performance.now() - t0 };
}

export interface Restored {
  machine: SystemMachine;
  header: SnapshotHeader;
  consoleTail: Uint8Array;
}

/**
 * A machine rebuilt from snapshot file bytes. Every check (format, version, checksum, state
 * shape) happens before the machine runs anything; failures are SnapshotErrors (exit 2).
 */
export function restoreSnapshot(bytes: Uint8Array, name: string, codec: SnapshotCodec, io: MachineIo): Restored {
  return restoreDecoded(openSnapshot(bytes, name, codec), name, io);
}

export type OpenedSnapshot = ReturnType<typeof decodeSnapshot>;

/** Decodes and checks a snapshot file, its machine included, without building anything. */
export function openSnapshot(bytes: Uint8Array, name: string, codec: SnapshotCodec): OpenedSnapshot {
  const decoded = decodeSnapshot(bytes, name, codec);
  definitionOf(decoded.machine.machine, name);
  return decoded;
}

function definitionOf(machine: string, name: string) {
  try {
    return findMachine(machine);
  } catch (e) {
    throw new SnapshotError(`cannot restore '${name}': ${(e as Error).message}`);
  }
}

/**
 * A machine from an already decoded snapshot (decode once, restore many: the decoded state is
 * only read).
 */
export function restoreDecoded(decoded: OpenedSnapshot, name: string, io: MachineIo): Restored {
  const { header, machine: saved, consoleTail } = decoded;
  const definition = definitionOf(saved.machine, name);
  try {
    return { machine: definition.restore(saved, io), header, consoleTail };
  } catch (e) {
    throw new SnapshotError(`cannot restore '${name}': ${(e as Error).message}`);
  }
}
