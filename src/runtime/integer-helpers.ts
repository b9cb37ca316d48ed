/**
 * Runtime helpers for the integer family, called from generated code as `rt.<name>`. Pure
 * int32 arithmetic (no BigInt, no CpuState access); the unit tests compare them with BigInt.
 */

/** High 32 bits of the unsigned 64-bit product of two words (mulhwu), from 16-bit halves. */
export function mulhwu(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  // Each partial product is below 2^32, so it is exact in a double and `>>>` keeps it whole.
  const lo = aLo * bLo;
  const mid1 = aHi * bLo;
  const mid2 = aLo * bHi;
  const carry = ((lo >>> 16) + (mid1 & 0xffff) + (mid2 & 0xffff)) >>> 16;
  return (aHi * bHi + (mid1 >>> 16) + (mid2 >>> 16) + carry) | 0;
}

/**
 * High 32 bits of the signed 64-bit product (mulhw): a signed word is its unsigned value minus
 * 2^32 when negative, so the signed high word is the unsigned one minus the other operand for
 * each negative operand (mod 2^32).
 */
export function mulhw(a: number, b: number): number {
  return (mulhwu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

export const integerHelpers = { mulhw, mulhwu };
