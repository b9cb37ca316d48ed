import * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
import { ALL_FACILITIES } from '../../src/cpu/facilities.js';
import { decode } from '../../src/decoder/decode.js';
import { INSTRUCTIONS } from '../../src/decoder/table/index.js';
import { generateTemplate, templateBlock } from '../../src/jit/template.js';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { FlatMemory } from '../../src/runtime/flat-memory.js';
import { Rng } from '../diff/random-insn/rng.js';
import { fprValue, gprValue } from '../diff/random-insn/values.js';
import { CODE, DATA, type Raised, testMachine, testRuntime } from './harness.js';

/** Random words per table entry; each runs once compiled and once through its template. */
const WORDS_PER_ENTRY = 60;

interface Outcome {
  next: number;
  raised: Raised[];
  gpr: number[];
  fpr: number[];
  r: number[];
  spr: number[];
  sr: number[];
  vr: number[];
  data: number[];
}

/** Registers: half point into DATA (so loads and stores mostly hit memory), half edge values. */
function randomState(rng: Rng, s: CpuState, m: FlatMemory): void {
  for (let n = 0; n < 32; n++) {
    s.gpr[n] = rng.chance(0.5) ? DATA + 0x4000 + (rng.int(0x400) & ~(rng.chance(0.7) ? 3 : 0)) : gprValue(rng);
    const [hi, lo] = fprValue(rng);
    s.fprBits[2 * n] = lo;
    s.fprBits[2 * n + 1] = hi;
  }
  for (let i = 0; i < s.vr.length; i++) s.vr[i] = rng.u32() | 0;
  s.r[R.CR] = rng.u32() | 0;
  s.r[R.LR] = (CODE + rng.int(0x400) * 4) | 0;
  s.r[R.CTR] = rng.chance(0.5) ? rng.range(0, 3) : rng.u32() | 0;
  s.r[R.SO] = rng.int(2);
  s.r[R.OV] = rng.int(2);
  s.r[R.CA] = rng.int(2);
  s.r[R.XER_REST] = rng.int(128);
  // FPSCR: random flags and rounding mode; enables mostly off so results (not traps) are compared.
  s.r[R.FPSCR] = (rng.u32() & 0xfff00f03) | (rng.chance(0.2) ? rng.int(32) << 3 : 0);
  for (let a = 0x4000; a < 0x4800; a += 4) m.w32(DATA + a, (a * 0x9e3779b1) | 0);
}

/** One machine per tier, reused for every case (a FlatMemory is costly to create). */
function machine(compileThreshold: number) {
  const tier = testMachine();
  tier.engine.compileThreshold = compileThreshold;
  return tier;
}

function run(tier: ReturnType<typeof machine>, word: number, seed: number): Outcome {
  const { m, s, raised, engine } = tier;
  const at = CODE + 0x800;
  engine.invalidate(at);
  m.w32(at, word);
  m.w32(at + 4, 0); // an invalid word: the block ends before it
  raised.length = 0;
  s.gpr.fill(0);
  s.r.fill(0);
  s.spr.fill(0);
  s.sr.fill(0);
  randomState(new Rng(seed), s, m);
  s.pc = at;
  const block = engine.lookup(at);
  expect(block.compiled).toBe(engine.compileThreshold === 0);
  const next = block.fn(s, m, engine.rt) >>> 0;
  const data: number[] = [];
  for (let a = 0x4000; a < 0x4800; a += 4) data.push(m.r32(DATA + a));
  return {
    next,
    raised: [...raised],
    gpr: [...s.gpr],
    fpr: [...s.fprBits],
    r: [...s.r].map((v, i) => (i === R.LOOP_ITERS ? 0 : v)),
    spr: [...s.spr],
    sr: [...s.sr],
    vr: [...s.vr],
    data,
  };
}

/** Entries that run from templates (the rest compile at first entry). */
function hasTemplate(word: number): boolean {
  try {
    templateBlock([{ pc: CODE, word, def: decode(word) }]);
    return true;
  } catch {
    return false;
  }
}

describe('cold-tier templates', () => {
  it('behave exactly as compiled blocks on random words of every templated table entry', () => {
    const rng = new Rng(0x7e3b1a7e);
    const compiledTier = machine(0);
    const templateTier = machine(100);
    let compared = 0;
    const untemplated = new Set<string>();
    for (const def of INSTRUCTIONS) {
      for (let k = 0; k < WORDS_PER_ENTRY; k++) {
        const word = (def.match | (rng.u32() & ~def.mask)) >>> 0;
        if (decode(word) !== def) continue;
        if (!hasTemplate(word)) {
          untemplated.add(def.name);
          continue;
        }
        const seed = rng.u32();
        const compiled = run(compiledTier, word, seed);
        const template = run(templateTier, word, seed);
        expect(template, `${def.name} 0x${word.toString(16)} seed ${seed}`).toEqual(compiled);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(INSTRUCTIONS.length * 20);
    // Only the register-range string/multiple ops and AltiVec compile at once.
    for (const name of untemplated) {
      const def = INSTRUCTIONS.find((d) => d.name === name)!;
      expect(def.feature === 'altivec' || /^(lmw|stmw|lswi|lswx|stswi|stswx)$/.test(name), name).toBe(true);
    }
  });

  it('are shared: one template per opcode shape, whatever the registers and address', () => {
    const add = (d: number, a: number, b: number) => (0x7c000214 | (d << 21) | (a << 16) | (b << 11)) >>> 0;
    const one = templateBlock([{ pc: CODE, word: add(3, 4, 5), def: decode(add(3, 4, 5)) }]);
    const s = new CpuState();
    s.gpr[4] = 40;
    s.gpr[5] = 2;
    s.gpr[7] = 7;
    expect(
      one.fn(
        s,
        new FlatMemory(),
        testRuntime(() => undefined as never, []),
      ),
    ).toBe(CODE + 4);
    expect(s.gpr[3]).toBe(42);
    // Same opcode, other registers (all three the same) and another address: same semantics.
    const other = templateBlock([{ pc: 0x2000, word: add(7, 7, 7), def: decode(add(7, 7, 7)) }]);
    expect(
      other.fn(
        s,
        new FlatMemory(),
        testRuntime(() => undefined as never, []),
      ),
    ).toBe(0x2004);
    expect(s.gpr[7]).toBe(14);
  });

  it('generates valid JavaScript (parsed with acorn)', () => {
    for (const word of [0x7c642a14, 0x4182fff8, 0x80610008, 0xfc22182a, 0x44000002]) {
      const def = decode(word);
      const { body } = generateTemplate(
        def,
        { key: word, gprFields: new Map(), fprFields: new Map(), immediates: new Set() },
        ALL_FACILITIES,
      );
      expect(() => acorn.parse(`function t(s, m, rt, w, pc) {\n${body}\n}`, { ecmaVersion: 2022 })).not.toThrow();
    }
  });
});
