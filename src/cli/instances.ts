// `ppcjit boot --restore FILE --instances N [--jobs J] [--output-dir DIR]`: N guests from one
// snapshot, J worker threads at a time (default one per core). Each worker runs its guests one
// after another with one translation cache, so only the first guest of a worker translates the
// snapshot's code; every guest has its own RAM. With `--jobs-file JOBS` the guests are the jobs
// of the file (of one shard), each with its own input, timeout and expectations (jobs.ts), and
// `--junit FILE` reports them (results.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ExitCode, UserError } from '../errors.js';
import type { GuestRunResult } from '../machine/snapshot/guest-run.js';
import { nodeSnapshotCodec } from '../machine/snapshot/node-codec.js';
import { openSnapshot } from '../machine/snapshot/snapshot.js';
import { readSnapshotFile } from './boot-snapshot.js';
import type { GuestTask, InstanceMessage, InstanceWorkerData } from './instance-worker.js';
import { type Job, type JobsFile, type Shard, shardJobs } from './jobs.js';
import { consoleText, type JunitCase, judge, junitXml } from './results.js';

export interface InstancesArgs {
  restore?: string;
  /** Without a jobs file: how many guests (all with the same input). */
  instances?: number;
  jobs?: number;
  outputDir?: string;
  input?: Uint8Array;
  timeout: number;
  compileThreshold?: number;
  jobsFile?: JobsFile;
  shard?: Shard;
  junit?: string;
}

export interface InstanceResult extends Omit<GuestRunResult, 'output' | 'ram'> {
  /** guest-K.log; with a jobs file K is the job's index + 1. */
  guest: number;
  /** With a jobs file: the job and its verdict. */
  name?: string;
  index?: number;
  expectedExit?: number;
  passed?: boolean;
  failure?: { type: string; message: string };
}

export interface InstancesSummary {
  snapshot: string;
  instances: number;
  jobs: number;
  wallMs: number;
  guestsPerMinute: number;
  guestsPerMinutePerJob: number;
  peakRssMb: number;
  /** With a jobs file: its path, the shard run (K/N) and the jobs in the whole file. */
  jobsFile?: string;
  /** SHA-256 of the jobs file: `results merge` joins only shards of the same file. */
  jobsDigest?: string;
  shard?: string;
  totalJobs?: number;
  guests: InstanceResult[];
}

/** Items dealt round-robin to `jobs` workers. */
export function deal<T>(items: readonly T[], jobs: number): T[][] {
  const out: T[][] = Array.from({ length: jobs }, () => []);
  items.forEach((item, i) => out[i % jobs].push(item));
  return out.filter((list) => list.length > 0);
}

/** Guests 1..n dealt round-robin to `jobs` workers. */
export function dealGuests(n: number, jobs: number): number[][] {
  return deal(
    Array.from({ length: n }, (_, i) => i + 1),
    jobs,
  );
}

type Reported = { guest: number; result: Omit<GuestRunResult, 'output' | 'ram'>; output?: Uint8Array };

function runWorker(data: InstanceWorkerData, onResult: (r: Reported) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./instance-worker.js', import.meta.url), { workerData: data });
    worker.on('message', (m: InstanceMessage) => {
      if ('error' in m) reject(new Error(m.error));
      else onResult(m);
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
  });
}

export async function runInstances(args: InstancesArgs): Promise<InstancesSummary> {
  if (args.restore === undefined)
    throw new UserError(
      `${args.jobsFile ? '--jobs-file' : '--instances'} needs --restore FILE (guests start from a snapshot)`,
    );
  const selected: Job[] | undefined = args.jobsFile && shardJobs(args.jobsFile.jobs, args.shard);
  const count = selected ? selected.length : args.instances!;
  if (!selected && (!Number.isInteger(count) || count < 1)) {
    throw new UserError(`invalid --instances ${args.instances}: expected an integer ≥ 1`);
  }
  if (args.jobs !== undefined && (!Number.isInteger(args.jobs) || args.jobs < 1))
    throw new UserError(`invalid --jobs ${args.jobs}: expected an integer ≥ 1`);
  const jobs = Math.max(1, Math.min(args.jobs ?? availableParallelism(), count));
  const file = readSnapshotFile(args.restore);
  openSnapshot(file, args.restore, nodeSnapshotCodec); // every check before any guest starts (exit 2 on a bad file)
  if (args.outputDir) mkdirSync(args.outputDir, { recursive: true });
  // One copy of the file for every worker.
  const snapshot = new Uint8Array(new SharedArrayBuffer(file.length));
  snapshot.set(file);

  const tasks: GuestTask[] = selected
    ? selected.map((j) => ({ guest: j.index + 1, input: j.input, timeoutMs: (j.timeout ?? args.timeout) * 1000 }))
    : Array.from({ length: count }, (_, i) => ({ guest: i + 1, input: args.input, timeoutMs: args.timeout * 1000 }));
  const byGuest = new Map(selected?.map((j) => [j.index + 1, j]));

  const t0 = performance.now();
  const guests: InstanceResult[] = [];
  const cases: JunitCase[] = [];
  await Promise.all(
    deal(tasks, jobs).map((list) =>
      runWorker(
        {
          snapshot,
          name: args.restore!,
          guests: list,
          outputDir: args.outputDir,
          compileThreshold: args.compileThreshold,
          returnOutput: selected !== undefined,
        },
        ({ guest, result, output }) => {
          const job = byGuest.get(guest);
          if (!job) {
            guests.push({ guest, ...result });
            return;
          }
          const text = consoleText(output!);
          const verdict = judge(job, result, text);
          guests.push({ guest, name: job.name, index: job.index, expectedExit: job.exit, ...verdict, ...result });
          cases.push({ job, outcome: result, verdict, console: text });
        },
      ),
    ),
  );
  const wallMs = performance.now() - t0;
  guests.sort((a, b) => a.guest - b.guest);
  if (guests.length !== count) throw new Error(`only ${guests.length} of ${count} guests reported`);
  const perMinute = (count * 60_000) / wallMs;
  const shard = args.shard && `${args.shard.index}/${args.shard.count}`;
  const summary: InstancesSummary = {
    snapshot: args.restore,
    instances: count,
    jobs,
    wallMs,
    guestsPerMinute: perMinute,
    guestsPerMinutePerJob: perMinute / jobs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    ...(args.jobsFile
      ? { jobsFile: args.jobsFile.path, jobsDigest: args.jobsFile.digest, shard, totalJobs: args.jobsFile.jobs.length }
      : {}),
    guests,
  };
  if (args.outputDir) writeFileSync(join(args.outputDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  if (args.junit && args.jobsFile) {
    const xml = junitXml({
      snapshot: args.restore,
      jobsFile: args.jobsFile.path,
      jobsDigest: args.jobsFile.digest,
      totalJobs: args.jobsFile.jobs.length,
      shard: args.shard,
      wallMs,
      cases,
    });
    writeFileSync(args.junit, xml);
  }
  return summary;
}

/** The lines `ppcjit boot --instances` prints on stderr. */
export function formatInstances(s: InstancesSummary): string {
  const failed = s.guests.filter((g) => (g.passed === undefined ? g.exitCode !== ExitCode.Ok : !g.passed));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const lines = [
    `ppcjit: ${s.instances} guests from ${s.snapshot} on ${s.jobs} worker(s) in ${(s.wallMs / 1000).toFixed(2)} s: ` +
      `${s.guestsPerMinute.toFixed(1)} guests/min (${s.guestsPerMinutePerJob.toFixed(1)} per worker), peak RSS ${s.peakRssMb.toFixed(0)} MB`,
  ];
  if (s.guests.length > 0)
    lines.push(
      `ppcjit: per guest (median): ${median(s.guests.map((g) => g.wallMs)).toFixed(0)} ms wall, ` +
        `${median(s.guests.map((g) => g.instructions))} instructions, ` +
        `${median(s.guests.map((g) => g.blocksShared))} of ${median(s.guests.map((g) => g.blocks))} blocks from the shared cache`,
    );
  if (s.jobsFile !== undefined) {
    const of = s.shard === undefined ? '' : ` (shard ${s.shard} of ${s.totalJobs} jobs)`;
    lines.push(`ppcjit: ${s.jobsFile}${of}: ${s.guests.length - failed.length} passed, ${failed.length} failed`);
    for (const g of failed) lines.push(`ppcjit: job ${JSON.stringify(g.name)} failed: ${g.failure?.message}`);
    return lines.join('\n');
  }
  for (const g of failed) lines.push(`ppcjit: guest ${g.guest}: stopped (${g.stop}), exit status ${g.exitCode}`);
  return lines.join('\n');
}

/**
 * With a jobs file: 0 when every job passed, else 1. Without: 0 when every guest ended with 0,
 * else the status of the lowest-numbered guest that did not.
 */
export function instancesExitCode(s: InstancesSummary): number {
  if (s.jobsFile !== undefined) return s.guests.every((g) => g.passed) ? ExitCode.Ok : ExitCode.GuestFault;
  return s.guests.find((g) => g.exitCode !== ExitCode.Ok)?.exitCode ?? ExitCode.Ok;
}
