/**
 * The FPU helpers generated code calls as rt.<name>(s, …). One small monomorphic function
 * per instruction so V8 inlines them into the blocks. Each reads and writes FPSCR in
 * s.r[R.FPSCR] directly (FPU emitters never keep FPSCR in a block local).
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
