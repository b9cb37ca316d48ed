/**
 * A fuzz target: random inputs (a fast-check arbitrary) and one run of ppcjit on each. The same
 * target serves the short property test in `npm test` (test/fuzz/*.test.ts) and the long seeded
 * runs of `npm run fuzz` (scripts/fuzz.ts). Register a target in targets.ts.
 */
import type fc from 'fast-check';
import { UserError } from '../../src/errors.js';

export interface FuzzTarget<T = unknown> {
  /** One line for `npm run fuzz -- --list`. */
  description: string;
  /** The inputs; fast-check shrinks a failing one to a minimal counterexample. */
  input: () => fc.Arbitrary<T>;
  /**
   * Runs one input. Returns what happened (a short label `npm run fuzz` counts, e.g. "exit 2",
   * "started") when ppcjit behaved; throws when it did not — an exception escaping, or a
   * `FuzzFailure`.
   */
  run(input: T): string;
  /** Cases for the property test in `npm test` (a few seconds at most). */
  testRuns: number;
}

/** ppcjit misbehaved in a way that is not an exception of its own (wrong exit code, two lines…). */
export class FuzzFailure extends Error {}

/**
 * What the CLI makes of an error thrown by `fn` (src/cli/main.ts `report`): a UserError is one
 * line on stderr and its exit code, anything else is exit 70 "internal error" — a failure here.
 * Bad input must give exit 2 and a single non-empty line.
 */
export function expectBadInputOrRun<R>(fn: () => R): { value: R } | { error: UserError } {
  try {
    return { value: fn() };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    if (e.exitCode !== 2) throw new FuzzFailure(`exit ${e.exitCode} for bad input: ${e.message}`);
    if (e.message === '' || /[\r\n]/.test(e.message))
      throw new FuzzFailure(`not one line: ${JSON.stringify(e.message)}`);
    return { error: e };
  }
}

/** A label for an error message: its words without numbers, names and quoted parts. */
export function errorLabel(e: UserError): string {
  return `exit 2: ${e.message
    .replace(/^[^:]*: /, '')
    .replace(/'[^']*'/g, "'…'")
    .replace(/0x[0-9a-f]+|\d+/gi, 'N')}`;
}

/** Big-endian u32 words as bytes. */
export function wordsToBytes(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, false));
  return out;
}
