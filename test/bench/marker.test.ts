import { describe, expect, it } from 'vitest';
import { MarkerWatch } from '../../bench/marker.js';
import { type BenchResult, bootSummary } from '../../bench/report.js';

const MARKER = 'ppcjit-guest: init reached';
const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('MarkerWatch', () => {
  it('fires once, on the chunk that completes the first occurrence', () => {
    const w = new MarkerWatch(MARKER);
    expect(w.push(bytes('[ 0.1] Run /init as init process\r\n'))).toBe(false);
    expect(w.push(bytes(`${MARKER}\n`))).toBe(true);
    expect(w.seen).toBe(true);
    expect(w.push(bytes(`${MARKER}\n`))).toBe(false);
  });

  it('finds a marker delivered one byte at a time, as the UART does', () => {
    const w = new MarkerWatch(MARKER);
    const text = `boot log... ppcjit-guest: init\n${MARKER}\r\nmore`;
    const hits = [...text].map((c) => w.push(bytes(c)));
    expect(hits.filter(Boolean)).toHaveLength(1);
    expect(hits.indexOf(true)).toBe(text.indexOf(MARKER) + MARKER.length - 1);
  });

  it('does not fire on a prefix or on text split around the marker', () => {
    const w = new MarkerWatch(MARKER);
    for (const c of ['ppcjit-guest: init', ' rea', 'ched?'.slice(0, 2), 'x']) expect(w.push(c)).toBe(false);
    expect(w.seen).toBe(false);
  });
});

function linuxResult(over: Partial<BenchResult>): BenchResult {
  return {
    name: 'linux',
    kind: 'system',
    runs: 1,
    wallMs: 3000,
    samplesMs: [3000],
    minMs: 3000,
    maxMs: 3000,
    noise: 0,
    relMad: 0,
    instructions: 1,
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
    error: undefined,
    ...over,
  };
}

describe('bootSummary', () => {
  it('is undefined for workloads without a marker', () => {
    expect(bootSummary(linuxResult({ name: 'ofclient' }))).toBeUndefined();
  });

  it('shows both milestones next to QEMU and the ratios', () => {
    const r = linuxResult({ marker: MARKER, markerMs: 840, qemuMarkerMs: 420, markerRatio: 2, qemuMs: 1500, ratio: 2 });
    expect(bootSummary(r)).toBe(
      `linux: '${MARKER}' at 840 ms vs qemu 420 ms (2.00×); power-off at 3000 ms vs qemu 1500 ms (2.00×)`,
    );
  });

  it('without QEMU: our times only, and the reason', () => {
    const r = linuxResult({ marker: MARKER, markerMs: 840, qemuNote: 'qemu skipped' });
    expect(bootSummary(r)).toBe(`linux: '${MARKER}' at 840 ms; power-off at 3000 ms — no qemu time: qemu skipped`);
  });
});
