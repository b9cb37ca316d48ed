import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PPCJIT, ppcjitHasRun } from '../corpus/corpus.js';
import { haveTool, objdumpWords } from './objdump.js';
import { buildBatch, PPC_GCC } from './random-insn/batch.js';
import { compareRuns, type Mismatch, runInProcess, runPpcjitCli, runQemu } from './random-insn/run.js';

/**
 * Random valid user-mode instruction sequences, ppcjit vs qemu-ppc. Each batch is one static ELF of
 * CASES_PER_BATCH cases (see random-insn/generate.ts for the families and for what is masked and
 * why: the qemu-oracle-gaps.md entries). BATCHES × CASES_PER_BATCH ≥ 100,000 by default;
 * PPCJIT_RANDOM_BATCHES overrides. The runner is `ppcjit run` when the CLI has it, else the
 * in-process engine path (PPCJIT_RANDOM_RUNNER=inprocess|cli forces one).
 */
const CASES_PER_BATCH = 2000;
const BATCHES = Number(process.env.PPCJIT_RANDOM_BATCHES ?? 50);
const FIRST_SEED = Number(process.env.PPCJIT_RANDOM_SEED ?? 0x1000);
const QEMU = process.env.QEMU_PPC ?? 'qemu-ppc';
const SHOW = 25;

const runnerChoice = process.env.PPCJIT_RANDOM_RUNNER ?? (ppcjitHasRun() ? 'cli' : 'inprocess');
const ready = haveTool(QEMU) && haveTool(PPC_GCC);
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-random-insn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!ready)(`random instruction sequences vs qemu-ppc (runner: ${runnerChoice})`, () => {
  it('the generator emits only instructions objdump -M 7450 knows (valid G4 user-mode code)', () => {
    const batch = buildBatch(dir, FIRST_SEED + 0x7fff, CASES_PER_BATCH);
    const words = Uint32Array.from(batch.cases.flatMap((c) => c.words));
    const texts = objdumpWords(words);
    const unknown = [...words].filter((_, i) => texts[i].startsWith('.long'));
    expect(unknown.map((w) => w.toString(16))).toEqual([]);
    const mnemonics = new Set(texts.map((t) => t.split(/\s/)[0].replace(/[.]$/, '')));
    console.log(`generator: ${words.length} instructions, ${mnemonics.size} distinct mnemonics (objdump, Rc stripped)`);
  });

  it(`${BATCHES} batches × ${CASES_PER_BATCH} cases`, () => {
    const mismatches: Mismatch[] = [];
    let cases = 0;
    let faultedCases = 0;
    let qemuMs = 0;
    let oursMs = 0;
    const problems: string[] = [];
    for (let b = 0; b < BATCHES; b++) {
      const batch = buildBatch(dir, FIRST_SEED + b, CASES_PER_BATCH);
      const ref = runQemu(batch, QEMU);
      qemuMs += ref.ms;
      if (ref.error || !ref.records) throw new Error(`qemu-ppc failed on ${batch.elfPath}: ${ref.error}`);
      const ours = runnerChoice === 'cli' ? runPpcjitCli(batch, PPCJIT) : runInProcess(batch);
      oursMs += ours.ms;
      if (ours.error) problems.push(`batch seed 0x${batch.seed.toString(16)}: ${ours.error}`);
      cases += batch.cases.length;
      faultedCases += ours.faulted.size;
      if (!ours.records) {
        problems.push(
          `batch seed 0x${batch.seed.toString(16)}: no output; all ${batch.cases.length} cases count as mismatches`,
        );
        for (let i = 0; i < batch.cases.length; i++)
          mismatches.push({ caseIndex: i, text: `case ${i}: no output`, kinds: ['no output'] });
        continue;
      }
      mismatches.push(...compareRuns(batch, ref.records, ours.records, ours.faulted));
    }
    console.log(
      `random-insn: ${cases} cases, ${mismatches.length} mismatching (${faultedCases} raised an exception in ppcjit); ` +
        `qemu-ppc ${(qemuMs / 1000).toFixed(1)} s, ppcjit ${(oursMs / 1000).toFixed(1)} s`,
    );
    if (problems.length) console.log(problems.slice(0, 10).join('\n'));
    // a histogram of what differs (FPSCR by the bits that differ; exceptions by opcode)
    const byCause = new Map<string, number>();
    for (const m of mismatches) for (const k of m.kinds) byCause.set(k, (byCause.get(k) ?? 0) + 1);
    console.log(
      [...byCause]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 30)
        .map(([k, n]) => `  ${k} ×${n}`)
        .join('\n'),
    );
    console.log(
      mismatches
        .slice(0, SHOW)
        .map((m) => m.text)
        .join('\n'),
    );
    expect(cases).toBeGreaterThanOrEqual(Math.min(100_000, BATCHES * CASES_PER_BATCH));
    expect(mismatches.length).toBe(0);
  });
});
