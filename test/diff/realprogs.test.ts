import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ppcjitHasRun } from '../corpus/corpus.js';
import { binPath, CASES, expected, haveBin, PPCJIT_RUN, REALPROGS_DIR, runCase } from '../realprogs/realprogs.js';
import { haveTool } from './objdump.js';

/**
 * Real programs live: qemu-ppc (on a copy with mffscrni → mffs, which qemu-ppc 7.2 SIGILLs on)
 * must still give the committed expectation, and `ppcjit run` must give the same stdout and
 * status. Cases whose binary is absent (not in git) are skipped.
 */
const QEMU = process.env.QEMU_PPC ?? 'qemu-ppc';
const hasQemu = haveTool(QEMU);
const hasRun = ppcjitHasRun();
const work = mkdtempSync(join(tmpdir(), 'realprogs-diff-'));
const patched = new Map<string, string>();
function patchedCopy(bin: string, path: string): string {
  let copy = patched.get(bin);
  if (!copy) {
    copy = join(work, bin);
    execFileSync('node', [join(REALPROGS_DIR, '..', 'corpus', 'patch-mffscrni.mjs'), path, copy], { stdio: 'ignore' });
    patched.set(bin, copy);
  }
  return copy;
}

describe.skipIf(!hasQemu)('real programs: qemu-ppc live vs committed expectations vs ppcjit run', () => {
  for (const c of CASES) {
    it.skipIf(!haveBin(c))(c.id, async () => {
      const want = expected(c);
      if (!c.qemuCannot) {
        const qemu = await runCase([QEMU], c, patchedCopy(c.bin, binPath(c)));
        expect({ stdout: qemu.stdout, status: qemu.status }).toEqual(want);
      }
      if (!hasRun) return;
      const ours = await runCase(PPCJIT_RUN, c);
      expect({ stdout: ours.stdout, status: ours.status }, ours.stderr.slice(0, 2000)).toEqual(want);
    });
  }
});
