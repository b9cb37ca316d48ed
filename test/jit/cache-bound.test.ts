/**
 * The translation cache stays bounded under guests that write code forever (issue 18): a guest
 * "JIT" that generates a new function at a new address on every iteration, and a guest that
 * rewrites one instruction in place on every iteration (with profiling, which keeps the counts of
 * every block that left the cache).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectProfile } from '../../src/jit/profile.js';
import { Prot } from '../../src/runtime/flat-memory.js';
import { tinyElf } from '../machine/elf-builder.js';
import { CODE, testMachine } from './harness.js';

const lis = (rd: number, v: number) => ((15 << 26) | (rd << 21) | (v & 0xffff)) >>> 0;
const li = (rd: number, v: number) => ((14 << 26) | (rd << 21) | (v & 0xffff)) >>> 0;
const addi = (rd: number, ra: number, v: number) => ((14 << 26) | (rd << 21) | (ra << 16) | (v & 0xffff)) >>> 0;
const ori = (ra: number, rs: number, v: number) => ((24 << 26) | (rs << 21) | (ra << 16) | v) >>> 0;
const or = (ra: number, rs: number, rb: number) =>
  ((31 << 26) | (rs << 21) | (ra << 16) | (rb << 11) | (444 << 1)) >>> 0;
const add = (rd: number, ra: number, rb: number) =>
  ((31 << 26) | (rd << 21) | (ra << 16) | (rb << 11) | (266 << 1)) >>> 0;
const stw = (rs: number, d: number, ra: number) => ((36 << 26) | (rs << 21) | (ra << 16) | (d & 0xffff)) >>> 0;
const mtctr = (rs: number) => (0x7c0903a6 | (rs << 21)) >>> 0;
const BCTRL = 0x4e800421;
const cmpw = (ra: number, rb: number) => ((31 << 26) | (ra << 16) | (rb << 11)) >>> 0;
const blt = (from: number, to: number) => ((16 << 26) | (12 << 21) | (((to - from) * 4) & 0xfffc)) >>> 0;
const EXIT = [or(3, 11, 11), li(0, 1), 0x44000002]; // exit(sum)

/**
 * for (i = 0; i < n; i++) { f = buf + 4096 i; f[0] = `li r3,i`; f[1] = `blr`; sum += f(); }
 * then exit(sum): every function is new code on a page of its own (a store into a page with
 * code would drop that code instead), run once.
 */
function jitGuest(buffer: number, n: number): number[] {
  const loop = 7;
  return [
    lis(5, buffer >>> 16),
    ori(5, 5, buffer & 0xffff),
    li(6, 0),
    lis(7, 0x3860), // li r3,0
    lis(8, 0x4e80),
    ori(8, 8, 0x20), // blr
    li(9, n),
    or(10, 7, 6), // loop: li r3,i
    stw(10, 0, 5),
    stw(8, 4, 5),
    mtctr(5),
    BCTRL,
    add(11, 11, 3),
    addi(5, 5, 0x1000),
    addi(6, 6, 1),
    cmpw(6, 9),
    blt(loop + 9, loop),
    ...EXIT,
  ];
}
const jitSum = (n: number) => (n * (n - 1)) / 2;

describe('translation cache bound', () => {
  it('a guest generating new code forever: at most maxBlocks live blocks, the rest evicted', () => {
    const { s, m, raised, engine } = testMachine();
    const buffer = 0x100000;
    const n = 5000;
    m.map(buffer, n * 0x1000, Prot.RWX);
    jitGuest(buffer, n).forEach((w, i) => m.w32(CODE + i * 4, w));
    s.pc = CODE;
    engine.cache.maxBlocks = 300;
    let largest = 0;
    while (raised.length === 0) {
      engine.run(50);
      largest = Math.max(largest, engine.cache.size);
    }
    expect(raised).toEqual([{ code: 100, pc: CODE + 19 * 4, detail: 0 }]); // the exit sc
    expect(s.gpr[3]).toBe(jitSum(n) | 0);
    expect(largest).toBe(300);
    // n generated functions plus the loop's blocks, translated again after each flush.
    expect(engine.cache.compiled).toBe(engine.cache.evicted + engine.cache.size);
    expect(engine.cache.flushes).toBe(Math.floor((engine.cache.compiled - 1) / 300));
    expect(engine.cache.evicted).toBeGreaterThanOrEqual(n - 300);
  });

  it('a guest rewriting one instruction forever keeps one profile record for it', () => {
    const { s, m, raised, engine } = testMachine();
    engine.cache.keepRetired = true;
    const fn = 0x100000;
    m.map(fn, 0x1000, Prot.RWX);
    const n = 3000;
    // for (i = 0; i < n; i++) { *fn = `addi r3,r3,i`; fn[1] = blr; fn(); } — r3 = sum of i
    const words = [
      lis(5, fn >>> 16),
      li(6, 0),
      lis(7, 0x3863), // addi r3,r3,0
      lis(8, 0x4e80),
      ori(8, 8, 0x20),
      li(9, n),
      li(3, 0),
      or(10, 7, 6),
      stw(10, 0, 5),
      stw(8, 4, 5),
      mtctr(5),
      BCTRL,
      addi(6, 6, 1),
      cmpw(6, 9),
      blt(13 + 1, 7),
      0x44000002,
    ];
    words.forEach((w, i) => m.w32(CODE + i * 4, w));
    s.pc = CODE;
    engine.run(1_000_000);
    expect(raised).toEqual([{ code: 100, pc: CODE + 15 * 4, detail: 0 }]);
    expect(s.gpr[3]).toBe(jitSum(n));
    expect(engine.cache.invalidated).toBeGreaterThanOrEqual(n - 1);
    expect([...engine.cache.retired].map((r) => r.start)).toEqual([fn]);
    const profile = collectProfile(engine, undefined);
    expect(profile.totalInstructions).toBe(engine.instructions);
    expect(profile.blocks.find((b) => b.start === fn)).toMatchObject({ entries: n, instructions: 2 * n });
  });

  it('ppcjit run --max-blocks N --profile: the guest runs correctly and the profile counts the evictions', () => {
    const base = 0x10000000;
    const buffer = base + 0x1000;
    const n = 3000;
    const bytes = tinyElf(jitGuest(buffer, n), base);
    new DataView(bytes.buffer).setUint32(52 + 20, 0x1000 + n * 0x1000); // p_memsz: the buffer as bss
    const dir = mkdtempSync(join(tmpdir(), 'ppcjit-cache-'));
    const elf = join(dir, 'jit.elf');
    writeFileSync(elf, bytes);
    const ppcjit = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
    const r = spawnSync(process.execPath, [ppcjit, 'run', '--profile', '--max-blocks', '256', elf], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(jitSum(n) & 0xff);
    const first = r.stderr.split('\n')[0];
    // Times and the template share depend on the host; the counts do not.
    const counts = first.replace(/\d+\.\d+( ms|%)/g, 'T$1');
    const instructions = 10 + 12 * n;
    expect(counts).toMatch(
      new RegExp(
        `^ppcjit profile: ${instructions} guest instructions \\(T% through templates\\), T ms in blocks, (\\d+) blocks translated \\(0 compiled\\) in T ms, (\\d+) evicted \\(translation cache full (\\d+) times\\)$`,
      ),
    );
    const [, translated, evicted, flushes] = counts
      .match(/(\d+) blocks translated.* (\d+) evicted.* full (\d+) times/)!
      .map(Number);
    expect(flushes).toBe(Math.floor((translated - 1) / 256));
    expect(evicted).toBe(flushes * 256);
  });
});
