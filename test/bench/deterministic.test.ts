import { describe, expect, it } from 'vitest';
import { type BenchResult, deterministicSummary } from '../../bench/report.js';

const linux = (deterministic?: BenchResult['deterministic']): BenchResult => ({
  name: 'linux',
  kind: 'system',
  runs: 3,
  wallMs: 5000,
  samplesMs: [4900, 5000, 5100],
  minMs: 4900,
  maxMs: 5100,
  noise: 0.02,
  relMad: 0.02,
  instructions: 107_572_199,
  mips: 21.5,
  blocksCompiled: 25_000,
  regionsCompiled: 3,
  translateMs: 900,
  maxRssKb: 250_000,
  output: '11057 bytes of console output',
  qemuMs: undefined,
  qemuMaxRssKb: undefined,
  ratio: undefined,
  outputMatchesQemu: undefined,
  deterministic,
  error: undefined,
});

describe('the deterministic counters line of a boot workload', () => {
  it('gives instructions, blocks compiled, the template vs compiled share, guest time and the agreement', () => {
    const counters = {
      instructions: 107_572_199,
      blocksCompiled: 2699,
      templateInstructions: 11_477_953,
      guestSeconds: 1.256014,
    };
    expect(deterministicSummary(linux({ ...counters, identical: true }))).toBe(
      'linux --deterministic: 107,572,199 guest instructions, 2,699 blocks compiled, 10.67% of instructions in templates, 89.33% compiled, 1.256 s guest time (identical in all 3 runs)',
    );
    expect(deterministicSummary(linux({ ...counters, identical: false }))).toMatch(
      /NOT identical across the 3 runs\)$/,
    );
  });

  it('is absent for workloads not run deterministically', () => {
    expect(deterministicSummary(linux())).toBeUndefined();
  });
});
