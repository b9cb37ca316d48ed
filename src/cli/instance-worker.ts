// Worker thread of `ppcjit boot --restore FILE --instances N` / `--jobs-file J`: runs its share
// of the guests one after another with one translation cache (SharedBlocks), writes each guest's
// console log, and posts each result (with the log, for a jobs file) to the main thread.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SharedBlocks } from '../jit/shared-blocks.js';
import { type GuestRunResult, runRestoredGuest } from '../machine/snapshot/guest-run.js';
import { nodeSnapshotCodec } from '../machine/snapshot/node-codec.js';
import { openSnapshot } from '../machine/snapshot/snapshot.js';

/** One guest: its number (guest-K.log), console input and wall-clock limit. */
export interface GuestTask {
  guest: number;
  input?: Uint8Array;
  timeoutMs: number;
}

export interface InstanceWorkerData {
  snapshot: Uint8Array;
  name: string;
  guests: GuestTask[];
  outputDir?: string;
  compileThreshold?: number;
  /** Post each guest's console log back (a jobs file checks and reports it). */
  returnOutput?: boolean;
}

export type InstanceMessage =
  | { guest: number; result: Omit<GuestRunResult, 'output' | 'ram'>; output?: Uint8Array }
  | { error: string };

const data = workerData as InstanceWorkerData;
const shared = new SharedBlocks();
try {
  const snapshot = openSnapshot(data.snapshot, data.name, nodeSnapshotCodec);
  let ram: ArrayBuffer | undefined;
  for (const task of data.guests) {
    const {
      output,
      ram: used,
      ...result
    } = runRestoredGuest({
      snapshot,
      name: data.name,
      shared,
      ram,
      input: task.input,
      timeoutMs: task.timeoutMs,
      compileThreshold: data.compileThreshold,
    });
    ram = used;
    if (data.outputDir) writeFileSync(join(data.outputDir, `guest-${task.guest}.log`), output);
    const message: InstanceMessage = { guest: task.guest, result, output: data.returnOutput ? output : undefined };
    parentPort!.postMessage(message, data.returnOutput ? [output.buffer as ArrayBuffer] : []);
  }
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message } satisfies InstanceMessage);
}
