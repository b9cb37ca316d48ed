/**
 * FP arithmetic with exact IEEE-754 results and exact FPSCR updates (PowerPC Book I ch. 4).
 *
 * Fast path: the host computes hi = RN_double(exact result) and an error-free transformation
 * (two-sum, Dekker two-product, division/sqrt residuals) gives the sign of exact − hi. That
 * pair decides FI/FR/XX and the once-rounded single result (a single-precision result is the
 * exact value rounded once to single — never double-then-single). Anything the pair cannot
 * decide (directed rounding, overflow, tiny results, operands whose products would
 * under/overflow, a possible FMA misrounding) takes the exact BigInt path in exact.ts.
 */

import type { CpuState } from '../cpu-state.js';
import { R } from '../cpu-state.js';
import {
  DEFAULT_QNAN,
  fromWords,
  hiWord,
  isSignalingNaN,
  loWord,
  nextDouble,
  nextSingle,
  quiet,
  signBit,
  truncateNaNToSingle,
} from './bits.js';
import { DOUBLE, type Exact, exactAdd, exactDiv, exactMul, exactOf, exactSqrt, roundExact, SINGLE } from './exact.js';
import {
  CLASS,
  classify,
  FI,
  FPRF,
  FR,
  OX,
  RN_DOWN,
  RN_MASK,
  RN_NEAREST,
  RN_UP,
  RN_ZERO,
  raiseBits,
  UX,
  VXIDI,
  VXIMZ,
  VXISI,
  VXSNAN,
  VXSQRT,
  VXZDZ,
  XX,
  ZX,
} from './fpscr.js';

const SLOT = R.FPSCR;
const MIN_NORMAL = 2.2250738585072014e-308;
const MIN_NORMAL_SINGLE = 1.1754943508222875e-38;
/** Dekker's splitter 2^27 + 1. */
const SPLIT = 134217729;
/** Operand/result bounds inside which Dekker's two-product and the residuals are exact. */
const SAFE_BIG = 2 ** 995;
const SAFE_SMALL = 2 ** -960;

/** The exact error a*b − p of the rounded product p = a*b (valid inside the safe bounds). */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
const isPositiveZero = (x: number) => x === 0 && 1 / x > 0;

/** Writes FR/FI/FPRF and the sticky exceptions of a rounded result; returns the result. */
function commit(
  s: CpuState,
  value: number,
  inexact: boolean,
  incremented: boolean,
  overflow: boolean,
  tiny: boolean,
  single: boolean,
): number {
  const old = s.r[SLOT];
  let exceptions = 0;
  if (inexact) exceptions |= XX;
  if (overflow) exceptions |= OX;
  if (tiny && inexact) exceptions |= UX;
  const fresh = (old & ~(FR | FI | FPRF)) | (inexact ? FI : 0) | (incremented ? FR : 0) | classify(value, single);
  s.r[SLOT] = raiseBits(fresh, exceptions);
  return value;
}

/** An invalid operation (VE=0): FR/FI cleared, FPRF = QNaN, the result is `nan`. */
function invalid(s: CpuState, bits: number, nan: number): number {
  const old = s.r[SLOT];
  s.r[SLOT] = raiseBits((old & ~(FR | FI | FPRF)) | CLASS.qnan, bits);
  return nan;
}

/** A NaN operand propagates (quieted; VXSNAN if it was signalling), FR/FI cleared. */
function propagate(s: CpuState, nan: number, anySignaling: boolean, single: boolean): number {
  const q = quiet(nan);
  return invalid(s, anySignaling ? VXSNAN : 0, single ? truncateNaNToSingle(q) : q);
}

/** Rounds an exact value (or an exact zero of the given sign) through the BigInt path. */
function commitExact(s: CpuState, x: Exact, zero: number, single: boolean): number {
  if (x.mant === 0n) return commit(s, zero, false, false, false, false, single);
  const r = roundExact(x, single ? SINGLE : DOUBLE, s.r[SLOT] & RN_MASK);
  return commit(s, r.value, r.inexact, r.incremented, r.overflow, r.tiny, single);
}

/** Exact value hi + δ where sign(δ) = err and |δ| is far below hi's last place. */
function exactNear(hi: number, err: number): Exact {
  const x = exactOf(hi);
  const mant = (x.mant << 3n) + BigInt(x.neg ? -err : err);
  return { neg: x.neg, mant, exp: x.exp - 3 };
}

/** Single neighbours of f: is hi exactly halfway between f and the next single past it? */
function isSingleMidpoint(hi: number, f: number): boolean {
  const d = hi - f;
  const beyond = Math.fround(f + 2 * d);
  return beyond !== f && beyond - hi === d;
}

/**
 * Completes an operation whose exact result is hi + δ (hi = RN_double of it, finite),
 * err = sign(δ). Zero hi means an exact zero (callers pick its sign).
 */
function finish(s: CpuState, hi: number, err: number, single: boolean): number {
  const rn = s.r[SLOT] & RN_MASK;
  if (hi === 0) return commit(s, hi, false, false, false, false, single);
  // value = the format's round-to-nearest result, e = sign(exact − value).
  let value = hi;
  let e = err;
  if (single) {
    const f = Math.fround(hi);
    if (f !== hi) {
      // Overflow, or a single tie that only the exact value can break.
      if (f - f !== 0 || (rn === RN_NEAREST && e !== 0 && isSingleMidpoint(hi, f)))
        return commitExact(s, exactNear(hi, err), 0, single);
      // hi differs from f by at least one double ulp, so exact lies on hi's side of f.
      e = hi > f ? 1 : -1;
      value = f;
    }
  }
  const minNormal = single ? MIN_NORMAL_SINGLE : MIN_NORMAL;
  // Tiny inexact results (UX, tininess before rounding) go the exact way.
  if (e !== 0 && Math.abs(value) <= minNormal) return commitExact(s, exactNear(hi, err), 0, single);
  if (rn !== RN_NEAREST && e !== 0) {
    // Directed rounding: the nearest value or its neighbour on the exact value's side.
    const away = value > 0 === e > 0;
    const step = rn === RN_ZERO ? !away : rn === RN_UP ? e > 0 : e < 0;
    if (step) {
      value = single ? nextSingle(value, e) : nextDouble(value, e);
      if (value - value !== 0 || Math.abs(value) <= minNormal) return commitExact(s, exactNear(hi, err), 0, single);
      e = -e;
    }
  }
  const inexact = e !== 0;
  return commit(s, value, inexact, inexact && value > 0 === e < 0, false, false, single);
}

// ---- add / subtract -------------------------------------------------------------------

function addSpecial(s: CpuState, a: number, b: number, single: boolean): number {
  if (Number.isNaN(a) || Number.isNaN(b))
    return propagate(s, Number.isNaN(a) ? a : b, isSignalingNaN(a) || isSignalingNaN(b), single);
  const aInf = a - a !== 0;
  const bInf = b - b !== 0;
  if (aInf && bInf && a !== b) return invalid(s, VXISI, DEFAULT_QNAN);
  if (aInf || bInf) return commit(s, aInf ? a : b, false, false, false, false, single);
  // Finite operands whose sum overflowed.
  return commitExact(s, exactAdd(exactOf(a), exactOf(b)), 0, single);
}

export function add(s: CpuState, a: number, b: number, single: boolean): number {
  const hi = a + b;
  if (hi - hi !== 0) return addSpecial(s, a, b, single);
  if (hi === 0) {
    // Exact zero: +0 unless both operands are −0, or rounding toward −∞ (Book I §4.3.6).
    const neg = (s.r[SLOT] & RN_MASK) === RN_DOWN ? !(isPositiveZero(a) && isPositiveZero(b)) : 1 / hi < 0;
    return commit(s, neg ? -0 : 0, false, false, false, false, single);
  }
  const bb = hi - a;
  const err = a - (hi - bb) + (b - bb);
  return finish(s, hi, sign(err), single);
}

export function sub(s: CpuState, a: number, b: number, single: boolean): number {
  // a − b is a + (−b) except that a NaN b propagates with its own sign.
  if (Number.isNaN(b)) return add(s, a, b, single);
  return add(s, a, -b, single);
}

// ---- multiply ---------------------------------------------------------------------------

export function mul(s: CpuState, a: number, b: number, single: boolean): number {
  const hi = a * b;
  if (Number.isNaN(a) || Number.isNaN(b))
    return propagate(s, Number.isNaN(a) ? a : b, isSignalingNaN(a) || isSignalingNaN(b), single);
  if (Number.isNaN(hi)) return invalid(s, VXIMZ, DEFAULT_QNAN);
  const ahi = Math.abs(hi);
  if (ahi >= SAFE_SMALL && ahi !== Number.POSITIVE_INFINITY && Math.abs(a) < SAFE_BIG && Math.abs(b) < SAFE_BIG)
    return finish(s, hi, sign(productError(a, b, hi)), single);
  if (a === 0 || b === 0 || a - a !== 0 || b - b !== 0) return commit(s, hi, false, false, false, false, single);
  return commitExact(s, exactMul(exactOf(a), exactOf(b)), 0, single);
}

// ---- divide -----------------------------------------------------------------------------

export function div(s: CpuState, a: number, b: number, single: boolean): number {
  if (Number.isNaN(a) || Number.isNaN(b))
    return propagate(s, Number.isNaN(a) ? a : b, isSignalingNaN(a) || isSignalingNaN(b), single);
  const q = a / b;
  const aq = Math.abs(q);
  const aa = Math.abs(a);
  const ab = Math.abs(b);
  if (aq >= SAFE_SMALL && aq < SAFE_BIG && aa >= SAFE_SMALL && aa < SAFE_BIG && ab >= SAFE_SMALL && ab < SAFE_BIG) {
    const p = q * b;
    const rem = a - p - productError(q, b, p);
    return finish(s, q, sign(rem) * sign(b), single);
  }
  if (Number.isNaN(q)) return invalid(s, a === 0 ? VXZDZ : VXIDI, DEFAULT_QNAN);
  if (b === 0 && a - a === 0) {
    // x/0, x finite nonzero: ZX; the result is ±∞ with FR/FI cleared (ZE=0).
    const old = s.r[SLOT];
    s.r[SLOT] = raiseBits((old & ~(FR | FI | FPRF)) | classify(q, single), ZX);
    return q;
  }
  if (a === 0 || aa === Number.POSITIVE_INFINITY || ab === Number.POSITIVE_INFINITY)
    return commit(s, q, false, false, false, false, single);
  return commitExact(s, exactDiv(exactOf(a), exactOf(b)), 0, single);
}

// ---- square root ------------------------------------------------------------------------

export function sqrt(s: CpuState, a: number, single: boolean): number {
  if (Number.isNaN(a)) return propagate(s, a, isSignalingNaN(a), single);
  if (a < 0) return invalid(s, VXSQRT, DEFAULT_QNAN);
  const r = Math.sqrt(a);
  if (a >= SAFE_SMALL && a < SAFE_BIG) {
    const p = r * r;
    return finish(s, r, sign(a - p - productError(r, r, p)), single);
  }
  if (a === 0 || a === Number.POSITIVE_INFINITY) return commit(s, r, false, false, false, false, single);
  return commitExact(s, exactSqrt(exactOf(a)), 0, single);
}

// ---- fused multiply-add -----------------------------------------------------------------

/**
 * Whether hi = RN(hi + rem) for a normal hi: |rem| below half the spacing to hi's neighbour
 * on rem's side (a quarter of hi's last place below a power of two). Ties are refused.
 */
function roundsToSelf(hi: number, rem: number): boolean {
  const top = hiWord(hi);
  // Half of hi's last place: biased exponent − 53 (hi ≥ SAFE_SMALL keeps it normal).
  const half = fromWords((((top >>> 20) & 0x7ff) - 53) << 20, 0);
  const powerOfTwo = (top & 0xfffff) === 0 && loWord(hi) === 0;
  const limit = powerOfTwo && hi > 0 !== rem > 0 ? half / 2 : half;
  return Math.abs(rem) < limit;
}

/**
 * a*c + b (subtract: a*c − b) with one rounding; `negate` gives fnmadd/fnmsub (the rounded
 * result negated unless it is a NaN). NaN precedence FRA, FRB, FRC (Book I §4.3.2).
 */
export function fma(s: CpuState, a: number, c: number, b: number, subtract: boolean, negate: boolean, single: boolean) {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c)) {
    const nan = Number.isNaN(a) ? a : Number.isNaN(b) ? b : c;
    const snan = isSignalingNaN(a) || isSignalingNaN(b) || isSignalingNaN(c);
    // 0 × ∞ + NaN is also an invalid multiply (the architecture sets VXIMZ; QEMU forgets).
    const imz =
      (a === 0 && Math.abs(c) === Number.POSITIVE_INFINITY) || (c === 0 && Math.abs(a) === Number.POSITIVE_INFINITY);
    const q = quiet(nan);
    return invalid(s, (snan ? VXSNAN : 0) | (imz ? VXIMZ : 0), single ? truncateNaNToSingle(q) : q);
  }
  const addend = subtract ? -b : b;
  const r = fmaValue(s, a, c, addend, single);
  if (!negate || Number.isNaN(r)) return r;
  // FPRF reflects the negated result: flip the class's sign by reclassifying.
  const old = s.r[SLOT];
  s.r[SLOT] = (old & ~FPRF) | classify(-r, single);
  return -r;
}

function fmaValue(s: CpuState, a: number, c: number, b: number, single: boolean): number {
  const p = a * c;
  if (Number.isNaN(p)) return invalid(s, VXIMZ, DEFAULT_QNAN);
  if (p - p !== 0 && (a - a !== 0 || c - c !== 0)) {
    // Infinite product (an operand is ∞): ∞ − ∞ is invalid, otherwise the result is exact.
    if (b - b !== 0 && b !== p) return invalid(s, VXISI, DEFAULT_QNAN);
    return commit(s, p, false, false, false, false, single);
  }
  if (b - b !== 0) return commit(s, b, false, false, false, false, single);
  if (a === 0 || c === 0) {
    // Exact zero product: the result is b, or a signed zero by the rules for x + y = 0.
    if (b !== 0) return finish(s, b, 0, single);
    const pNeg = signBit(a) !== signBit(c);
    const bNeg = 1 / b < 0;
    const neg = pNeg === bNeg ? pNeg : (s.r[SLOT] & RN_MASK) === RN_DOWN;
    return commit(s, neg ? -0 : 0, false, false, false, false, single);
  }
  const ap = Math.abs(p);
  if (ap >= SAFE_SMALL && ap < SAFE_BIG && Math.abs(a) < SAFE_BIG && Math.abs(c) < SAFE_BIG && Math.abs(b) < SAFE_BIG) {
    const pe = productError(a, c, p);
    // p + pe + b as hi + w + v exactly (three two-sums), then check hi = RN(p + pe + b).
    const s1 = p + b;
    const bv = s1 - p;
    const e1 = p - (s1 - bv) + (b - bv);
    const u = e1 + pe;
    const uv = u - e1;
    const v = e1 - (u - uv) + (pe - uv);
    const hi = s1 + u;
    const hv = hi - s1;
    const w = s1 - (hi - hv) + (u - hv);
    const rem = w + v;
    if (hi !== 0 && Math.abs(hi) >= SAFE_SMALL && roundsToSelf(hi, rem)) return finish(s, hi, sign(rem), single);
    if (hi === 0 && rem === 0) {
      const neg = (s.r[SLOT] & RN_MASK) === RN_DOWN;
      return commit(s, neg ? -0 : 0, false, false, false, false, single);
    }
  }
  const x = exactAdd(exactMul(exactOf(a), exactOf(c)), exactOf(b));
  return commitExact(s, x, (s.r[SLOT] & RN_MASK) === RN_DOWN ? -0 : 0, single);
}

// ---- round to single ----------------------------------------------------------------------

export function roundToSingle(s: CpuState, b: number): number {
  if (Number.isNaN(b)) return propagate(s, b, isSignalingNaN(b), true);
  if (b - b !== 0) return commit(s, b, false, false, false, false, true);
  return finish(s, b, 0, true);
}
