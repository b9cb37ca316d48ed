/**
 * Bit-exact conversions between the single-precision memory format and the double-precision
 * FPR format, as the PowerPC load/store-single instructions define them. JavaScript's own
 * conversions (Math.fround, DataView get/setFloat32) round and quiet signalling NaNs; lfs and
 * stfs do neither, so these work on the bit patterns.
 *
 * References: PowerPC Microprocessor Family: The Programming Environments Manual (PEM),
 * §4.3.4 "Floating-Point Load Instructions" and Appendix D.7/D.8 ("Floating-Point
 * Load/Store Single"); QEMU target/ppc/fpu_helper.c helper_todouble/helper_tosingle
 * implement the same algorithms.
 */

// One scratch double viewed as two words. The host is little-endian (x64/arm64 Node), so
// word 1 holds the sign, exponent and high fraction bits.
const scratch = new Float64Array(1);
const words = new Int32Array(scratch.buffer);
const HI = 1;
const LO = 0;

const TWO_POW_32 = 2 ** 32;

/** The double an FPR holds after lfs of the single-precision word `bits` (SNaN kept, no rounding). */
export function singleBitsToDouble(bits: number): number {
  const sign = bits & 0x80000000;
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  if (exp === 0) {
    // Zero or denormal: the value is exactly frac × 2^-149, a normal double.
    const magnitude = frac * 2 ** -149;
    return sign ? -magnitude : magnitude;
  }
  // Normal, infinity or NaN: widen the exponent, move the fraction to the top of the
  // double's fraction. A NaN keeps its quiet bit (fraction MSB) as it was.
  const dexp = exp === 0xff ? 0x7ff : exp - 127 + 1023;
  words[HI] = sign | (dexp << 20) | (frac >>> 3);
  words[LO] = frac << 29;
  return scratch[0];
}

/**
 * The single-precision word stfs stores for the FPR value `d`: no rounding, the fraction is
 * truncated. Operands in the single denormal range (biased double exponent 874…896) are
 * denormalized; smaller non-zero magnitudes are undefined in the PEM — like QEMU, store a
 * signed zero. Out-of-range large values keep the low exponent bits (the PEM's "no
 * denormalization required" case copies FRS[0–1] and FRS[5–34]).
 */
export function doubleToSingleBits(d: number): number {
  scratch[0] = d;
  const hi = words[HI];
  const lo = words[LO];
  const exp = (hi >>> 20) & 0x7ff;
  if (exp > 896) return (hi & 0xc0000000) | ((hi & 0x07ffffff) << 3) | (lo >>> 29);
  const sign = hi & 0x80000000;
  if (exp < 874) return sign;
  // 53-bit significand (implicit 1) shifted right so the exponent becomes -126: exact in a double.
  const significand = (hi & 0xfffff) * TWO_POW_32 + (lo >>> 0) + 2 ** 52;
  return sign | Math.floor(significand / 2 ** (926 - exp));
}

/** The low word of the FPR's bit pattern (stfiwx). */
export function doubleLowWord(d: number): number {
  scratch[0] = d;
  return words[LO];
}

/** The high word of the FPR's bit pattern. */
export function doubleHighWord(d: number): number {
  scratch[0] = d;
  return words[HI];
}

/** The double whose bit pattern is hi:lo (both int32 or uint32). */
export function doubleFromWords(hi: number, lo: number): number {
  words[HI] = hi;
  words[LO] = lo;
  return scratch[0];
}
