/**
 * Snapshot a running Pegasos2 to file bytes and rebuild one from them (format.ts has the file
 * layout, ../pegasos2/machine-state.ts the machine's state).
 */
import type { Pegasos2 } from '../pegasos2/machine.js';
import { capturePegasos2, type RestoreOptions, restorePegasos2 } from '../pegasos2/machine-state.js';
import { decodeSnapshot, encodeSnapshot, SnapshotError, type SnapshotHeader } from './format.js';

export interface SnapshotWritten {
  bytes: Uint8Array;
  pages: number;
  ms: number;
}

/** The snapshot file's bytes for `machine` now (between runs). */
export function takeSnapshot(machine: Pegasos2, consoleTail: Uint8Array = new Uint8Array(0)): SnapshotWritten {
  const t0 = performance.now();
  const { state, ram } = capturePegasos2(machine);
  const bytes = encodeSnapshot({ state, ram, consoleTail });
  return { bytes, pages: ram.pages.length, ms: performance.now() - t0 };
}

export interface Restored {
  machine: Pegasos2;
  header: SnapshotHeader;
  consoleTail: Uint8Array;
}

/**
 * A machine rebuilt from snapshot file bytes. Every check (format, version, checksum, state
 * shape) happens before the machine runs anything; failures are SnapshotErrors (exit 2).
 */
export function restoreSnapshot(bytes: Uint8Array, name: string, options: RestoreOptions): Restored {
  return restoreDecoded(decodeSnapshot(bytes, name), name, options);
}

/**
 * A machine from an already decoded snapshot (decode once, restore many: the decoded state is
 * only read).
 */
export function restoreDecoded(
  decoded: ReturnType<typeof decodeSnapshot>,
  name: string,
  options: RestoreOptions,
): Restored {
  const { header, state, ram, consoleTail } = decoded;
  if (header.cpuModel !== state.config.cpu) {
    throw new SnapshotError(`cannot restore '${name}': CPU model differs between header and state`);
  }
  try {
    return { machine: restorePegasos2(state, ram, options), header, consoleTail };
  } catch (e) {
    throw new SnapshotError(`cannot restore '${name}': ${(e as Error).message}`);
  }
}
