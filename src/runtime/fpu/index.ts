/**
 * The FPU helpers generated code calls as rt.<name>(s, …). One small monomorphic function
 * per instruction so V8 inlines them into the blocks. Each reads and writes FPSCR in
 * s.r[R.FPSCR] directly (FPU emitters never keep FPSCR in a block local).
 *
 * Where this follows the architecture and qemu-ppc 7.2 does not (all measured with
 * test/diff/fpu-qemu.ts and test/diff/random-insn against qemu-ppc -cpu 7450):
 * - FR is set when rounding increased the magnitude (QEMU never sets it).
 * - fnmadd/fnmsub[s] round a·c ± b and then negate (Book I); QEMU negates before rounding,
 *   so under RN=2/3 its results differ (it behaves like the opposite directed mode).
 * - FX is set only when an exception bit goes 0 → 1; QEMU sets FX on every exception.
 * - FPRF of a single-precision result classifies single denormals as denormal (as Dolphin's
 *   UpdateFPRFSingle does for Gekko); QEMU classifies the double-format value (normal).
 * - fcmpu/fcmpo alter only CR[BF], FPCC, FX, VXSNAN, VXVC; QEMU also clears FI and, for
 *   fcmpo of a NaN, sets FPRF[C].
 * - fres(±0) is ±∞ with ZX (QEMU ±0.5); fres/frsqrte leave XX alone (QEMU sets it).
 * - 0 × ∞ + SNaN sets VXIMZ and VXSNAN (QEMU: VXIMZ only).
 * Not implemented: enabled-exception result handling (VE/ZE=1 leave FRT unchanged, OE/UE=1
 * scale the exponent) — results are those of disabled exceptions; FEX is computed. Linux
 * user mode runs with MSR[FE0]=MSR[FE1]=0, so no FP program interrupt is raised.
 */
import type { CpuState } from '../cpu-state.js';
import { add, div, fma, mul, roundToSingle, sqrt, sub } from './arith.js';
import {
  absBits,
  moveFieldToCr,
  moveToFields,
  negAbsBits,
  negateBits,
  readFpscr,
  setBit,
  writeFields,
} from './control.js';
import { compare, convertToInt32, reciprocalEstimate, reciprocalSqrtEstimate } from './convert.js';

type S = CpuState;

export const fpuHelpers = {
  fadd: (s: S, a: number, b: number) => add(s, a, b, false),
  fadds: (s: S, a: number, b: number) => add(s, a, b, true),
  fsub: (s: S, a: number, b: number) => sub(s, a, b, false),
  fsubs: (s: S, a: number, b: number) => sub(s, a, b, true),
  fmul: (s: S, a: number, c: number) => mul(s, a, c, false),
  fmuls: (s: S, a: number, c: number) => mul(s, a, c, true),
  fdiv: (s: S, a: number, b: number) => div(s, a, b, false),
  fdivs: (s: S, a: number, b: number) => div(s, a, b, true),
  fsqrt: (s: S, b: number) => sqrt(s, b, false),
  fsqrts: (s: S, b: number) => sqrt(s, b, true),
  fmadd: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, false, false, false),
  fmadds: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, false, false, true),
  fmsub: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, true, false, false),
  fmsubs: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, true, false, true),
  fnmadd: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, false, true, false),
  fnmadds: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, false, true, true),
  fnmsub: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, true, true, false),
  fnmsubs: (s: S, a: number, c: number, b: number) => fma(s, a, c, b, true, true, true),
  frsp: (s: S, b: number) => roundToSingle(s, b),
  fctiw: (s: S, b: number) => convertToInt32(s, b, false),
  fctiwz: (s: S, b: number) => convertToInt32(s, b, true),
  fres: (s: S, b: number) => reciprocalEstimate(s, b),
  frsqrte: (s: S, b: number) => reciprocalSqrtEstimate(s, b),
  fcmpu: (s: S, a: number, b: number) => compare(s, a, b, false),
  fcmpo: (s: S, a: number, b: number) => compare(s, a, b, true),
  mffs: (s: S) => readFpscr(s),
  mtfsf: (s: S, fieldMask: number, b: number) => moveToFields(s, fieldMask, b),
  mtfsfi: (s: S, field: number, imm: number) => writeFields(s, 0x80 >>> field, imm << (28 - 4 * field)),
  mtfsb: (s: S, bit: number, on: boolean) => setBit(s, bit, on),
  mcrfs: (s: S, field: number) => moveFieldToCr(s, field),
  fnegBits: negateBits,
  fabsBits: absBits,
  fnabsBits: negAbsBits,
};
