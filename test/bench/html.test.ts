import { describe, expect, it } from 'vitest';
import { compareReports, historyEntry } from '../../bench/compare.js';
import { renderHtml } from '../../bench/html.js';
import type { BenchReport, BenchResult } from '../../bench/report.js';

function result(name: string, kind: 'user' | 'system', ms: number, qemuMs?: number): BenchResult {
  return {
    name,
    kind,
    runs: 3,
    wallMs: ms,
    samplesMs: [ms * 0.99, ms, ms * 1.01],
    minMs: ms * 0.99,
    maxMs: ms * 1.01,
    noise: 0.01,
    relMad: 0.01,
    instructions: 123456789,
    mips: 100,
    blocksCompiled: 42,
    regionsCompiled: 3,
    translateMs: 12.5,
    maxRssKb: 90000,
    output: '',
    qemuMs,
    qemuMaxRssKb: undefined,
    ratio: qemuMs ? ms / qemuMs : undefined,
    outputMatchesQemu: undefined,
    error: undefined,
  };
}

const base: BenchReport = {
  date: '2026-01-01T00:00:00.000Z',
  node: 'v20.19.0',
  runs: 3,
  geomean: 2,
  results: [
    result('matmul', 'user', 2000, 1000),
    result('sort<&>', 'user', 3000, 1000),
    result('ofclient', 'system', 150),
  ],
};

describe('renderHtml', () => {
  it('is one self-contained document naming every workload, with an SVG ratio chart', () => {
    const html = renderHtml(base);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const name of ['matmul', 'sort&lt;&amp;&gt;', 'ofclient']) expect(html).toContain(name);
    expect(html).not.toContain('sort<&>');
    expect(html).toMatch(/<svg[^>]*>.*2\.00×/s);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain('No compared runs yet');
  });

  it('with a comparison: the change chart, the verdict and the history table', () => {
    const cur: BenchReport = {
      ...base,
      date: '2026-01-02T00:00:00.000Z',
      results: [result('matmul', 'user', 2600, 1000), ...base.results.slice(1)],
    };
    const cmp = compareReports(base, cur, 10);
    const history = [historyEntry(cur, cmp)];
    const html = renderHtml(cur, cmp, history);
    expect(html).toContain('Change against the baseline of 2026-01-01T00:00:00.000Z');
    expect(html).toContain('+30.0%');
    expect(html).toContain('FAIL');
    expect((html.match(/<svg/g) ?? []).length).toBe(2);
    expect(html).toContain('<td>2026-01-02T00:00:00.000Z</td>');
  });

  it("lists a boot workload's times to its marker and to power-off, apart from the geomean", () => {
    const linux = { ...result('linux', 'system', 3000, 1500), marker: 'init <reached>', markerMs: 800 };
    const html = renderHtml({ ...base, results: [...base.results, { ...linux, qemuMarkerMs: 400, markerRatio: 2 }] });
    expect(html).toContain('Boot to init and power-off');
    expect(html).toContain(
      'linux: &#39;init &lt;reached&gt;&#39; at 800 ms vs qemu 400 ms (2.00×); power-off at 3000 ms',
    );
    expect(renderHtml(base)).not.toContain('Boot to init');
  });
});
