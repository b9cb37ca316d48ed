/**
 * The property test of a registered fuzz target for `npm test`: a fixed seed (the same cases in
 * every run, so a failure reproduces), the target's `testRuns` cases.
 */
import fc from 'fast-check';
import { it } from 'vitest';
import { FUZZ_TARGETS } from './targets.js';

/** The seed of every property test (issue 18); `npm run fuzz` picks a fresh one per run. */
export const PROPERTY_SEED = 18;

export function propertyTest(name: string, timeoutMs = 60_000): void {
  const target = FUZZ_TARGETS[name];
  it(
    `${name}: ${target.description}`,
    () => {
      fc.assert(
        fc.property(target.input(), (input) => {
          target.run(input);
        }),
        { seed: PROPERTY_SEED, numRuns: target.testRuns },
      );
    },
    timeoutMs,
  );
}
