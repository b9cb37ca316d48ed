import * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { findBlock } from '../../src/jit/block.js';
import { generateBlock } from '../../src/jit/compile.js';
import { R } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { CODE, runWords } from './harness.js';

// Blocks that continue through always-taken direct branches (block.ts findBlock). Each program
// runs with following on and off, in the template tier (threshold high) and compiled
// (threshold 0); all four must end in the same state, and the block shapes are checked.

const NOP = 0x60000000;
const INVALID = 0x00000000;
const b = (from: number, to: number) => 0x48000000 | ((to - from) & 0x03fffffc);
const bl = (from: number, to: number) => b(from, to) | 1;
/** bcl 20,31,$+4: LR = the next instruction's address (the PIC idiom). */
const BCL_NEXT = 0x429f0005;
const addi = (rt: number, ra: number, si: number) => (14 << 26) | (rt << 21) | (ra << 16) | (si & 0xffff);
const lwz = (rt: number, ra: number, d: number) => (32 << 26) | (rt << 21) | (ra << 16) | (d & 0xffff);
const mflr = (rt: number) => 0x7c0802a6 | (rt << 21);
const at = (i: number) => CODE + 4 * i;

function blockAt(words: readonly number[], pc: number, follow: boolean) {
  const m = new FlatMemory();
  m.map(CODE, 0x2000, Prot.RWX);
  words.forEach((w, i) => m.w32(CODE + 4 * i, w));
  return findBlock(pc, (ea) => m.fetch(ea), undefined, follow);
}

function runAllWays(words: readonly number[], setup?: Parameters<typeof runWords>[1]) {
  const results = [];
  for (const follow of [true, false]) {
    for (const threshold of [0, 1_000_000]) {
      const r = runWords(words, setup, (e) => {
        e.followBranches = follow;
        e.compileThreshold = threshold;
      });
      results.push({
        gpr: Array.from(r.s.gpr),
        lr: r.s.r[R.LR],
        ctr: r.s.r[R.CTR],
        cr: r.s.r[R.CR],
        pc: r.s.pc,
        raised: r.raised,
        instructions: r.engine.instructions,
      });
    }
  }
  for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  return results[0];
}

describe('blocks that follow always-taken branches', () => {
  // 0: addi r3,r3,1; 1: b 3; 2: .long 0; 3: addi r3,r3,2; 4: bcl 20,31,$+4; 5: mflr r4; 6: stop
  const forward = [addi(3, 3, 1), b(at(1), at(3)), INVALID, addi(3, 3, 2), BCL_NEXT, mflr(4)];

  it('continue at the target of b and bcl 20,31,$+4, and skip what the branch skips', () => {
    const block = blockAt(forward, CODE, true);
    expect(block.map((i) => i.pc)).toEqual([at(0), at(1), at(3), at(4), at(5), at(6)]);
    expect(blockAt(forward, CODE, false).map((i) => i.pc)).toEqual([at(0), at(1)]);
    const r = runAllWays(forward);
    expect([r.gpr[3], r.gpr[4], r.lr]).toEqual([3, at(5), at(5)]);
    // 5 instructions ran, then the invalid word at 6 raised.
    expect(r.raised).toEqual([{ code: Exc.Illegal, pc: at(6), detail: expect.any(Number) }]);
  });

  it('generate valid JS in which a followed branch leaves nothing but its link', () => {
    const body = generateBlock(blockAt(forward, CODE, true), undefined, 'flat').body;
    acorn.parse(`function block(s, m, rt, cnt) {\n${body}\n}`, { ecmaVersion: 2022 });
    // No exit to the followed branches' targets; the only `break b` is the invalid word's raise.
    expect(body).not.toContain(`npc = 0x${at(3).toString(16)};`);
    expect(body).not.toContain(`npc = 0x${at(5).toString(16)};`);
    expect(body.match(/break b;/g)).toHaveLength(1);
    expect(body).toContain(`lr = ${`0x${at(5).toString(16)}`} | 0;`);
  });

  it('deliver a fault after a followed branch at the faulting instruction', () => {
    // r5 points at unmapped memory: the lwz at 3, reached through the b at 1, faults.
    const words = [addi(3, 0, 7), b(at(1), at(3)), INVALID, lwz(6, 5, 0), addi(3, 3, 1)];
    const r = runAllWays(words, (s) => {
      s.gpr[5] = 0x7000_0000;
    });
    expect(r.raised.map((x) => x.pc)).toEqual([at(3)]);
    expect(r.gpr[3]).toBe(7);
  });

  it('stop at a branch to another page, to the block start, to an instruction already in it, and at bl', () => {
    const farWords = Array(0x400).fill(NOP);
    farWords[0] = b(at(0), CODE + 0x1000);
    expect(blockAt(farWords, CODE, true)).toHaveLength(1);
    // Self-loop: the block stays one basic block (a self-looping block).
    expect(blockAt([addi(3, 3, 1), b(at(1), at(0))], CODE, true)).toHaveLength(2);
    // b forward, then b back into the middle of what was decoded: ends at the second b.
    const back = [NOP, b(at(1), at(3)), NOP, NOP, b(at(4), at(2))];
    expect(blockAt(back, CODE, true).map((i) => i.pc)).toEqual([at(0), at(1), at(3), at(4), at(2)]);
    expect(blockAt([NOP, bl(at(1), at(3)), NOP, NOP], CODE, true)).toHaveLength(2);
  });

  it('run a loop made of followed branches as a self-loop', () => {
    // li r3,0; li r4,100; mtctr r4; L: addi r3,r3,1; b M; .long 0; M: bdnz L
    const words = [addi(3, 0, 0), addi(4, 0, 100), 0x7c8903a6, addi(3, 3, 1), b(at(4), at(6)), INVALID, 0x4200fff4];
    const r = runAllWays(words);
    expect(r.gpr[3]).toBe(100);
    expect(r.instructions).toBe(3 + 3 * 100 + 1); // the invalid word after the loop counts too
    expect(blockAt(words, at(3), true).map((i) => i.pc)).toEqual([at(3), at(4), at(6)]);
  });
});
