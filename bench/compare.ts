// `npm run bench -- --compare BASELINE.json [--threshold PCT]`: the pure comparison of a run
// against a baseline report, and the history entry it leaves.
//
// The rule. For each workload in both reports, change = current median / baseline median - 1.
// Its noise is the larger of the two runs' noise estimates (BenchResult.noise: half the min/max
// spread of the samples relative to their median; 0 for a single run or an old baseline without
// it). The workload REGRESSED when
//     change > threshold / 100 + noise
// i.e. it is slower by more than the threshold beyond what the runs themselves vary. A workload
// that ran in the baseline but fails now is also a failure. Faster runs, workloads only in one of
// the reports and workloads that failed in the baseline never fail the comparison.
import type { BenchReport, BenchResult, HistoryEntry } from './report.js';

export type ChangeStatus = 'ok' | 'faster' | 'regression' | 'error' | 'new' | 'missing';

export interface WorkloadChange {
  name: string;
  baseMs: number | undefined;
  currentMs: number | undefined;
  /** current / base - 1 (0.3 = 30 % slower). */
  change: number | undefined;
  /** max(base.noise, current.noise). */
  noise: number;
  /** The largest change that still passes: threshold / 100 + noise. */
  allowed: number;
  status: ChangeStatus;
}

export interface Comparison {
  thresholdPct: number;
  baselineDate: string | undefined;
  workloads: WorkloadChange[];
  failed: boolean;
}

export const DEFAULT_THRESHOLD_PCT = 10;

type Comparable = Pick<BenchResult, 'name' | 'wallMs' | 'error'> & Partial<Pick<BenchResult, 'noise' | 'samplesMs'>>;

function noiseOf(r: Comparable): number {
  if (typeof r.noise === 'number' && Number.isFinite(r.noise)) return r.noise;
  if (r.samplesMs?.length) {
    const m = [...r.samplesMs].sort((a, b) => a - b);
    const mid = m.length % 2 ? m[m.length >> 1] : (m[m.length / 2 - 1] + m[m.length / 2]) / 2;
    return mid > 0 ? (m[m.length - 1] - m[0]) / 2 / mid : 0;
  }
  return 0;
}

export function compareReports(
  baseline: { date?: string; results: readonly Comparable[] },
  current: { results: readonly Comparable[] },
  thresholdPct: number = DEFAULT_THRESHOLD_PCT,
): Comparison {
  const threshold = thresholdPct / 100;
  const base = new Map(baseline.results.map((r) => [r.name, r]));
  const seen = new Set<string>();
  const workloads: WorkloadChange[] = [];
  for (const cur of current.results) {
    seen.add(cur.name);
    const b = base.get(cur.name);
    const noise = Math.max(b ? noiseOf(b) : 0, noiseOf(cur));
    const allowed = threshold + noise;
    const row = { name: cur.name, baseMs: b?.wallMs, currentMs: cur.wallMs, noise, allowed };
    if (!b || b.error || !(b.wallMs > 0)) {
      // A workload new in this run (or broken in the baseline) has nothing to regress from.
      workloads.push({ ...row, change: undefined, status: 'new' });
      continue;
    }
    if (cur.error) {
      workloads.push({ ...row, change: undefined, status: 'error' });
      continue;
    }
    const change = cur.wallMs / b.wallMs - 1;
    const status: ChangeStatus = change > allowed ? 'regression' : change < -allowed ? 'faster' : 'ok';
    workloads.push({ ...row, change, status });
  }
  for (const b of baseline.results) {
    if (!seen.has(b.name)) {
      workloads.push({
        name: b.name,
        baseMs: b.wallMs,
        currentMs: undefined,
        change: undefined,
        noise: noiseOf(b),
        allowed: threshold + noiseOf(b),
        status: 'missing',
      });
    }
  }
  return {
    thresholdPct,
    baselineDate: baseline.date,
    workloads,
    failed: workloads.some((w) => w.status === 'regression' || w.status === 'error'),
  };
}

export function historyEntry(current: Pick<BenchReport, 'date' | 'geomean'>, cmp: Comparison): HistoryEntry {
  return {
    date: current.date,
    baselineDate: cmp.baselineDate,
    thresholdPct: cmp.thresholdPct,
    failed: cmp.failed,
    geomean: current.geomean,
    workloads: cmp.workloads.map((w) => ({ name: w.name, wallMs: w.currentMs, change: w.change, status: w.status })),
  };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** The comparison as text lines (a table and a verdict). */
export function formatComparison(cmp: Comparison): string[] {
  const lines = [
    `compared with the baseline of ${cmp.baselineDate ?? '?'} (regression: change > ${cmp.thresholdPct}% + noise)`,
    ['program', 'base ms', 'now ms', 'change', 'noise', 'allowed', 'status']
      .map((h, i) => h.padStart([10, 10, 10, 9, 8, 9, 11][i]))
      .join(' '),
  ];
  for (const w of cmp.workloads) {
    const cells = [
      w.name,
      w.baseMs?.toFixed(0) ?? '-',
      w.currentMs?.toFixed(0) ?? '-',
      w.change === undefined ? '-' : pct(w.change),
      `${(w.noise * 100).toFixed(1)}%`,
      `+${(w.allowed * 100).toFixed(1)}%`,
      w.status === 'regression' ? 'REGRESSION' : w.status === 'error' ? 'ERROR' : w.status,
    ];
    lines.push(cells.map((c, i) => c.padStart([10, 10, 10, 9, 8, 9, 11][i])).join(' '));
  }
  const bad = cmp.workloads.filter((w) => w.status === 'regression' || w.status === 'error').map((w) => w.name);
  lines.push(bad.length ? `FAIL: slower beyond threshold + noise: ${bad.join(', ')}` : 'PASS: no regression');
  return lines;
}
