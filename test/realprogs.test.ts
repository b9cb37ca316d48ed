import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ppcjitHasRun } from './corpus/corpus.js';
import { CASES, expected, haveBin, PPCJIT_RUN, REALPROGS_BIN, REALPROGS_DIR, runCase } from './realprogs/realprogs.js';

/**
 * Real programs (test/realprogs: Lua, a shell, a compressor) under `ppcjit run`, compared with
 * the committed qemu-ppc expectations. The binaries are not in git: cases whose binary is not
 * in test/realprogs/bin (or $PPCJIT_REALPROGS_BIN) are skipped with a notice.
 */
const hasRun = ppcjitHasRun();
const missing = [...new Set(CASES.filter((c) => !haveBin(c)).map((c) => c.bin))];
if (missing.length) console.warn(`realprogs.test: no ${missing.join(', ')} in ${REALPROGS_BIN} — those cases skipped`);

describe.skipIf(!hasRun).concurrent('real programs under ppcjit run', () => {
  for (const c of CASES) {
    it.skipIf(!haveBin(c))(`${c.id}: ${c.bin} ${c.args.join(' ')}`, async ({ expect }) => {
      const got = await runCase(PPCJIT_RUN, c);
      expect({ stdout: got.stdout, status: got.status }, got.stderr.slice(0, 2000)).toEqual(expected(c));
    });
  }
});

describe('real programs: committed expectations', () => {
  it('the gunzip case feeds the committed minigzip -9 output and expects the original file back', () => {
    const zcase = CASES.find((c) => c.id === 'zlib-gunzip');
    expect(zcase).toMatchObject({ stdin: 'expected/zlib-gzip-9.stdout', stdoutIs: '../corpus/bin/sort-O2' });
    expect(zcase?.stdin && existsSync(join(REALPROGS_DIR, zcase.stdin))).toBe(true);
  });
});
