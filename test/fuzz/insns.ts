/**
 * Target `insns`: random instruction words — any word, and words drawn from the privileged,
 * reserved, floating-point and AltiVec opcode spaces — run on a pegasos2 in supervisor or user
 * state with random MSR[IR/DR/PR/FP/VEC/EE] (a BAT maps RAM so translation works). MSR[IP] is
 * set as VOF leaves it, so the first interrupt vectors into the empty ROM and the machine stops
 * naming it. Expected: an interrupt, the guest still running, or its exit; never a host
 * exception. The first word's interrupt is also checked against the instruction table where it
 * is certain: no such instruction → program (illegal), privileged in user state → program
 * (privileged), FP with MSR[FP]=0 → FP unavailable, AltiVec with MSR[VEC]=0 → AltiVec
 * unavailable (illegal on a CPU without AltiVec).
 */
import fc from 'fast-check';
import { findCpuModel } from '../../src/cpu/models.js';
import { Spr } from '../../src/cpu/spr.js';
import { decode } from '../../src/decoder/decode.js';
import { Flag } from '../../src/decoder/types.js';
import { Pegasos2 } from '../../src/machine/pegasos2/machine.js';
import { R } from '../../src/runtime/cpu-state.js';
import { MSR, Vector } from '../../src/runtime/interrupts.js';
import { FuzzFailure, type FuzzTarget, wordsToBytes } from './target.js';

const CODE = 0x100000;
const RAM_MB = 16;
const ROM = 0xfff00000;
const SRR1_ILLEGAL = 0x00080000;
const SRR1_PRIVILEGED = 0x00040000;
const TRAP = 0x7fe00008; // tw 31,0,0
/** BAT0: effective 0..16 MB = physical, supervisor and user valid, read/write. */
const BAT_UPPER = ((((RAM_MB << 20) >>> 17) - 1) << 2) | 3;
const BAT_LOWER = 2;

const primary = (op: number) => fc.integer({ min: 0, max: 0x3ffffff }).map((rest) => ((op << 26) | rest) >>> 0);
const x31 = (xos: number[]) =>
  fc
    .tuple(fc.constantFrom(...xos), fc.integer({ min: 0, max: 0x7fff }), fc.boolean())
    .map(([xo, regs, rc]) => ((31 << 26) | (regs << 11) | (xo << 1) | (rc ? 1 : 0)) >>> 0);

/** mfmsr mtmsr mtsr mtsrin mfsr mfsrin tlbie tlbsync dcbi mfspr mtspr mftb … */
const PRIVILEGED_XO = [83, 146, 210, 242, 595, 659, 306, 566, 470, 339, 467, 371, 978, 1010, 370];
const word: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  x31(PRIVILEGED_XO),
  fc.constantFrom(0x4c000064, 0x4c00012c, 0x7c0004ac, 0x44000002, 0x44000022, 0x7c0007a4, 0x00000000),
  fc
    .constantFrom(0, 1, 2, 5, 6, 9, 22, 30, 56, 57, 58, 60, 61, 62)
    .chain(primary), // reserved and 64-bit
  fc
    .constantFrom(48, 49, 50, 51, 52, 53, 54, 55, 59, 63)
    .chain(primary), // floating point
  primary(4), // AltiVec
  x31([6, 38, 7, 39, 71, 103, 135, 167, 199, 231, 263, 295, 359, 487, 822, 342, 374]), // AltiVec loads/stores, dst
  x31([20, 150, 54, 86, 246, 278, 758, 982, 1014, 533, 661, 597, 725]), // lwarx stwcx. cache ops string ops
);

interface Case {
  cpu: string;
  msr: { ir: boolean; dr: boolean; pr: boolean; fp: boolean; vec: boolean; ee: boolean };
  words: number[];
  gprs: number[];
}

/** The interrupt the first word must raise, when the table makes it certain. */
function expectedFirst(c: Case, altivec: boolean): { vector: number; srr1Bits?: number } | undefined {
  const def = decode(c.words[0]);
  if (!def) return { vector: Vector.Program, srr1Bits: SRR1_ILLEGAL };
  if (def.feature === 'altivec' && !altivec) return { vector: Vector.Program, srr1Bits: SRR1_ILLEGAL };
  if (def.feature === 'ppc64' || def.feature === 'hv') return { vector: Vector.Program, srr1Bits: SRR1_ILLEGAL };
  const flags = def.flags ?? 0;
  if (flags & Flag.Privileged && c.msr.pr && !/^m[ft]spr$/.test(def.name)) {
    return { vector: Vector.Program, srr1Bits: SRR1_PRIVILEGED };
  }
  if (def.feature === 'fpu' && !c.msr.fp) return { vector: Vector.FpUnavailable };
  if (def.feature === 'altivec' && !c.msr.vec && !(flags & Flag.IgnoresMsrEnable)) {
    return { vector: Vector.VecUnavailable };
  }
  return undefined;
}

export function runInsns(c: Case): string {
  const model = findCpuModel(c.cpu);
  const m = new Pegasos2({ model, ramMb: RAM_MB, vofEntry: 'vhyp', output: () => {}, startDateMs: 0 });
  m.memory.load(CODE, wordsToBytes([...c.words, TRAP]));
  const s = m.s;
  for (const spr of [Spr.IBAT0U, Spr.DBAT0U]) {
    s.spr[spr] = BAT_UPPER;
    s.spr[spr + 1] = BAT_LOWER;
  }
  c.gprs.forEach((v, i) => {
    s.gpr[i] = v;
  });
  const bit = (on: boolean, b: number) => (on ? b : 0);
  const msr =
    MSR.IP |
    MSR.ME |
    bit(c.msr.ir, MSR.IR) |
    bit(c.msr.dr, MSR.DR) |
    bit(c.msr.pr, MSR.PR) |
    bit(c.msr.fp, MSR.FP) |
    bit(c.msr.vec && model.altivec, MSR.VEC) |
    bit(c.msr.ee, MSR.EE);
  s.pc = CODE;
  s.r[R.MSR] = 0;
  m.runtime.mtmsr!(s, msr, CODE); // through the runtime: translation and the TLB follow
  const expected = expectedFirst(c, model.altivec);
  let reason: ReturnType<Pegasos2['step']>;
  for (let i = 0; i < 2000 && !reason; i++) reason = m.step();
  if (!reason) return 'running';
  if (reason.kind !== 'empty-rom') return reason.kind;
  const vector = reason.vector - ROM;
  if (expected && reason.srr0 === CODE) {
    if (vector !== expected.vector || (expected.srr1Bits && !(reason.srr1 & expected.srr1Bits))) {
      throw new FuzzFailure(
        `0x${c.words[0].toString(16)}: vector 0x${vector.toString(16)} srr1 0x${reason.srr1.toString(16)}, expected 0x${expected.vector.toString(16)}`,
      );
    }
  } else if (expected && !(c.msr.ee && vector === Vector.Decrementer)) {
    throw new FuzzFailure(
      `0x${c.words[0].toString(16)}: vector 0x${vector.toString(16)} at 0x${reason.srr0.toString(16)}, expected 0x${expected.vector.toString(16)} at 0x${CODE.toString(16)}`,
    );
  }
  return `vector 0x${vector.toString(16)}${expected ? ' (checked)' : ''}`;
}

export const insnsTarget: FuzzTarget<Case> = {
  description: 'random instruction words (privileged, reserved, FP, AltiVec) in system mode with random MSR bits',
  input: () =>
    fc.record({
      cpu: fc.constantFrom('7400', '750', '7447a'),
      msr: fc.record({
        ir: fc.boolean(),
        dr: fc.boolean(),
        pr: fc.boolean(),
        fp: fc.boolean(),
        vec: fc.boolean(),
        ee: fc.boolean(),
      }),
      words: fc.array(word, { minLength: 1, maxLength: 12 }),
      gprs: fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 0xffffffff }),
          fc.integer({ min: 0x100000, max: 0x1fffff }),
          fc.constantFrom(0, -1),
        ),
        { minLength: 32, maxLength: 32 },
      ),
    }),
  run: runInsns,
  testRuns: 150,
};
