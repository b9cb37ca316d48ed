// The benchmark's JSON report (what `npm run bench -- --json FILE` writes and `--compare FILE`
// reads) and the statistics over the samples of one workload. Pure: no I/O.
import type { DeterministicCounters } from './system.js';
import type { ThroughputResult } from './throughput.js';

/** One workload's result: medians over `runs` samples, each in a fresh child process. */
export interface BenchResult {
  name: string;
  /**
   * 'user': a bench/bin guest on the bare engine; 'system': a pegasos2 client via new Pegasos2;
   * 'real': a realprogs workload (a Debian-built program on the Linux user-mode machine).
   */
  kind: 'user' | 'system' | 'real';
  runs: number;
  /** Median wall time of the samples (ms). */
  wallMs: number;
  /** Every sample's wall time (ms), in run order. */
  samplesMs: number[];
  minMs: number;
  maxMs: number;
  /** Noise estimate: half the min/max spread relative to the median, (max - min) / 2 / median. */
  noise: number;
  /** Median absolute deviation of the samples relative to the median (informational). */
  relMad: number;
  instructions: number;
  mips: number;
  /** Blocks translated (engine.cache.compiled) and hot regions compiled (engine.regionsCompiled). */
  blocksCompiled: number;
  regionsCompiled: number;
  /** Median time spent translating (engine.translateMs). */
  translateMs: number;
  maxRssKb: number;
  output: string;
  qemuMs: number | undefined;
  qemuMaxRssKb: number | undefined;
  /** ppcjit time / qemu time (< 1 = faster than qemu). */
  ratio: number | undefined;
  outputMatchesQemu: boolean | undefined;
  /** Why there is no qemu time (e.g. qemu-system-ppc did not pause in time). */
  qemuNote?: string;
  /**
   * Boot workloads (`linux`): the console text timed, the median ms until ppcjit's console first
   * contained it, QEMU's median for the same, and their ratio. wallMs / qemuMs / ratio are then
   * the times to power-off (QEMU exits by itself there).
   */
  marker?: string;
  markerMs?: number;
  qemuMarkerMs?: number;
  markerRatio?: number;
  /**
   * Boots run with --deterministic (`linux`): the first sample's counters, and whether every
   * sample reproduced them exactly (they depend on the guest's path alone, never on the host).
   */
  deterministic?: DeterministicCounters & { identical: boolean };
  error: string | undefined;
}

/** One `--compare` run, as kept in the report's history (newest last). */
export interface HistoryEntry {
  date: string;
  baselineDate: string | undefined;
  thresholdPct: number;
  failed: boolean;
  geomean: number | undefined;
  workloads: { name: string; wallMs: number | undefined; change: number | undefined; status: string }[];
}

export interface BenchReport {
  date: string;
  node: string;
  /** Host load when the run started (1/5/15-minute load averages) and its CPU count. */
  loadavg?: number[];
  cpus?: number;
  runs: number;
  /** Geometric mean of ppcjit/qemu-ppc over the user-mode workloads with a ratio. */
  geomean: number | undefined;
  /** The same over the realprogs workloads with a ratio (kind 'real'). */
  realprogsGeomean?: number;
  results: BenchResult[];
  /** Linux guests per minute from one snapshot (bench/throughput.ts), when the kernel is there. */
  throughput?: ThroughputResult;
  /** The compared runs so far, oldest first (see README "Benchmarks"). */
  history?: HistoryEntry[];
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

export interface SampleStats {
  median: number;
  min: number;
  max: number;
  /** (max - min) / 2 / median: 0 for one sample or identical samples. */
  noise: number;
  /** median(|x - median|) / median. */
  relMad: number;
}

export function sampleStats(xs: readonly number[]): SampleStats {
  const m = median(xs);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const rel = (d: number) => (m > 0 ? d / m : 0);
  return {
    median: m,
    min,
    max,
    noise: rel((max - min) / 2),
    relMad: rel(median(xs.map((x) => Math.abs(x - m)))),
  };
}

export function geomean(xs: readonly number[]): number | undefined {
  return xs.length ? Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length) : undefined;
}

/**
 * The boot workload's summary line: times to the marker and to power-off next to QEMU's and
 * their ratios (shown apart from the user-mode geomean). undefined for workloads without a marker.
 */
export function bootSummary(r: BenchResult): string | undefined {
  if (r.marker === undefined) return undefined;
  const ms = (x: number | undefined) => (x === undefined ? '-' : `${x.toFixed(0)} ms`);
  const ratio = (x: number | undefined) => (x === undefined ? '' : ` (${x.toFixed(2)}×)`);
  const qemu = r.qemuMs !== undefined || r.qemuMarkerMs !== undefined;
  const init = `'${r.marker}' at ${ms(r.markerMs)}${qemu ? ` vs qemu ${ms(r.qemuMarkerMs)}${ratio(r.markerRatio)}` : ''}`;
  const off = `power-off at ${ms(r.wallMs)}${qemu ? ` vs qemu ${ms(r.qemuMs)}${ratio(r.ratio)}` : ''}`;
  return `${r.name}: ${init}; ${off}${r.qemuNote ? ` — no qemu time: ${r.qemuNote}` : ''}`;
}

/**
 * The deterministic counters of a boot workload on a line of their own: guest instructions,
 * blocks compiled, the template (cold tier) vs compiled instruction share, guest time, and
 * whether all samples agreed. undefined for workloads not run deterministically.
 */
export function deterministicSummary(r: BenchResult): string | undefined {
  const d = r.deterministic;
  if (d === undefined) return undefined;
  const templates = d.instructions > 0 ? d.templateInstructions / d.instructions : 0;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const agreement = d.identical ? `identical in all ${r.runs} runs` : `NOT identical across the ${r.runs} runs`;
  return [
    `${r.name} --deterministic: ${d.instructions.toLocaleString('en-US')} guest instructions`,
    `${d.blocksCompiled.toLocaleString('en-US')} blocks compiled`,
    `${pct(templates)} of instructions in templates, ${pct(1 - templates)} compiled`,
    `${d.guestSeconds.toFixed(3)} s guest time (${agreement})`,
  ].join(', ');
}

/** The counters every ppcjit sample reports (bench/child.ts, and the realprogs child). */
export interface PpcjitSample {
  wallMs: number;
  instructions: number;
  blocksCompiled: number;
  regionsCompiled: number;
  translateMs: number;
  maxRssKb: number;
}

/**
 * A workload's result from its ppcjit samples: wall-time statistics, the first run's counters,
 * the median translation time and the largest RSS; the qemu fields are left for the caller.
 */
export function resultOfSamples(
  name: string,
  kind: BenchResult['kind'],
  runs: number,
  samples: readonly PpcjitSample[],
  output: string,
  error: string | undefined,
): BenchResult {
  const first = samples[0];
  const stats = sampleStats(samples.map((s) => s.wallMs));
  return {
    name,
    kind,
    runs,
    wallMs: stats.median,
    samplesMs: samples.map((s) => Number(s.wallMs.toFixed(3))),
    minMs: stats.min,
    maxMs: stats.max,
    noise: stats.noise,
    relMad: stats.relMad,
    instructions: first.instructions,
    mips: first.instructions / stats.median / 1000,
    blocksCompiled: first.blocksCompiled,
    regionsCompiled: first.regionsCompiled,
    translateMs: median(samples.map((s) => s.translateMs)),
    maxRssKb: Math.max(...samples.map((s) => s.maxRssKb)),
    output,
    qemuMs: undefined,
    qemuMaxRssKb: undefined,
    ratio: undefined,
    outputMatchesQemu: undefined,
    error,
  };
}
