import { describe, expect, it } from 'vitest';
import { collectProfile } from '../../src/jit/profile.js';
import { CODE, runWords } from './harness.js';

// li r3,0; li r4,0; lis r0,1; nop; mtctr r0
// loop: andi. r0,r4,1; beq skip; addi r3,r3,1; skip: addi r4,r4,1; bdnz loop
const LOOP = [
  0x38600000, 0x38800000, 0x3c000001, 0x60000000, 0x7c0903a6, 0x70800001, 0x41820008, 0x38630001, 0x38840001,
  0x4200fff0,
];

describe('regions', () => {
  it('run a hot multi-block loop as one function with the right result and exact block counts', () => {
    const { s, engine } = runWords(LOOP);
    expect(s.gpr[4]).toBe(65536);
    expect(s.gpr[3]).toBe(32768);
    expect(engine.regionsCompiled).toBeGreaterThanOrEqual(1);
    const profile = collectProfile(engine, undefined);
    const entries = new Map(profile.blocks.map((b) => [b.start, b.entries]));
    expect(entries.get(CODE + 0x14)).toBe(65535); // andi./beq (iteration 1 ran in the first block)
    expect(entries.get(CODE)).toBe(1);
    expect(entries.get(CODE + 0x1c)).toBe(32768); // odd: addi r3 … bdnz
    expect(entries.get(CODE + 0x20)).toBe(32768); // even: addi r4; bdnz
    expect(engine.instructions).toBe(7 + 65535 * 2 + 32768 * 3 + 32768 * 2 + 1);
  });

  it('give the same answer with regions turned off', () => {
    const off = runWords(LOOP, undefined, (engine) => {
      engine.regions = false;
    });
    expect(off.engine.regionsCompiled).toBe(0);
    expect([off.s.gpr[3], off.s.gpr[4]]).toEqual([32768, 65536]);
    expect(off.engine.instructions).toBe(7 + 65535 * 2 + 32768 * 3 + 32768 * 2 + 1);
  });
});
