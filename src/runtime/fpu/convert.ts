/**
 * fctiw/fctiwz, the reciprocal estimates and the compares.
 */

import type { CpuState } from '../cpu-state.js';
import { R } from '../cpu-state.js';
import { div, sqrt } from './arith.js';
import { DEFAULT_QNAN, fromWords, isSignalingNaN, quiet } from './bits.js';
import {
  CLASS,
  classify,
  FI,
  FPCC,
  FPRF,
  FR,
  RN_DOWN,
  RN_MASK,
  RN_NEAREST,
  RN_UP,
  raiseBits,
  VE,
  VXCVI,
  VXSNAN,
  VXVC,
  XX,
  ZX,
} from './fpscr.js';

const SLOT = R.FPSCR;

/**
 * fctiw (rn = FPSCR[RN]) / fctiwz (toward zero). The low word is the int32; the high word is
 * what qemu-ppc 7.2 leaves there (the architecture says undefined): the int32 sign-extended,
 * and 0 for a NaN operand (QEMU returns its 0x80000000 "nanval" zero-extended). Measured with
 * qemu-ppc -cpu 7450: fctiw(-3e10) = 0xffffffff80000000, fctiwz(NaN) = 0x0000000080000000.
 * FPRF is undefined after fctiw[z]: unchanged for a valid conversion and, as qemu-ppc does,
 * the QNaN class (C|FU) for an invalid one.
 */
export function convertToInt32(s: CpuState, b: number, towardZero: boolean): number {
  const old = s.r[SLOT];
  if (Number.isNaN(b)) {
    s.r[SLOT] = raiseBits((old & ~(FR | FI | FPRF)) | CLASS.qnan, VXCVI | (isSignalingNaN(b) ? VXSNAN : 0));
    return fromWords(0, 0x80000000);
  }
  const rn = towardZero ? 1 : old & RN_MASK;
  let i: number;
  if (rn === RN_NEAREST) {
    i = Math.round(b);
    // Math.round rounds halves up; ties go to even here.
    if (i - b === 0.5 && i % 2 !== 0) i -= 1;
  } else if (rn === RN_UP) i = Math.ceil(b);
  else if (rn === RN_DOWN) i = Math.floor(b);
  else i = Math.trunc(b);
  if (i > 2147483647 || i < -2147483648) {
    s.r[SLOT] = raiseBits((old & ~(FR | FI | FPRF)) | CLASS.qnan, VXCVI);
    return i > 0 ? fromWords(0, 0x7fffffff) : fromWords(-1, 0x80000000);
  }
  const inexact = i !== b;
  s.r[SLOT] = raiseBits(
    (old & ~(FR | FI)) | (inexact ? FI : 0) | (inexact && Math.abs(i) > Math.abs(b) ? FR : 0),
    inexact ? XX : 0,
  );
  return fromWords(i < 0 ? -1 : 0, i | 0);
}

/**
 * fres: 1/b rounded once to single (as qemu-ppc computes it; the 7450 only promises an
 * estimate within 1/4096, which this exact value meets). Architecture, not QEMU: fres(±0)
 * is ±∞ with ZX (QEMU returns ±0.5). XX is left unaffected (MPC7450 RM: FR/FI undefined,
 * XX not in fres's list); FI/FR are left as the exact division sets them.
 */
export function reciprocalEstimate(s: CpuState, b: number): number {
  const xx = s.r[SLOT] & XX;
  const r = div(s, 1, b, true);
  s.r[SLOT] = (s.r[SLOT] & ~XX) | xx;
  return r;
}

/**
 * frsqrte: 1/√b in double precision the way qemu-ppc 7.2 computes it (√ then a division,
 * each rounded), bit-identical to QEMU under round-to-nearest. Negative nonzero b: VXSQRT;
 * ±0: ±∞ with ZX. XX is left unaffected; FR is never set (undefined); FI tells whether
 * either step was inexact.
 */
export function reciprocalSqrtEstimate(s: CpuState, b: number): number {
  const old = s.r[SLOT];
  if (Number.isNaN(b) || b < 0) return sqrt(s, b, false);
  if (b === 0) {
    const r = 1 / b;
    s.r[SLOT] = raiseBits((old & ~(FR | FI | FPRF)) | classify(r, false), ZX);
    return r;
  }
  const root = sqrt(s, b, false);
  const inexactRoot = (s.r[SLOT] & FI) !== 0;
  const r = div(s, 1, root, false);
  const fi = inexactRoot || (s.r[SLOT] & FI) !== 0;
  s.r[SLOT] = (s.r[SLOT] & ~(XX | FR | FI)) | (old & XX) | (fi ? FI : 0) | 0;
  return r;
}

/**
 * fcmpu/fcmpo: returns the 4-bit CR field (FL FG FE FU) and stores it in FPCC. fcmpu:
 * VXSNAN for an SNaN. fcmpo: VXSNAN for an SNaN and, if VE=0, VXVC too; VXVC for a QNaN.
 */
export function compare(s: CpuState, a: number, b: number, ordered: boolean): number {
  const code = a < b ? 8 : a > b ? 4 : a === b ? 2 : 1;
  let exceptions = 0;
  if (code === 1) {
    const snan = isSignalingNaN(a) || isSignalingNaN(b);
    if (snan) exceptions |= VXSNAN;
    if (ordered && (!snan || (s.r[SLOT] & VE) === 0)) exceptions |= VXVC;
  }
  const old = (s.r[SLOT] & ~FPCC) | (code << 12);
  s.r[SLOT] = exceptions ? raiseBits(old, exceptions) : old;
  return code;
}

export { DEFAULT_QNAN, quiet };
