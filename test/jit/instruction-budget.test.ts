import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/jit/engine.js';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { CODE, type Raised, runWords, testRuntime } from './harness.js';

// li r3,0; li r4,0; li r0,3000; nop; mtctr r0
// loop: andi. r0,r4,1; beq skip; addi r3,r3,1; skip: addi r4,r4,1; bdnz loop   (a region when hot)
// li r0,5000; mtctr r0; inner: addi r6,r6,1; bdnz inner                         (a self-loop)
// then an invalid word stops the run.
const PROGRAM = [
  0x38600000, 0x38800000, 0x38000bb8, 0x60000000, 0x7c0903a6, 0x70800001, 0x41820008, 0x38630001, 0x38840001,
  0x4200fff0, 0x38001388, 0x7c0903a6, 0x38c60001, 0x4200fffc, 0x00000000,
];
/** li, li, li, nop, mtctr | 3000 × (andi., beq) + 1500 × addi r3 + 3000 × (addi r4, bdnz) | li, mtctr | 5000 × (addi, bdnz) | stop */
const PROGRAM_INSNS = 5 + 3000 * 2 + 1500 + 3000 * 2 + 2 + 5000 * 2 + 1;
const LONGEST_BLOCK = 7; // li … andi., beq

interface Tiering {
  compileThreshold: number;
  regions: boolean;
}

const TIERINGS: Tiering[] = [
  { compileThreshold: 0, regions: true },
  { compileThreshold: 0, regions: false },
  { compileThreshold: 50, regions: true },
  { compileThreshold: 50, regions: false },
  { compileThreshold: 1000, regions: true },
];

/** Runs PROGRAM in runs of `budget` instructions; returns where each run stopped and the engine. */
function runInSlices(tiering: Tiering, budget: number) {
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  PROGRAM.forEach((w, i) => m.w32(CODE + i * 4, w));
  const s = new CpuState();
  s.pc = CODE;
  const raised: Raised[] = [];
  const engine: Engine = new Engine(
    s,
    m,
    testRuntime(() => engine, raised),
  );
  engine.compileThreshold = tiering.compileThreshold;
  engine.regions = tiering.regions;
  engine.regionThreshold = 40; // regions form within this small program
  const stops: { pc: number; counted: number; r3: number; r6: number }[] = [];
  while (raised.length === 0) {
    engine.run(Number.POSITIVE_INFINITY, budget);
    stops.push({ pc: s.pc, counted: engine.countedInstructions, r3: s.gpr[3], r6: s.gpr[6] });
    if (stops.length > 100_000) throw new Error('no progress');
  }
  return { stops, engine, s };
}

describe('instruction budgets (the slices of deterministic mode)', () => {
  it('end a run at the same block boundary whether blocks run as templates, compiled, self-loops or regions', () => {
    const budget = 37;
    const reference = runInSlices(TIERINGS[0], budget);
    expect(reference.engine.countedInstructions).toBe(PROGRAM_INSNS);
    const ends = reference.stops.slice(0, -1).map((x, i) => x.counted - (i > 0 ? reference.stops[i - 1].counted : 0));
    // Each run stops at the first block boundary at or past its budget.
    for (const n of ends) {
      expect(n).toBeGreaterThanOrEqual(budget);
      expect(n).toBeLessThan(budget + LONGEST_BLOCK);
    }
    for (const tiering of TIERINGS.slice(1)) {
      const run = runInSlices(tiering, budget);
      expect(run.stops, JSON.stringify(tiering)).toEqual(reference.stops);
      expect(run.engine.instructions).toBe(PROGRAM_INSNS);
      if (tiering.regions && tiering.compileThreshold < 1000) expect(run.engine.regionsCompiled).toBeGreaterThan(0);
    }
  });

  it('count a capped self-loop exactly (the 65536-iteration cap returns to the run loop mid-loop)', () => {
    // li r3,0; loop: addi r3,r3,1; bdnz loop
    const loop = [0x38600000, 0x38630001, 0x4200fffc];
    for (const iterations of [10, 65536, 65537, 200_000]) {
      const { s, engine } = runWords(
        loop,
        (st) => {
          st.r[R.CTR] = iterations;
        },
        (e) => {
          e.compileThreshold = 0;
        },
      );
      expect(s.gpr[3]).toBe(iterations);
      expect(engine.instructions).toBe(1 + 2 * iterations + 1);
    }
  });
});
