import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BootSnapshot } from '../../src/cli/boot-snapshot.js';
import { UserError } from '../../src/errors.js';
import { propertyTest } from './property.js';
import { mutateSnapshot } from './snapshot.js';

describe('fuzz: snapshot reader through ppcjit boot --restore', () => {
  propertyTest('snapshot');

  /** The one line `boot --restore` gives for the seed snapshot with `mutations` (SHA-256 rebuilt). */
  const restoreError = (mutations: Parameters<typeof mutateSnapshot>[0]) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ppcjit-snap-')), 'bad.snap');
    writeFileSync(file, mutateSnapshot(mutations));
    try {
      new BootSnapshot({ restore: file }).restore({ output: () => {} });
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).exitCode).toBe(2);
      return (e as Error).message.replace(file, 'FILE'); // the file name is a fresh temporary one
    }
    return 'restored';
  };

  // Found by the fuzzer: a snapshot's options skipped the checks `boot` makes, so a file could
  // build a machine `boot --memory` refuses (16.5 MB: RAM not a whole number of pages).
  it('refuses machine options boot would refuse', () => {
    const ramMb = (mb: number) => [
      { kind: 'state' as const, path: [0, 1], value: mb }, // config.ramMb
      { kind: 'header' as const, field: 'ramSize', value: mb * 2 ** 20 },
    ];
    expect(restoreError(ramMb(16.5))).toBe(
      "cannot restore 'FILE': invalid --memory 16.5: pegasos2 takes 16 to 2048 MB",
    );
    expect(restoreError(ramMb(4096))).toBe(
      "cannot restore 'FILE': invalid --memory 4096: pegasos2 takes 16 to 2048 MB",
    );
    expect(restoreError([{ kind: 'state', path: [0, 2], value: 'sc' }])).toBe(
      "cannot restore 'FILE': invalid --vof-entry 'sc'; valid: vhyp, osi, epapr",
    );
  });

  // Found by `npm run fuzz -- --target snapshot` (seed 1280253418, case 617): a string as VOF's
  // claim cursor restored, and the guest's next `claim` looped forever on NaN.
  it('refuses device state of the wrong kind or range before the guest runs', () => {
    // [1, 7, 2]: components.vof.claimedBase; [1, 7, 1]: components.vof.claims[0] (mutateSnapshot's locate)
    const vof = (field: number, value: unknown) => [{ kind: 'state' as const, path: [1, 7, field], value }];
    expect(restoreError(vof(2, 'x'))).toBe(
      "cannot restore 'FILE': component state vof.claimedBase is string, expected number",
    );
    expect(restoreError(vof(2, -1e300))).toBe("cannot restore 'FILE': VOF state: claims out of range");
    expect(restoreError(vof(1, { start: 0, size: 2 ** 33 }))).toBe(
      "cannot restore 'FILE': VOF state: claims out of range",
    );
    expect(restoreError(vof(1, { start: 0, size: '1' }))).toBe(
      "cannot restore 'FILE': component state vof.claims[0].size is string, expected number",
    );
    expect(restoreError([{ kind: 'state', path: [1, 1, 3], value: [] }])).toBe(
      "cannot restore 'FILE': component state timeBase.decrementerArmed is array, expected boolean",
    );
  });
});
