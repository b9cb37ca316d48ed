/**
 * One guest of `ppcjit boot --restore FILE --instances N`: restored from the snapshot bytes,
 * sharing translations with the other guests run by the same worker, run to its end.
 */
import { ExitCode } from '../../errors.js';
import type { SharedBlocks } from '../../jit/shared-blocks.js';
import type { StopReason } from '../system-machine.js';
import { type OpenedSnapshot, restoreDecoded } from './snapshot.js';

export interface GuestRunOptions {
  /** The snapshot, decoded once for all the guests that start from it. */
  snapshot: OpenedSnapshot;
  name: string;
  shared: SharedBlocks;
  /** Bytes for the UART receiver once the guest is restored (--append-input). */
  input?: Uint8Array;
  timeoutMs: number;
  compileThreshold?: number;
  /** RAM of the previous guest from this snapshot, to reuse (see SystemMemory.recycle). */
  ram?: ArrayBuffer;
}

export interface GuestRunResult {
  /** What the guest printed after the snapshot (its console tail first). */
  output: Uint8Array;
  stop: StopReason['kind'];
  exitCode: number;
  /** Restore plus run, wall clock. */
  wallMs: number;
  restoreMs: number;
  instructions: number;
  /** Blocks this guest needed, and how many of them another guest had translated already. */
  blocks: number;
  blocksShared: number;
  blocksCompiled: number;
  translateMs: number;
  /** This guest's RAM, recycled for the next guest of the same snapshot. */
  ram: ArrayBuffer;
}

/** Exit status of a guest stop, as `ppcjit boot` reports it. */
export function guestExitCode(stop: StopReason['kind']): number {
  switch (stop) {
    case 'exit':
    case 'power-off':
      return ExitCode.Ok;
    case 'timeout':
      return ExitCode.Timeout;
    default:
      return ExitCode.GuestFault;
  }
}

export function runRestoredGuest(o: GuestRunOptions): GuestRunResult {
  const t0 = performance.now();
  const chunks: Uint8Array[] = [];
  const { machine, consoleTail } = restoreDecoded(o.snapshot, o.name, {
    output: (b) => chunks.push(b.slice()),
    ram: o.ram,
  });
  chunks.unshift(consoleTail); // printed before the snapshot was taken, after its marker
  const { engine } = machine;
  engine.shared = o.shared;
  if (o.compileThreshold !== undefined) engine.compileThreshold = o.compileThreshold;
  // Pages written from now on differ from the snapshot: their code is this guest's own.
  machine.memory.trackWrites();
  if (o.input) machine.consoleInput(o.input);
  const restoreMs = performance.now() - t0;
  const stop = machine.run(o.timeoutMs).kind;
  return {
    output: concatBytes(chunks),
    stop,
    exitCode: guestExitCode(stop),
    wallMs: performance.now() - t0,
    restoreMs,
    instructions: engine.instructions,
    blocks: engine.cache.compiled,
    blocksShared: engine.blocksShared,
    blocksCompiled: engine.blocksCompiled,
    translateMs: engine.translateMs,
    ram: machine.memory.recycle(),
  };
}

function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
