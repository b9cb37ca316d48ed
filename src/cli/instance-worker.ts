// Worker thread of `ppcjit boot --restore FILE --instances N`: runs its share of the guests one
// after another with one translation cache (SharedBlocks), writes each guest's console log, and
// posts each result to the main thread.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { SharedBlocks } from '../jit/shared-blocks.js';
import { type GuestRunResult, runRestoredGuest } from '../machine/snapshot/guest-run.js';
import { nodeSnapshotCodec } from '../machine/snapshot/node-codec.js';
import { openSnapshot } from '../machine/snapshot/snapshot.js';

export interface InstanceWorkerData {
  snapshot: Uint8Array;
  name: string;
  guests: number[];
  input?: Uint8Array;
  timeoutMs: number;
  outputDir?: string;
  compileThreshold?: number;
}

export type InstanceMessage = { guest: number; result: Omit<GuestRunResult, 'output' | 'ram'> } | { error: string };

const data = workerData as InstanceWorkerData;
const shared = new SharedBlocks();
try {
  const snapshot = openSnapshot(data.snapshot, data.name, nodeSnapshotCodec);
  let ram: ArrayBuffer | undefined;
  for (const guest of data.guests) {
    const { output, ram: used, ...result } = runRestoredGuest({ ...data, snapshot, shared, ram });
    ram = used;
    if (data.outputDir) writeFileSync(join(data.outputDir, `guest-${guest}.log`), output);
    parentPort!.postMessage({ guest, result } satisfies InstanceMessage);
  }
} catch (e) {
  parentPort!.postMessage({ error: (e as Error).message } satisfies InstanceMessage);
}
