/** Bit-level views of doubles and singles (NaN payloads survive these). */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const f32 = new Float32Array(1);
const u32s = new Uint32Array(f32.buffer);
// Host is little-endian (x86-64/arm64 Node): word 1 holds the sign and exponent.
const HI = 1;
const LO = 0;

export function hiWord(x: number): number {
  f64[0] = x;
  return u32[HI] | 0;
}
export function loWord(x: number): number {
  f64[0] = x;
  return u32[LO] | 0;
}
export function fromWords(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0];
}
export function isSignalingNaN(x: number): boolean {
  if (!Number.isNaN(x)) return false;
  return (hiWord(x) & 0x00080000) === 0;
}
/** The NaN with its quiet bit set (payload and sign kept). */
export function quiet(x: number): number {
  f64[0] = x;
  u32[HI] |= 0x00080000;
  return f64[0];
}
export function signBit(x: number): number {
  return hiWord(x) >>> 31;
}
export const DEFAULT_QNAN = fromWords(0x7ff80000, 0);
/** A double's NaN rounded to single: the low 29 fraction bits dropped (frsp of a NaN). */
export function truncateNaNToSingle(x: number): number {
  f64[0] = x;
  u32[LO] &= 0xe0000000;
  return f64[0];
}
/** Next single-precision value towards +∞ (dir 1) or −∞ (dir −1) from a finite single x. */
export function nextSingle(x: number, dir: number): number {
  if (x === 0) return dir * 1.401298464324817e-45;
  f32[0] = x;
  const up = x > 0 === dir > 0;
  u32s[0] = up ? u32s[0] + 1 : u32s[0] - 1;
  return f32[0];
}
/** Next double towards +∞ (dir 1) or −∞ (dir −1) from a finite double x. */
export function nextDouble(x: number, dir: number): number {
  if (x === 0) return dir * 5e-324;
  f64[0] = x;
  const up = x > 0 === dir > 0;
  if (up) {
    if (u32[LO] === 0xffffffff) {
      u32[LO] = 0;
      u32[HI]++;
    } else u32[LO]++;
  } else if (u32[LO] === 0) {
    u32[LO] = 0xffffffff;
    u32[HI]--;
  } else u32[LO]--;
  return f64[0];
}
/** 2^e for any e in the double range, exactly. */
export function pow2(e: number): number {
  if (e >= -1022) return 2 ** e;
  return 2 ** (e + 200) * 2 ** -200;
}
