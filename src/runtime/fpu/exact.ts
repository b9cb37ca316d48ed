/**
 * Exact arithmetic on finite doubles with BigInt significands, and one correct rounding to
 * double or single under any FPSCR[RN] mode. This is the slow path: the helpers in
 * arith.ts use it only when their error-free fast path cannot decide the result
 * (directed rounding, overflow, tiny results, huge exponent gaps).
 */
import { hiWord, loWord, pow2 } from './bits.js';
import { RN_DOWN, RN_NEAREST, RN_UP } from './fpscr.js';

/** An exact value (−1)^neg × mant × 2^exp. */
export interface Exact {
  neg: boolean;
  mant: bigint;
  exp: number;
}

export interface Format {
  /** Significand bits including the leading one. */
  precision: number;
  /** Exponent of the smallest normal (2^emin). */
  emin: number;
  /** Exponent of the largest finite binade. */
  emax: number;
  max: number;
}
export const DOUBLE: Format = { precision: 53, emin: -1022, emax: 1023, max: Number.MAX_VALUE };
export const SINGLE: Format = { precision: 24, emin: -126, emax: 127, max: 3.4028234663852886e38 };

/** A finite double as an exact value. */
export function exactOf(x: number): Exact {
  const hi = hiWord(x);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(loWord(x) >>> 0);
  const neg = hi < 0;
  if (biased === 0) return { neg, mant: frac, exp: -1074 };
  return { neg, mant: frac | (1n << 52n), exp: biased - 1075 };
}

export function exactAdd(a: Exact, b: Exact): Exact {
  const exp = Math.min(a.exp, b.exp);
  const ma = (a.neg ? -a.mant : a.mant) << BigInt(a.exp - exp);
  const mb = (b.neg ? -b.mant : b.mant) << BigInt(b.exp - exp);
  const sum = ma + mb;
  return { neg: sum < 0n, mant: sum < 0n ? -sum : sum, exp };
}

export function exactMul(a: Exact, b: Exact): Exact {
  return { neg: a.neg !== b.neg, mant: a.mant * b.mant, exp: a.exp + b.exp };
}

function bitLength(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length;
}

/** a / b to 64+ significant bits with a sticky bit: rounds exactly like the true quotient. */
export function exactDiv(a: Exact, b: Exact): Exact {
  const shift = Math.max(0, 66 + bitLength(b.mant) - bitLength(a.mant));
  const num = a.mant << BigInt(shift);
  const q = num / b.mant;
  const sticky = num % b.mant !== 0n ? 1n : 0n;
  return { neg: a.neg !== b.neg, mant: (q << 1n) | sticky, exp: a.exp - b.exp - shift - 1 };
}

/** √a (a ≥ 0) to 64+ significant bits with a sticky bit. */
export function exactSqrt(a: Exact): Exact {
  let shift = Math.max(0, 132 - bitLength(a.mant));
  if ((a.exp - shift) % 2 !== 0) shift++;
  const n = a.mant << BigInt(shift);
  // Newton iteration on integers: r = ⌊√n⌋.
  let r = 1n << BigInt(Math.ceil(bitLength(n) / 2));
  for (;;) {
    const next = (r + n / r) >> 1n;
    if (next >= r) break;
    r = next;
  }
  const sticky = r * r !== n ? 1n : 0n;
  return { neg: false, mant: (r << 1n) | sticky, exp: (a.exp - shift) / 2 - 1 };
}

export interface Rounded {
  value: number;
  /** The result differs from the exact value (FI, and XX). */
  inexact: boolean;
  /** The result's magnitude exceeds the exact value's (FR). */
  incremented: boolean;
  overflow: boolean;
  /** Tiny before rounding (PowerPC detects tininess before rounding, Book I §4.4.4). */
  tiny: boolean;
}

/** Rounds a nonzero exact value once to `fmt` under rounding mode `rn`. */
export function roundExact(x: Exact, fmt: Format, rn: number): Rounded {
  const len = bitLength(x.mant);
  const top = x.exp + len - 1;
  const tiny = top < fmt.emin;
  const quantum = Math.max(top, fmt.emin) - (fmt.precision - 1);
  let kept = x.mant;
  let inexact = false;
  let up = false;
  if (quantum > x.exp) {
    const shift = BigInt(quantum - x.exp);
    kept = x.mant >> shift;
    const rest = x.mant - (kept << shift);
    inexact = rest !== 0n;
    if (inexact) {
      const half = 1n << (shift - 1n);
      if (rn === RN_NEAREST) up = rest > half || (rest === half && (kept & 1n) === 1n);
      else if (rn === RN_UP) up = !x.neg;
      else if (rn === RN_DOWN) up = x.neg;
    }
    if (up) kept += 1n;
  } else {
    kept = x.mant << BigInt(x.exp - quantum);
  }
  const sign = x.neg ? -1 : 1;
  const overflow = bitLength(kept) + quantum - 1 > fmt.emax;
  if (overflow) {
    const toInfinity = rn === RN_NEAREST || (rn === RN_UP && !x.neg) || (rn === RN_DOWN && x.neg);
    return {
      value: sign * (toInfinity ? Number.POSITIVE_INFINITY : fmt.max),
      inexact: true,
      incremented: toInfinity,
      overflow: true,
      tiny: false,
    };
  }
  return { value: sign * Number(kept) * pow2(quantum), inexact, incremented: up, overflow: false, tiny };
}
