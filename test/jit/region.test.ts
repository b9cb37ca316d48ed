import { describe, expect, it } from 'vitest';
import { collectProfile } from '../../src/jit/profile.js';
import { Prot } from '../../src/runtime/flat-memory.js';
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

  // li r4,0; li r5,0; lis r6,1; ori r6,r6,1
  // A: addi r4,r4,1; andi. r0,r4,3; bne OFF   (OFF on the next page: never a member)
  // B: addi r5,r5,1; b A
  // OFF: cmpw r4,r6; beq DONE; b A            DONE: the stop word after B
  const MOSTLY_LEAVES = [
    0x38800000, 0x38a00000, 0x3cc00001, 0x60c60001, 0x38840001, 0x70800003, 0x40820fe8, 0x38a50001, 0x4bfffff0,
  ];
  const OFF = [0x7c043000, 0x4182f020, 0x4bfff008];

  it('drop a region whose calls leave it after about one block, and keep the counts exact', () => {
    const { s, engine } = runWords(
      MOSTLY_LEAVES,
      (_s, m) => {
        m.map(CODE + 0x1000, 0x1000, Prot.RWX);
        OFF.forEach((w, i) => m.w32(CODE + 0x1000 + 4 * i, w));
      },
      (e) => {
        e.regionThreshold = 100;
      },
    );
    expect([s.gpr[4], s.gpr[5]]).toEqual([65537, 16384]);
    // {A, B} loops, so a region was built at A; three calls in four leave it after A, so it was
    // dropped (regionTried 2: never built again) and A runs as a single block again.
    const a = engine.cache.get(CODE + 0x10);
    expect(a?.members).toBeUndefined();
    expect([a?.regionTried, a?.superseded]).toEqual([2, false]);
    expect(engine.instructions).toBe(7 + 3 * 65536 + 2 * 16384 + 2 * 49153 + 49152 + 1);
  });

  it('build a loop longer than the first region size whole', () => {
    // lis r0,1; mtctr r0; li r3,0; L: 11 × (addi r3,r3,1; b .+4); addi r3,r3,1; bdnz L
    const chain = Array.from({ length: 11 }, () => [0x38630001, 0x48000004]).flat();
    const words = [0x3c000001, 0x7c0903a6, 0x38600000, ...chain, 0x38630001, 0x4200ffa4];
    const { s, engine } = runWords(words, undefined, (e) => {
      e.regionThreshold = 100;
      // Each `b .+4` must end its block here (a followed branch would make the loop one block).
      e.followBranches = false;
    });
    expect(s.gpr[3]).toBe(12 * 65536);
    // The first 8 blocks hold no cycle: the region takes in all 12 of the loop's blocks.
    const sizes = [...engine.cache.all()].map((b) => b.members?.length ?? 0);
    expect(Math.max(...sizes)).toBe(12);
    expect(engine.instructions).toBe(3 + 24 * 65536 + 1);
  });
});
