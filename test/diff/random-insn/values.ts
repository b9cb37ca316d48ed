import type { Rng } from './rng.js';

/** Integer operands: random words plus the edges arithmetic, carry and division care about. */
export function gprValue(rng: Rng): number {
  switch (rng.int(10)) {
    case 0:
      return rng.pick([0, 1, -1, 0x7fffffff, 0x80000000 | 0, 0x80000001 | 0, 2, -2, 0xffff, 0x8000]);
    case 1:
      return rng.range(-16, 16);
    case 2:
      return (1 << rng.int(32)) | 0;
    case 3:
      return rng.u32() & 0xffff;
    default:
      return rng.u32() | 0;
  }
}

/** An IEEE double as [high word, low word]. */
export type F64Bits = [number, number];

const bitsOf = (d: number): F64Bits => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, d, false);
  return [dv.getUint32(0, false), dv.getUint32(4, false)];
};

/**
 * FP operands: the special classes (±0, ±∞, quiet and signalling NaNs with payloads, double and
 * single denormals, extremes), values exactly representable in single precision, integers for
 * fctiw (including out-of-range), and random doubles of every exponent.
 */
export function fprValue(rng: Rng): F64Bits {
  const sign = rng.chance(0.5) ? 0x80000000 : 0;
  const withSign = ([hi, lo]: F64Bits): F64Bits => [(hi | sign) >>> 0, lo >>> 0];
  switch (rng.int(16)) {
    case 0:
      return withSign([0, 0]); // ±0
    case 1:
      return withSign([0x7ff00000, 0]); // ±∞
    case 2:
      return withSign([0x7ff80000 | rng.int(0x80000), rng.chance(0.5) ? 0 : rng.u32()]); // QNaN
    case 3:
      return withSign([0x7ff00000 | rng.int(0x80000), rng.u32() | 1]); // SNaN (fraction ≠ 0, quiet bit 0)
    case 4:
      return withSign([rng.int(0x100000), rng.u32()]); // double denormal
    case 5:
      return withSign(
        rng.pick<F64Bits>([
          [0x7fefffff, 0xffffffff],
          [0x00100000, 0],
          [0x3ff00000, 0],
          [0x40000000, 0],
          [0x3fe00000, 0],
        ]),
      );
    case 6:
      return bitsOf(Math.fround((rng.u32() / 2 ** 32 - 0.5) * 2 ** rng.range(-20, 20))); // single-exact
    case 7:
      return bitsOf(Math.fround(1.4e-45 * rng.range(1, 1 << 23)) * (sign ? -1 : 1)); // single denormal
    case 8:
      return bitsOf((sign ? -1 : 1) * rng.pick([3.4028234663852886e38, 3.5e38, 1.1754943508222875e-38, 1e-39, 6e-46]));
    case 9:
      return bitsOf(
        rng.pick([
          2147483647, 2147483648, -2147483648, -2147483649, 4294967296, 1e10, -1e10, 0.5, 1.5, 2.5, -0.5, -2.5,
        ]),
      );
    case 10:
      return bitsOf((rng.u32() | 0) / rng.range(1, 8)); // integers and halves, for fctiw rounding
    default: {
      // any exponent, random mantissa
      const exp = rng.chance(0.5) ? rng.range(0x3c0, 0x440) : rng.range(1, 0x7fe);
      return [(sign | (exp << 20) | rng.int(0x100000)) >>> 0, rng.u32()];
    }
  }
}

export const isZero = ([hi, lo]: F64Bits) => (hi & 0x7fffffff) === 0 && lo === 0;
export const isInf = ([hi, lo]: F64Bits) => (hi & 0x7fffffff) === 0x7ff00000 && lo === 0;
export const isAnyNaN = ([hi, lo]: F64Bits) => (hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) !== 0 || lo !== 0);
export const isSNaN = ([hi, lo]: F64Bits) => (hi & 0x7ff80000) === 0x7ff00000 && ((hi & 0x7ffff) !== 0 || lo !== 0);
