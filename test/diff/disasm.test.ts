import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/decoder/disasm.js';
import { parseElf, SHF_EXECINSTR } from '../../src/machine/elf.js';
import { CORPUS_DIR, PPCJIT } from '../corpus/corpus.js';
import { haveTool, OBJDUMP, objdumpWords, seededWords } from './objdump.js';

/**
 * ppcjit's disassembler against binutils objdump -M 7450 (the G4), three ways:
 *  1. 200,000 seeded random words (every primary opcode, reserved bits, invalid forms);
 *  2. the whole executable code of static glibc programs from the corpus (real compiler output);
 *  3. `ppcjit disasm ELF` end to end against `objdump -d -z -M 7450 ELF`.
 * Random words may differ only where an ALLOWED reason explains it, and the unexplained rest must
 * stay ≤ 0.01%; real code must match exactly.
 */
const RANDOM_WORDS = 200_000;
const RANDOM_SEED = 0x5eed1234;
const RANDOM_TOLERANCE = 0.0001;
// glibc dominates each ELF, so two programs (one -O2 with FP, one -O0) cover the real code.
const REAL_CODE_ELFS = ['fpmath-O2', 'lz-O0'];
const E2E_ELF = 'exitcode-O2';

interface Mismatch {
  word: number;
  addr: number;
  objdump: string;
  ours: string;
}

/**
 * Differences we accept, each with the reason it is not a bug. Keep this list short and exact.
 * (Empty reasons are not allowed: a difference nobody can explain is a mismatch.)
 */
const ALLOWED: { reason: string; matches(m: Mismatch): boolean }[] = [
  // None yet: the table is being completed. Add an entry only with the binutils source line
  // (opcodes/ppc-opc.c, opcodes/ppc-dis.c) or manual section that justifies the difference.
];

function explain(m: Mismatch): string | undefined {
  return ALLOWED.find((a) => a.matches(m))?.reason;
}

function compareWords(words: Uint32Array, vma: number): Mismatch[] {
  const ref = objdumpWords(words, vma);
  const out: Mismatch[] = [];
  for (let i = 0; i < words.length; i++) {
    const addr = (vma + i * 4) >>> 0;
    const ours = disassemble(words[i], addr);
    if (ours !== ref[i]) out.push({ word: words[i], addr, objdump: ref[i], ours });
  }
  return out;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** A histogram by primary opcode + objdump mnemonic, with examples, for the log. */
function summarize(title: string, total: number, ms: Mismatch[], limit = 40): string {
  const groups = new Map<string, Mismatch[]>();
  for (const m of ms) {
    const key = `${m.word >>> 26}:${m.objdump.split(/\s/)[0]}${explain(m) ? ` (allowed: ${explain(m)})` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const lines = [`${title}: ${total} words, ${ms.length} mismatches (${((100 * ms.length) / total).toFixed(4)}%)`];
  for (const [k, g] of [...groups].sort((a, b) => b[1].length - a[1].length).slice(0, limit)) {
    lines.push(`  ${k} ×${g.length}`);
    for (const m of g.slice(0, 2))
      lines.push(`    ${hex(m.addr)}: ${hex(m.word)} objdump='${m.objdump}' ours='${m.ours}'`);
  }
  if (groups.size > limit) lines.push(`  … ${groups.size - limit} more groups`);
  return lines.join('\n');
}

function textWords(elfPath: string): { vma: number; words: Uint32Array }[] {
  const bytes = readFileSync(elfPath);
  const elf = parseElf(bytes, elfPath);
  return elf.sections
    .filter((s) => s.flags & SHF_EXECINSTR && s.type !== 8 && s.size >= 4)
    .map((s) => {
      const dv = new DataView(bytes.buffer, bytes.byteOffset + s.offset, s.size);
      const words = new Uint32Array(s.size >>> 2);
      for (let i = 0; i < words.length; i++) words[i] = dv.getUint32(i * 4, false);
      return { vma: s.addr, words };
    });
}

describe.skipIf(!haveTool(OBJDUMP))('disassembler vs objdump -M 7450', () => {
  it(`${RANDOM_WORDS} seeded random words`, () => {
    const words = seededWords(RANDOM_WORDS, RANDOM_SEED);
    const mismatches = compareWords(words, 0);
    const unexplained = mismatches.filter((m) => !explain(m));
    console.log(summarize('random words', words.length, mismatches));
    console.log(`random words: ${mismatches.length - unexplained.length} allowed, ${unexplained.length} unexplained`);
    expect(unexplained.length / words.length).toBeLessThanOrEqual(RANDOM_TOLERANCE);
  });

  for (const name of REAL_CODE_ELFS) {
    it(`all executable sections of static glibc program ${name}`, () => {
      const all: Mismatch[] = [];
      let total = 0;
      for (const { vma, words } of textWords(join(CORPUS_DIR, 'bin', name))) {
        total += words.length;
        all.push(...compareWords(words, vma));
      }
      console.log(summarize(`real code ${name}`, total, all));
      expect(all.length).toBe(0);
    });
  }

  it(`ppcjit disasm ${E2E_ELF} equals objdump -d -z -M 7450 (symbols and headers stripped)`, () => {
    const elf = join(CORPUS_DIR, 'bin', E2E_ELF);
    const ours = execFileSync(process.execPath, [PPCJIT, 'disasm', elf], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .split('\n')
      .filter((l) => l.trim() !== '');
    const theirs: string[] = [];
    const dump = execFileSync(OBJDUMP, ['-d', '-z', '-M', '7450', elf], { encoding: 'utf8', maxBuffer: 1 << 28 });
    for (const l of dump.split('\n')) {
      // "10000138:\t94 21 ff f0 \tstwu    r1,-16(r1)" → "10000138: 9421fff0 stwu    r1,-16(r1)";
      // drops "Disassembly of section …", "10000138 <.init>:" and the file header.
      const m = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} ){4})\t(.*)$/.exec(l);
      if (m) theirs.push(`${m[1]}: ${m[2].replace(/ /g, '')} ${m[3].replace(/\s+<[^>]*>$/, '').trimEnd()}`);
    }
    let differing = 0;
    const examples: string[] = [];
    for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
      if (ours[i] === theirs[i]) continue;
      differing++;
      if (examples.length < 20) examples.push(`  objdump '${theirs[i]}'\n  ppcjit  '${ours[i]}'`);
    }
    console.log(`ppcjit disasm ${E2E_ELF}: ${ours.length} lines, objdump ${theirs.length} lines, ${differing} differ`);
    if (examples.length) console.log(examples.join('\n'));
    expect(ours.length).toBe(theirs.length);
    expect(differing).toBe(0);
  });
});
