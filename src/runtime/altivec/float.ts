import { type CpuState, R } from '../cpu-state.js';
import { scratch, setSat, storeScratch, VSCR_NJ, views } from './lanes.js';

// Single-precision AltiVec arithmetic. The oracle is qemu-ppc (target/ppc/int_helper.c
// over fpu/softfloat with env->vec_status): round to nearest even, NaN operands propagate
// quieted (the first NaN of vA, vB[, vC]), invalid operations give the default NaN
// 0x7fc00000, and with VSCR[NJ] (non-Java mode) denormal operands read as signed zeros
// and a result that is tiny before rounding is flushed to a signed zero.
// JS doubles compute every single-precision +, −, ×, ÷, √ exactly enough that one
// Math.fround gives the correctly rounded float (53 ≥ 2·24 + 2).

const DEFAULT_NAN = 0x7fc00000;
const QUIET_BIT = 0x00400000;
const MIN_NORMAL = 2 ** -126;

const isNaNBits = (x: number) => (x & 0x7fffffff) > 0x7f800000;
const quiet = (x: number) => x | QUIET_BIT;

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Bits of the float nearest `value` (a double holding the exact or near-exact result). */
function roundBits(value: number, flush: boolean): number {
  if (Number.isNaN(value)) return DEFAULT_NAN;
  if (flush && value !== 0 && Math.abs(value) < MIN_NORMAL) return value < 0 ? 0x80000000 | 0 : 0;
  f32[0] = value;
  return i32[0];
}

const flushOn = (s: CpuState) => (s.r[R.VSCR] & VSCR_NJ) !== 0;

/** The value of float bits `x` (read as `value`), a denormal as a signed zero under NJ. */
const operand = (x: number, value: number, flush: boolean) =>
  flush && (x & 0x7f800000) === 0 && value !== 0 ? (x < 0 ? -0 : 0) : value;

type V2 = (s: CpuState, d: number, b: number) => void;
type V3 = (s: CpuState, d: number, a: number, b: number) => void;

/** Element-wise f(a, b); NaN operands propagate before f sees them. */
function binary(op: (x: number, y: number) => number): V3 {
  return (s, d, a, b) => {
    const v = views(s.vr);
    const flush = flushOn(s);
    for (let i = 0; i < 4; i++) {
      const x = v.w[4 * a + i];
      const y = v.w[4 * b + i];
      if (isNaNBits(x)) scratch[i] = quiet(x);
      else if (isNaNBits(y)) scratch[i] = quiet(y);
      else scratch[i] = roundBits(op(operand(x, v.f32[4 * a + i], flush), operand(y, v.f32[4 * b + i], flush)), flush);
    }
    storeScratch(s, d);
  };
}

/** Element-wise f(b) for the one-operand forms. */
function unary(op: (x: number) => number): V2 {
  return (s, d, b) => {
    const v = views(s.vr);
    const flush = flushOn(s);
    for (let i = 0; i < 4; i++) {
      const x = v.w[4 * b + i];
      scratch[i] = isNaNBits(x) ? quiet(x) : roundBits(op(operand(x, v.f32[4 * b + i], flush)), flush);
    }
    storeScratch(s, d);
  };
}

// IEEE max/min: −0 < +0 (softfloat float32_max/float32_min).
const max = (x: number, y: number) => (x > y ? x : y > x ? y : x === 0 && Object.is(x, -0) ? y : x);
const min = (x: number, y: number) => (x < y ? x : y < x ? y : x === 0 && Object.is(y, -0) ? y : x);

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The two 32-bit halves of `f64` (little-endian host: [low, high]). */
const f64Halves = new Uint32Array(f64.buffer);

/** `x` moved one unit in the last place (of a double) toward the sign of `dir`. */
function nudge(x: number, dir: number): number {
  f64[0] = x;
  const lo = f64Halves[0];
  if (x > 0 === dir > 0) {
    f64Halves[0] = lo + 1;
    if (lo === 0xffffffff) f64Halves[1]++;
  } else {
    f64Halves[0] = lo - 1;
    if (lo === 0) f64Halves[1]--;
  }
  return f64[0];
}

/**
 * x·y + z rounded once to single precision (QEMU's float32_muladd is fused). The product of
 * two floats is exact in a double; TwoSum gives the double sum and its error; rounding that
 * sum to odd before Math.fround makes the double rounding exact.
 */
export function fusedMultiplyAdd(x: number, y: number, z: number): number {
  const p = x * y;
  const sum = p + z;
  if (!Number.isFinite(sum) || sum === 0) return sum;
  const zz = sum - p;
  const err = p - (sum - zz) + (z - zz);
  if (err === 0) return sum;
  f64[0] = sum;
  const odd = (f64Halves[0] & 1) === 1;
  return odd ? sum : nudge(sum, err);
}

function multiplyAdd(negate: boolean) {
  return (s: CpuState, d: number, a: number, b: number, c: number) => {
    const v = views(s.vr);
    const flush = flushOn(s);
    for (let i = 0; i < 4; i++) {
      const xa = v.w[4 * a + i];
      const xb = v.w[4 * b + i];
      const xc = v.w[4 * c + i];
      // PowerPC NaN order for vD = vA·vC ± vB: vA, then vB, then vC; (∞·0) + qNaN keeps the NaN.
      if (isNaNBits(xa)) scratch[i] = quiet(xa);
      else if (isNaNBits(xb)) scratch[i] = quiet(xb);
      else if (isNaNBits(xc)) scratch[i] = quiet(xc);
      else {
        const fb = operand(xb, v.f32[4 * b + i], flush);
        const fa = operand(xa, v.f32[4 * a + i], flush);
        const fc = operand(xc, v.f32[4 * c + i], flush);
        const r = fusedMultiplyAdd(fa, fc, negate ? -fb : fb);
        scratch[i] = roundBits(negate && !Number.isNaN(r) ? -r : r, flush);
      }
    }
    storeScratch(s, d);
  };
}

/**
 * 2^x as QEMU's float32_exp2 computes it (fpu/softfloat.c): the Taylor series of e^(x·ln 2)
 * to 15 terms, without range reduction, so it drifts for |x| beyond a few units and goes
 * wildly wrong (even negative) for large negative x. QEMU sums in 64-bit-fraction
 * FloatParts with fused multiply-adds; doubles agree after rounding to single in all
 * cases the differential test met.
 */
const EXP2_COEFFICIENTS = [
  0x3ff0000000000000n,
  0x3fe0000000000000n,
  0x3fc5555555555555n,
  0x3fa5555555555555n,
  0x3f81111111111111n,
  0x3f56c16c16c16c17n,
  0x3f2a01a01a01a01an,
  0x3efa01a01a01a01an,
  0x3ec71de3a556c734n,
  0x3e927e4fb7789f5cn,
  0x3e5ae64567f544e4n,
  0x3e21eed8eff8d898n,
  0x3de6124613a86d09n,
  0x3da93974a8c07c9dn,
  0x3d6ae7f3e733b81fn,
].map((bits) => {
  u64[0] = bits;
  return f64[0];
});
const LN2 = (() => {
  u64[0] = 0x3fe62e42fefa39efn;
  return f64[0];
})();

function exp2Series(a: number): number {
  if (a === Number.POSITIVE_INFINITY) return a;
  if (a === Number.NEGATIVE_INFINITY) return 0;
  if (a === 0) return 1;
  const x = a * LN2;
  let xn = x;
  let r = 1;
  for (const c of EXP2_COEFFICIENTS) {
    r += xn * c;
    xn *= x;
  }
  // Terms beyond the double range: QEMU's FloatParts exponent does not overflow and the
  // sum is dominated by the last term, c·x^15, an infinity of the sign of x once rounded.
  if (!Number.isFinite(r)) return x < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return r;
}

/** Round to an integral value, ties to even. */
const roundEven = (x: number) => {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** vctuxs/vctsxs: x·2^uim truncated, saturated to 32 bits (NaN → 0 without SAT). */
function convertToInt(signed: boolean) {
  const lo = signed ? -0x80000000 : 0;
  const hi = signed ? 0x7fffffff : 0xffffffff;
  return (s: CpuState, d: number, b: number, uim: number) => {
    const v = views(s.vr);
    const flush = flushOn(s);
    let saturated = false;
    for (let i = 0; i < 4; i++) {
      const x = v.w[4 * b + i];
      if (isNaNBits(x)) {
        scratch[i] = 0;
        continue;
      }
      let t = Math.trunc(operand(x, v.f32[4 * b + i], flush) * 2 ** uim);
      if (t > hi) {
        t = hi;
        saturated = true;
      } else if (t < lo) {
        t = lo;
        saturated = true;
      }
      scratch[i] = t;
    }
    storeScratch(s, d);
    if (saturated) setSat(s);
  };
}

/** vcfux/vcfsx: the integer rounded to single, then scaled by 2^-uim (exact). */
function convertFromInt(signed: boolean) {
  return (s: CpuState, d: number, b: number, uim: number) => {
    const v = views(s.vr);
    const flush = flushOn(s);
    for (let i = 0; i < 4; i++) {
      const n = signed ? v.w[4 * b + i] : v.u32[4 * b + i];
      scratch[i] = roundBits(Math.fround(n) / 2 ** uim, flush);
    }
    storeScratch(s, d);
  };
}

function compareFp(test: (x: number, y: number) => boolean) {
  return (s: CpuState, d: number, a: number, b: number): number => {
    const v = views(s.vr);
    const flush = flushOn(s);
    let all = true;
    let none = true;
    for (let i = 0; i < 4; i++) {
      const t = test(
        operand(v.w[4 * a + i], v.f32[4 * a + i], flush),
        operand(v.w[4 * b + i], v.f32[4 * b + i], flush),
      );
      scratch[i] = t ? -1 : 0;
      if (t) none = false;
      else all = false;
    }
    storeScratch(s, d);
    return (all ? 8 : 0) | (none ? 2 : 0);
  };
}

export const floatHelpers = {
  vaddfp: binary((x, y) => x + y),
  vsubfp: binary((x, y) => x - y),
  vmaxfp: binary(max),
  vminfp: binary(min),
  vmaddfp: multiplyAdd(false),
  vnmsubfp: multiplyAdd(true),
  // QEMU computes the estimates as 1/x, 1/√x (two roundings: float32_sqrt, then
  // float32_div), 2^x by a series (float32_exp2, see exp2Series) and log2 x (float32_log2).
  // The 7450 returns estimates within 1/4096 (1/x, 1/√x) or 1/32 (2^x, log2): programs
  // must not depend on the exact bits.
  vrefp: unary((x) => 1 / x),
  vrsqrtefp: unary((x) => (x < 0 ? Number.NaN : 1 / Math.fround(Math.sqrt(x)))),
  vexptefp: unary(exp2Series),
  vlogefp: unary((x) => (x === 0 ? Number.NEGATIVE_INFINITY : x < 0 ? Number.NaN : Math.log2(x))),
  vrfin: unary(roundEven),
  vrfiz: unary(Math.trunc),
  vrfip: unary(Math.ceil),
  vrfim: unary(Math.floor),
  vcfux: convertFromInt(false),
  vcfsx: convertFromInt(true),
  vctuxs: convertToInt(false),
  vctsxs: convertToInt(true),
  vcmpeqfp: compareFp((x, y) => x === y),
  vcmpgefp: compareFp((x, y) => x >= y),
  vcmpgtfp: compareFp((x, y) => x > y),
  /** Bounds: bit 0 set when a > b, bit 1 when a < −b; NaN sets both. CR6 bit 2 = all in bounds. */
  vcmpbfp: (s: CpuState, d: number, a: number, b: number): number => {
    const v = views(s.vr);
    const flush = flushOn(s);
    let allIn = true;
    for (let i = 0; i < 4; i++) {
      const x = operand(v.w[4 * a + i], v.f32[4 * a + i], flush);
      const y = operand(v.w[4 * b + i], v.f32[4 * b + i], flush);
      let r: number;
      if (Number.isNaN(x) || Number.isNaN(y)) r = 0xc0000000 | 0;
      else r = (x <= y ? 0 : 0x80000000 | 0) | (x >= -y ? 0 : 0x40000000);
      if (r !== 0) allIn = false;
      scratch[i] = r;
    }
    storeScratch(s, d);
    return allIn ? 2 : 0;
  },
};
