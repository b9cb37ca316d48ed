/**
 * Records expected/<id>.stdout and .status for every case whose binary is present, from
 * qemu-ppc (QEMU_PPC) run on a copy of the binary with mffscrni rewritten to mffs (qemu-ppc 7.2
 * SIGILLs on glibc's mffscrni; a G4 executes it as mffs — see test/corpus/patch-mffscrni.mjs).
 * Cases qemu-ppc cannot run (qemuCannot) are skipped, unless named with RECORD_FROM_PPCJIT=1:
 * then ppcjit's output is written — check it by hand against what the case's note says.
 * Usage: [RECORD_FROM_PPCJIT=1] npx tsx test/realprogs/record.ts [ID...]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binPath, CASES, haveBin, PPCJIT_RUN, REALPROGS_DIR, runCase } from './realprogs.js';

const QEMU = process.env.QEMU_PPC ?? 'qemu-ppc';
const only = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'realprogs-record-'));
const patched = new Map<string, string>();
for (const c of CASES) {
  if ((only.length && !only.includes(c.id)) || !haveBin(c) || c.sameAs) continue;
  if (c.qemuCannot) {
    if (!process.env.RECORD_FROM_PPCJIT || !only.includes(c.id)) continue;
    const r = await runCase(PPCJIT_RUN, c);
    writeFileSync(join(REALPROGS_DIR, 'expected', `${c.id}.stdout`), r.stdout, 'latin1');
    writeFileSync(join(REALPROGS_DIR, 'expected', `${c.id}.status`), `${r.status}\n`);
    console.log(`${c.id.padEnd(24)} status ${String(r.status).padStart(3)} FROM PPCJIT — check: ${c.qemuCannot}`);
    continue;
  }
  let copy = patched.get(c.bin);
  if (!copy) {
    copy = join(work, c.bin);
    execFileSync('node', [join(REALPROGS_DIR, '..', 'corpus', 'patch-mffscrni.mjs'), binPath(c), copy], {
      stdio: 'ignore',
    });
    patched.set(c.bin, copy);
  }
  const r = await runCase([QEMU], c, copy);
  if (c.stdoutIs) {
    const same = r.stdout === readFileSync(join(REALPROGS_DIR, c.stdoutIs), 'latin1');
    console.log(
      `${c.id.padEnd(24)} status ${String(r.status).padStart(3)} stdout ${same ? 'equals' : 'DIFFERS FROM'} ${c.stdoutIs}`,
    );
    writeFileSync(join(REALPROGS_DIR, 'expected', `${c.id}.status`), `${r.status}\n`);
    continue;
  }
  writeFileSync(join(REALPROGS_DIR, 'expected', `${c.id}.stdout`), r.stdout, 'latin1');
  writeFileSync(join(REALPROGS_DIR, 'expected', `${c.id}.status`), `${r.status}\n`);
  console.log(`${c.id.padEnd(24)} status ${String(r.status).padStart(3)} ${r.stdout.length} bytes`);
}
