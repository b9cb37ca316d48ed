/**
 * FPSCR moves: mffs, mtfsf, mtfsfi, mtfsb0, mtfsb1, mcrfs (Book I §4.6.8) and the sign-bit
 * moves fneg/fabs/fnabs that must keep NaN payloads bit-exact.
 */

import type { CpuState } from '../cpu-state.js';
import { R } from '../cpu-state.js';
import { fromWords, hiWord, loWord } from './bits.js';
import { EXCEPTION_BITS, FEX, FX, summarise, VX } from './fpscr.js';

const SLOT = R.FPSCR;

/** mffs: FRT = FPSCR in the low word; qemu-ppc 7.2 puts 0 in the high word (undefined). */
export function readFpscr(s: CpuState): number {
  return fromWords(0, s.r[SLOT]);
}

/** Writes the 4-bit FPSCR fields selected by `fieldMask` (bit 7 = field 0) from `value`. */
export function writeFields(s: CpuState, fieldMask: number, value: number): void {
  let mask = 0;
  for (let field = 0; field < 8; field++) if (fieldMask & (0x80 >>> field)) mask |= 0xf0000000 >>> (field * 4);
  // FEX and VX are summaries: they cannot be set or cleared explicitly.
  mask &= ~(FEX | VX);
  s.r[SLOT] = summarise((s.r[SLOT] & ~mask) | (value & mask));
}

/** mtfsf FM,FRB. */
export function moveToFields(s: CpuState, fieldMask: number, b: number): void {
  writeFields(s, fieldMask, loWord(b));
}

/** mtfsb0/mtfsb1 (bit numbered from the MSB). Setting an exception bit sets FX too. */
export function setBit(s: CpuState, bit: number, on: boolean): void {
  const m = (0x80000000 >>> bit) | 0;
  if (m === FEX || m === VX) return;
  const old = s.r[SLOT];
  let f = on ? old | m : old & ~m;
  if (on && m & EXCEPTION_BITS & ~old) f |= FX;
  s.r[SLOT] = summarise(f);
}

/** mcrfs: returns FPSCR field `field` and clears the exception bits it copied. */
export function moveFieldToCr(s: CpuState, field: number): number {
  const old = s.r[SLOT];
  const shift = 28 - field * 4;
  const nibble = (old >>> shift) & 0xf;
  const clear = (0xf << shift) & (FX | EXCEPTION_BITS);
  s.r[SLOT] = summarise(old & ~clear);
  return nibble;
}

/** The double with `hiWord` replaced: sign-bit moves that keep NaN payloads. */
function withHigh(x: number, hi: number): number {
  return fromWords(hi, loWord(x));
}
export const negateBits = (x: number) => withHigh(x, hiWord(x) ^ 0x80000000);
export const absBits = (x: number) => withHigh(x, hiWord(x) & 0x7fffffff);
export const negAbsBits = (x: number) => withHigh(x, hiWord(x) | 0x80000000);
