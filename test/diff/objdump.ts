import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xorshift32 } from '../support/xorshift.js';

export const OBJDUMP = process.env.PPC_OBJDUMP ?? 'powerpc-linux-gnu-objdump';

export function haveTool(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Disassembles big-endian words with objdump -M 7450; returns one text per word. */
export function objdumpWords(words: Uint32Array, vma = 0): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-objdump-'));
  try {
    const bytes = new Uint8Array(words.length * 4);
    const dv = new DataView(bytes.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, w, false));
    const file = join(dir, 'words.bin');
    writeFileSync(file, bytes);
    const out = execFileSync(
      OBJDUMP,
      ['-D', '-z', '-b', 'binary', '-m', 'powerpc', '-M', '7450', '-EB', `--adjust-vma=0x${vma.toString(16)}`, file],
      { maxBuffer: 1 << 30, encoding: 'utf8' },
    );
    return parseObjdump(out, words.length, vma);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Extracts per-address instruction text from objdump -d output, symbol annotations removed. */
export function parseObjdump(out: string, count: number, vma: number): string[] {
  const texts: string[] = new Array(count);
  for (const line of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} ){4}\t(.*)$/.exec(line);
    if (!m) continue;
    const idx = (Number.parseInt(m[1], 16) - vma) / 4;
    if (idx >= 0 && idx < count) texts[idx] = m[2].replace(/\s+<[^>]*>$/, '').trimEnd();
  }
  return texts;
}

/** Seeded random words (xorshift32) so every run compares the same words. */
export function seededWords(count: number, seed: number): Uint32Array {
  const next = xorshift32(seed);
  return Uint32Array.from({ length: count }, next);
}
