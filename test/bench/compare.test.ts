import { describe, expect, it } from 'vitest';
import { compareReports, formatComparison, historyEntry } from '../../bench/compare.js';
import { type BenchResult, geomean, median, sampleStats } from '../../bench/report.js';

/** A synthetic result whose samples are `ms` scaled by each factor in `spread`. */
function result(name: string, ms: number, spread: number[] = [0.99, 1, 1.01], error?: string): BenchResult {
  const samples = spread.map((f) => ms * f);
  const st = sampleStats(samples);
  return {
    name,
    kind: 'user',
    runs: samples.length,
    wallMs: st.median,
    samplesMs: samples,
    minMs: st.min,
    maxMs: st.max,
    noise: st.noise,
    relMad: st.relMad,
    instructions: 1000,
    mips: 1,
    blocksCompiled: 1,
    regionsCompiled: 0,
    translateMs: 1,
    maxRssKb: 1,
    output: '',
    qemuMs: undefined,
    qemuMaxRssKb: undefined,
    ratio: undefined,
    outputMatchesQemu: undefined,
    error,
  };
}

const report = (results: BenchResult[]) => ({ date: '2026-01-01T00:00:00.000Z', results });

describe('sample statistics', () => {
  it('median is the middle sample (odd) or the mean of the two middle ones (even), unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([9, 1, 100, 2])).toBe(5.5);
    expect(median([7])).toBe(7);
    expect(median([300, 100, 200, 1000, 150])).toBe(200);
  });
  it('noise is half the min/max spread relative to the median; 0 for one sample', () => {
    const s = sampleStats([90, 100, 110]);
    expect(s.median).toBe(100);
    expect(s.noise).toBeCloseTo(0.1);
    expect(s.relMad).toBeCloseTo(0.1);
    expect(sampleStats([42]).noise).toBe(0);
  });
  it('geomean', () => {
    expect(geomean([2, 8])).toBeCloseTo(4);
    expect(geomean([])).toBeUndefined();
  });
});

describe('compareReports', () => {
  const base = report([result('a', 1000), result('b', 2000), result('c', 500)]);

  it('passes on identical runs', () => {
    const cmp = compareReports(base, base, 10);
    expect(cmp.failed).toBe(false);
    expect(cmp.workloads.map((w) => w.status)).toEqual(['ok', 'ok', 'ok']);
    expect(cmp.workloads.every((w) => w.change === 0)).toBe(true);
  });

  it('fails on an injected 30 % slowdown with small noise, naming the workload', () => {
    const cur = report([result('a', 1000), result('b', 2600), result('c', 500)]);
    const cmp = compareReports(base, cur, 10);
    expect(cmp.failed).toBe(true);
    const b = cmp.workloads.find((w) => w.name === 'b')!;
    expect(b.status).toBe('regression');
    expect(b.change).toBeCloseTo(0.3);
    expect(b.noise).toBeCloseTo(0.01);
    expect(formatComparison(cmp).at(-1)).toMatch(/^FAIL: .*\bb\b/);
  });

  it('passes on a change within threshold + noise', () => {
    // 12 % slower, but the runs vary by ±5 %: allowed is 10 % + 5 %.
    const cur = report([result('a', 1120, [0.95, 1, 1.05]), result('b', 2000), result('c', 500)]);
    const cmp = compareReports(base, cur, 10);
    expect(cmp.workloads[0].allowed).toBeCloseTo(0.15);
    expect(cmp.failed).toBe(false);
    expect(formatComparison(cmp).at(-1)).toBe('PASS: no regression');
  });

  it('uses the noisier of the two runs, and the threshold given', () => {
    const noisyBase = report([result('a', 1000, [0.8, 1, 1.2])]); // ±20 %
    expect(compareReports(noisyBase, report([result('a', 1250)]), 10).failed).toBe(false);
    expect(compareReports(noisyBase, report([result('a', 1350)]), 10).failed).toBe(true);
    expect(compareReports(base, report([result('a', 1080)]), 5).failed).toBe(true);
    expect(compareReports(base, report([result('a', 1080)]), 10).failed).toBe(false);
  });

  it('never fails on faster runs, new or missing workloads; fails on a workload that now errors', () => {
    const cur = report([result('a', 500), result('d', 100)]);
    const cmp = compareReports(base, cur, 10);
    expect(cmp.failed).toBe(false);
    expect(Object.fromEntries(cmp.workloads.map((w) => [w.name, w.status]))).toEqual({
      a: 'faster',
      d: 'new',
      b: 'missing',
      c: 'missing',
    });
    const broken = compareReports(base, report([result('a', 1000, undefined, 'exception 7 at 0x100')]), 10);
    expect(broken.failed).toBe(true);
    expect(broken.workloads[0].status).toBe('error');
  });

  it('accepts an old baseline without noise or samples (noise 0)', () => {
    const old = { date: 'old', results: [{ name: 'a', wallMs: 1000, error: undefined }] };
    const cmp = compareReports(old, report([result('a', 1105, [1, 1, 1])]), 10);
    expect(cmp.workloads[0].noise).toBe(0);
    expect(cmp.failed).toBe(true);
  });

  it('history entry records the compared run', () => {
    const cur = report([result('a', 1300)]);
    const h = historyEntry({ date: 'now', geomean: 2 }, compareReports(base, cur, 10));
    expect(h).toMatchObject({ date: 'now', baselineDate: base.date, thresholdPct: 10, failed: true, geomean: 2 });
    expect(h.workloads[0]).toMatchObject({ name: 'a', status: 'regression' });
  });
});
