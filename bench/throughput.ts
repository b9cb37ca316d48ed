// The throughput workload: Linux guests per minute from one snapshot taken at the /init marker
// (ppcjit boot --deterministic … --snapshot-at, then boot --restore --instances), next to cold
// QEMU boots of the same kernel per minute and core; and the peak RSS of 16 guests of 512 MB
// running at once in one process. And a boot farm with distinct work per guest: a jobs file
// (--jobs-file) of FARM_JOBS jobs for test/guests/uart-jobs, each computing something else
// (fib / primes of its own argument), on one worker and on every core: guests/min and peak RSS.
// Runs the built CLI in child processes.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ThroughputResult {
  /** Guests run from the snapshot on one worker thread, and their rate. */
  guests: number;
  guestsPerMinute: number;
  /** Cold QEMU boots to power-off per minute on one core (from the linux workload's QEMU time). */
  qemuBootsPerMinute: number | undefined;
  /** guestsPerMinute / qemuBootsPerMinute. */
  ratio: number | undefined;
  /** Every guest's console log was byte-identical (deterministic snapshot). */
  identicalLogs: boolean;
  /** Guest instructions from the snapshot to power-off (the same for every guest). */
  instructionsPerGuest: number;
  snapshotMs: number;
  snapshotKiB: number;
  /** 16 guests of 512 MB at once (16 worker threads): peak RSS of the process. */
  concurrentGuests: number;
  concurrentPeakRssMb: number;
  /** The jobs-file farm (uart-jobs guests, distinct work each). */
  farm?: FarmResult;
  error?: string;
}

export interface FarmResult {
  guests: number;
  passed: number;
  oneWorkerPerMinute: number;
  oneWorkerPeakRssMb: number;
  cores: number;
  allCoresPerMinute: number;
  allCoresPeakRssMb: number;
}

const FARM_JOBS = 40;
const FARM_GUEST = fileURLToPath(new URL('../../test/guests/uart-jobs/uart-jobs.elf', import.meta.url));

/** One job per guest, each with its own computation and its own expected answer. */
function farmJobs(n: number): string {
  const fib = (k: number): number => (k < 2 ? k : fib(k - 1) + fib(k - 2));
  return Array.from({ length: n }, (_, i) => {
    const name = `farm-${i}`;
    if (i % 2 === 0)
      return JSON.stringify({ name, input: `fib ${16 + (i % 8)}\nexit\n`, expect: `^${fib(16 + (i % 8))}$` });
    return JSON.stringify({ name, input: `primes ${2000 + 500 * i}\nsum ${i} ${i}\nexit\n`, expect: `^${2 * i}$` });
  })
    .map((l) => `${l}\n`)
    .join('');
}

function runFarm(cli: (...args: string[]) => ReturnType<typeof spawnSync>, dir: string): FarmResult {
  const snap = join(dir, 'uart-jobs.snap');
  const made = cli(
    'boot',
    '--deterministic',
    '--kernel',
    FARM_GUEST,
    '--snapshot-at',
    'uart-jobs: ready',
    '--snapshot-out',
    snap,
  );
  if (made.status !== 0) throw new Error(`farm snapshot failed: ${String(made.stderr).trim()}`);
  const jobs = join(dir, 'farm.jsonl');
  writeFileSync(jobs, farmJobs(FARM_JOBS));
  const run = (workers: number) => {
    const out = join(dir, `farm-${workers}`);
    const r = cli('boot', '--restore', snap, '--jobs-file', jobs, '--jobs', String(workers), '--output-dir', out);
    if (r.status !== 0) throw new Error(`farm --jobs ${workers} failed: ${String(r.stderr).trim()}`);
    return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      guestsPerMinute: number;
      peakRssMb: number;
      guests: { passed: boolean }[];
    };
  };
  const one = run(1);
  const cores = availableParallelism();
  const all = run(cores);
  return {
    guests: FARM_JOBS,
    passed: all.guests.filter((g) => g.passed).length,
    oneWorkerPerMinute: one.guestsPerMinute,
    oneWorkerPeakRssMb: one.peakRssMb,
    cores,
    allCoresPerMinute: all.guestsPerMinute,
    allCoresPeakRssMb: all.peakRssMb,
  };
}

interface Summary {
  guestsPerMinute: number;
  peakRssMb: number;
  guests: { instructions: number; exitCode: number }[];
}

const CONCURRENT_GUESTS = 16;

export function runThroughput(
  ppcjit: string,
  kernel: string,
  marker: string,
  guests: number,
  qemuPowerOffMs: number | undefined,
): ThroughputResult {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-throughput-'));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [ppcjit, ...args], { encoding: 'latin1', maxBuffer: 1 << 26, timeout: 600_000 });
  try {
    const snap = join(dir, 'init.snap');
    const t0 = performance.now();
    const made = cli(
      'boot',
      '--deterministic',
      '--kernel',
      kernel,
      '--append',
      'console=ttyS0',
      '--snapshot-at',
      marker,
      '--snapshot-out',
      snap,
    );
    const snapshotMs = performance.now() - t0;
    if (made.status !== 0) throw new Error(`snapshot failed: ${made.stderr.trim()}`);
    const instances = (n: number, jobs: number, out: string): Summary => {
      const r = cli('boot', '--restore', snap, '--instances', String(n), '--jobs', String(jobs), '--output-dir', out);
      if (r.status !== 0) throw new Error(`--instances ${n} --jobs ${jobs} failed: ${r.stderr.trim()}`);
      return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    };
    const serial = instances(guests, 1, join(dir, 'serial'));
    const digests = new Set(
      Array.from({ length: guests }, (_, k) =>
        createHash('sha256')
          .update(readFileSync(join(dir, 'serial', `guest-${k + 1}.log`)))
          .digest('hex'),
      ),
    );
    const concurrent = instances(CONCURRENT_GUESTS, CONCURRENT_GUESTS, join(dir, 'concurrent'));
    const qemuBootsPerMinute = qemuPowerOffMs === undefined ? undefined : 60_000 / qemuPowerOffMs;
    return {
      guests,
      guestsPerMinute: serial.guestsPerMinute,
      qemuBootsPerMinute,
      ratio: qemuBootsPerMinute === undefined ? undefined : serial.guestsPerMinute / qemuBootsPerMinute,
      identicalLogs: digests.size === 1,
      instructionsPerGuest: serial.guests[0].instructions,
      snapshotMs,
      snapshotKiB: readFileSync(snap).length / 1024,
      concurrentGuests: CONCURRENT_GUESTS,
      concurrentPeakRssMb: concurrent.peakRssMb,
      farm: runFarm(cli, dir),
    };
  } catch (e) {
    return {
      guests,
      guestsPerMinute: 0,
      qemuBootsPerMinute: undefined,
      ratio: undefined,
      identicalLogs: false,
      instructionsPerGuest: 0,
      snapshotMs: 0,
      snapshotKiB: 0,
      concurrentGuests: CONCURRENT_GUESTS,
      concurrentPeakRssMb: 0,
      error: (e as Error).message,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatThroughput(t: ThroughputResult): string[] {
  if (t.error) return [`throughput: failed: ${t.error}`];
  const qemu =
    t.qemuBootsPerMinute === undefined
      ? 'no QEMU time to compare'
      : `cold qemu-system-ppc boots: ${t.qemuBootsPerMinute.toFixed(1)}/min per core → ${t.ratio!.toFixed(1)}×`;
  return [
    `throughput: ${t.guests} Linux guests from a snapshot at the /init marker (${t.snapshotKiB.toFixed(0)} KiB, made in ${(t.snapshotMs / 1000).toFixed(1)} s) to power-off on one worker: ${t.guestsPerMinute.toFixed(0)} guests/min; ${qemu}`,
    ...(t.farm
      ? [
          `throughput: jobs-file farm: ${t.farm.guests} uart-jobs guests with distinct work (fib/primes, ${t.farm.passed} passed): ` +
            `${t.farm.oneWorkerPerMinute.toFixed(0)} guests/min on one worker (peak RSS ${t.farm.oneWorkerPeakRssMb.toFixed(0)} MB), ` +
            `${t.farm.allCoresPerMinute.toFixed(0)} guests/min on ${t.farm.cores} cores (peak RSS ${t.farm.allCoresPeakRssMb.toFixed(0)} MB)`,
        ]
      : []),
    `throughput: deterministic counters: ${t.instructionsPerGuest} guest instructions per guest; logs ${t.identicalLogs ? 'byte-identical' : 'DIFFER'} across the ${t.guests} guests; ${t.concurrentGuests} guests of 512 MB at once: peak RSS ${t.concurrentPeakRssMb.toFixed(0)} MB`,
  ];
}
