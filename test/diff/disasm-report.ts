// Usage: node --experimental-strip-types is not available on Node 20, so run through vitest
// or: npx tsx test/diff/disasm-report.ts [count] [seed] [primaryOpcode]
// Prints a histogram of mismatches between ppcjit and objdump for random words.
import { disassemble } from '../../src/decoder/disasm.js';
import { objdumpWords, seededWords } from './objdump.js';

const count = Number(process.argv[2] ?? 200000);
const seed = Number(process.argv[3] ?? 12345);
const primary = process.argv[4] === undefined ? -1 : Number(process.argv[4]);
let words = seededWords(count, seed);
if (primary >= 0) words = words.map((w) => ((w & 0x03ffffff) | (primary << 26)) >>> 0);
const ref = objdumpWords(words);
const byKey = new Map<string, { n: number; examples: string[] }>();
let bad = 0;
words.forEach((w, i) => {
  const ours = disassemble(w, i * 4);
  if (ours === ref[i]) return;
  bad++;
  const key = `${w >>> 26}:${ref[i].split(/\s/)[0]}`;
  const e = byKey.get(key) ?? { n: 0, examples: [] };
  e.n++;
  if (e.examples.length < 3) e.examples.push(`${w.toString(16).padStart(8, '0')} objdump='${ref[i]}' ours='${ours}'`);
  byKey.set(key, e);
});
console.log(`${count} words, ${bad} mismatches (${((100 * bad) / count).toFixed(4)}%)`);
for (const [k, e] of [...byKey].sort((a, b) => b[1].n - a[1].n).slice(0, 60)) {
  console.log(`${k} x${e.n}\n  ${e.examples.join('\n  ')}`);
}
