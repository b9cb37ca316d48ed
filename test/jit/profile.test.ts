import { describe, expect, it } from 'vitest';
import { collectProfile, formatProfile, toCpuProfile } from '../../src/jit/profile.js';
import { SymbolTable } from '../../src/machine/symbols.js';
import { CODE, runWords } from './harness.js';

// main: lis r0,0x12; ori r0,r0,0xd687 (1,234,567); mtctr r0; li r3,0
// loop: bl func; bdnz loop; (stop)   func (CODE+0x20): addi r3,r3,1; blr
const CALLS = 1_234_567;
const PROGRAM = [0x3c000012, 0x6000d687, 0x7c0903a6, 0x38600000, 0x48000011, 0x4200fffc, 0, 0, 0x38630001, 0x4e800020];
const symbols = new SymbolTable([
  { name: 'main', value: CODE, size: 0x20 },
  { name: 'func', value: CODE + 0x20, size: 8 },
]);

describe('block profiler', () => {
  const { s, engine, raised } = runWords(PROGRAM);
  while (raised.length === 0) engine.run(1_000_000);
  const profile = collectProfile(engine, symbols);

  it('counts the calls of a function exactly', () => {
    expect(s.gpr[3]).toBe(CALLS);
    const func = profile.functions.find((f) => f.symbol === 'func');
    expect(func?.entries).toBe(CALLS);
    expect(func?.instructions).toBe(2 * CALLS);
    const block = profile.blocks.find((b) => b.start === CODE + 0x20);
    expect(block).toMatchObject({ symbol: 'func', entries: CALLS, translations: 1 });
  });

  it('names the hottest function in the report and exports a loadable .cpuprofile', () => {
    const text = formatProfile(profile);
    expect(text).toContain('func');
    const cpu = toCpuProfile(profile) as {
      nodes: { id: number; callFrame: { functionName: string } }[];
      samples: number[];
    };
    const names = cpu.nodes.map((n) => n.callFrame.functionName);
    expect(names).toContain('func');
    const ids = new Set(cpu.nodes.map((n) => n.id));
    expect(cpu.samples.every((id) => ids.has(id))).toBe(true);
  });

  it('counts the instructions that ran through templates before blocks were compiled', () => {
    // Every block entered fewer times than the threshold stayed cold; the loop blocks ran
    // exactly compileThreshold - 1 times through templates, then compiled.
    const threshold = engine.compileThreshold;
    expect(threshold).toBeGreaterThan(1);
    const loopBlocks = profile.blocks.filter((b) => b.entries >= threshold);
    const cold = profile.blocks.filter((b) => b.entries < threshold);
    const expected =
      loopBlocks.reduce((n, b) => n + (threshold - 1) * (b.instructions / b.entries), 0) +
      cold.reduce((n, b) => n + b.instructions, 0);
    expect(profile.templateInstructions).toBe(expected);
    expect(profile.blocksCompiled).toBe(loopBlocks.length);
    expect(formatProfile(profile)).toMatch(/\(\d+\.\d% through templates\)/);
  });

  it('with threshold 0 compiles every block and runs nothing through templates', () => {
    const run = runWords(PROGRAM, undefined, (e) => {
      e.compileThreshold = 0;
    });
    while (run.raised.length === 0) run.engine.run(1_000_000);
    const p = collectProfile(run.engine, symbols);
    expect(p.templateInstructions).toBe(0);
    expect(p.blocksCompiled).toBe(p.blocksTranslated);
  });
});

describe('block profiler, with a block that runs on through a tail call', () => {
  // main: li r0,1000; mtctr r0; li r3,0
  // loop: bl wrap; bdnz loop; (stop)
  // wrap (CODE+0x20): addi r3,r3,2; b func      func (CODE+0x40): addi r3,r3,1; blr
  // The block at wrap continues through its `b` into func (block.ts findBlock).
  const N = 1000;
  const words = [0x38000000 | N, 0x7c0903a6, 0x38600000, 0x48000015, 0x4200fffc, 0, 0, 0];
  const program = [...words, 0x38630002, 0x4800001c, 0, 0, 0, 0, 0, 0, 0x38630001, 0x4e800020];
  const table = new SymbolTable([
    { name: 'main', value: CODE, size: 0x20 },
    { name: 'wrap', value: CODE + 0x20, size: 0x20 },
    { name: 'func', value: CODE + 0x40, size: 8 },
  ]);
  const { s, engine, raised } = runWords(program);
  while (raised.length === 0) engine.run(1_000_000);
  const profile = collectProfile(engine, table);

  it('counts the entries and instructions of the function it ran on into', () => {
    expect(s.gpr[3]).toBe(3 * N);
    const block = profile.blocks.find((b) => b.start === CODE + 0x20);
    expect(block).toMatchObject({ entries: N, instructions: 4 * N });
    const byName = Object.fromEntries(profile.functions.map((f) => [f.symbol, f]));
    expect([byName.wrap.entries, byName.wrap.instructions]).toEqual([N, 2 * N]);
    expect([byName.func.entries, byName.func.instructions]).toEqual([N, 2 * N]);
  });
});
