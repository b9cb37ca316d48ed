import { describe, expect, it } from 'vitest';
import { corpusPrograms, PPCJIT_RUN, ppcjitHasRun, runGuest } from '../corpus/corpus.js';
import { haveTool } from './objdump.js';

/**
 * The C corpus live: qemu-ppc's stdout/status must still equal the committed expectation
 * (catches a stale expected/ after a rebuild), and `ppcjit run` must equal qemu-ppc.
 * Programs whose expectation was recorded with mffscrni patched (qemu-ppc SIGILLs on it,
 * see test/corpus/record.sh) are compared with the committed file only.
 */
const QEMU = process.env.QEMU_PPC ?? 'qemu-ppc';
const hasQemu = haveTool(QEMU);
const hasRun = ppcjitHasRun();

describe.skipIf(!hasQemu)('C corpus: qemu-ppc live vs committed expectations vs ppcjit run', () => {
  for (const p of corpusPrograms()) {
    it(p.elf, () => {
      const qemu = runGuest([QEMU], p);
      if (p.note)
        expect(qemu.status).toBe(132); // still SIGILL on mffscrni — else re-record
      else
        expect({ stdout: qemu.stdout, status: qemu.status }).toEqual({
          stdout: p.expectedStdout,
          status: p.expectedStatus,
        });
      if (!hasRun) return;
      const ours = runGuest(PPCJIT_RUN, p);
      expect({ stdout: ours.stdout, status: ours.status }, ours.stderr.slice(0, 2000)).toEqual({
        stdout: p.expectedStdout,
        status: p.expectedStatus,
      });
    });
  }
});
