// `ppcjit boot --restore FILE --instances N [--jobs J] [--output-dir DIR]`: N guests from one
// snapshot, J worker threads at a time (default one per core). Each worker runs its guests one
// after another with one translation cache, so only the first guest of a worker translates the
// snapshot's code; every guest has its own RAM.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExitCode, UserError } from '../errors.js';
import type { GuestRunResult } from '../machine/snapshot/guest-run.js';
import { nodeSnapshotCodec } from '../machine/snapshot/node-codec.js';
import { openSnapshot } from '../machine/snapshot/snapshot.js';
import { readSnapshotFile } from './boot-snapshot.js';
import type { InstanceMessage, InstanceWorkerData } from './instance-worker.js';

export interface InstancesArgs {
  restore?: string;
  instances: number;
  jobs?: number;
  outputDir?: string;
  input?: Uint8Array;
  timeout: number;
  compileThreshold?: number;
}

export interface InstanceResult extends Omit<GuestRunResult, 'output' | 'ram'> {
  guest: number;
}

export interface InstancesSummary {
  snapshot: string;
  instances: number;
  jobs: number;
  wallMs: number;
  guestsPerMinute: number;
  guestsPerMinutePerJob: number;
  peakRssMb: number;
  guests: InstanceResult[];
}

/** Guests 1..n dealt round-robin to `jobs` workers. */
export function dealGuests(n: number, jobs: number): number[][] {
  const out: number[][] = Array.from({ length: jobs }, () => []);
  for (let g = 1; g <= n; g++) out[(g - 1) % jobs].push(g);
  return out.filter((list) => list.length > 0);
}

function runWorker(data: InstanceWorkerData, onResult: (r: InstanceResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./instance-worker.js', import.meta.url), { workerData: data });
    worker.on('message', (m: InstanceMessage) => {
      if ('error' in m) reject(new Error(m.error));
      else onResult({ guest: m.guest, ...m.result });
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  });
}

export async function runInstances(args: InstancesArgs): Promise<InstancesSummary> {
  if (args.restore === undefined)
    throw new UserError('--instances needs --restore FILE (guests start from a snapshot)');
  if (!Number.isInteger(args.instances) || args.instances < 1) {
    throw new UserError(`invalid --instances ${args.instances}: expected an integer ≥ 1`);
  }
  const jobs = Math.min(args.jobs ?? availableParallelism(), args.instances);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UserError(`invalid --jobs ${args.jobs}: expected an integer ≥ 1`);
  const file = readSnapshotFile(args.restore);
  openSnapshot(file, args.restore, nodeSnapshotCodec); // every check before any guest starts (exit 2 on a bad file)
  if (args.outputDir) mkdirSync(args.outputDir, { recursive: true });
  // One copy of the file for every worker.
  const snapshot = new Uint8Array(new SharedArrayBuffer(file.length));
  snapshot.set(file);

  const t0 = performance.now();
  const guests: InstanceResult[] = [];
  await Promise.all(
    dealGuests(args.instances, jobs).map((list) =>
      runWorker(
        {
          snapshot,
          name: args.restore!,
          guests: list,
          input: args.input,
          timeoutMs: args.timeout * 1000,
          outputDir: args.outputDir,
          compileThreshold: args.compileThreshold,
        },
        (r) => guests.push(r),
      ),
    ),
  );
  const wallMs = performance.now() - t0;
  guests.sort((a, b) => a.guest - b.guest);
  if (guests.length !== args.instances) throw new Error(`only ${guests.length} of ${args.instances} guests reported`);
  const perMinute = (args.instances * 60_000) / wallMs;
  const summary: InstancesSummary = {
    snapshot: args.restore,
    instances: args.instances,
    jobs,
    wallMs,
    guestsPerMinute: perMinute,
    guestsPerMinutePerJob: perMinute / jobs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    guests,
  };
  if (args.outputDir) writeFileSync(join(args.outputDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** The lines `ppcjit boot --instances` prints on stderr. */
export function formatInstances(s: InstancesSummary): string {
  const failed = s.guests.filter((g) => g.exitCode !== ExitCode.Ok);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const lines = [
    `ppcjit: ${s.instances} guests from ${s.snapshot} on ${s.jobs} worker(s) in ${(s.wallMs / 1000).toFixed(2)} s: ` +
      `${s.guestsPerMinute.toFixed(1)} guests/min (${s.guestsPerMinutePerJob.toFixed(1)} per worker), peak RSS ${s.peakRssMb.toFixed(0)} MB`,
    `ppcjit: per guest (median): ${median(s.guests.map((g) => g.wallMs)).toFixed(0)} ms wall, ` +
      `${median(s.guests.map((g) => g.instructions))} instructions, ` +
      `${median(s.guests.map((g) => g.blocksShared))} of ${median(s.guests.map((g) => g.blocks))} blocks from the shared cache`,
  ];
  for (const g of failed) lines.push(`ppcjit: guest ${g.guest}: stopped (${g.stop}), exit status ${g.exitCode}`);
  return lines.join('\n');
}

/** 0 when every guest ended with 0, else the status of the lowest-numbered guest that did not. */
export function instancesExitCode(s: InstancesSummary): number {
  return s.guests.find((g) => g.exitCode !== ExitCode.Ok)?.exitCode ?? ExitCode.Ok;
}
