import { describe, expect, it } from 'vitest';
import {
  doubleFromWords,
  doubleHighWord,
  doubleLowWord,
  doubleToSingleBits,
  singleBitsToDouble,
} from '../../src/runtime/float-bits.js';
import { seededWords } from '../diff/objdump.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const isNaNBits = (bits: number) => (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0;

describe('singleBitsToDouble (lfs)', () => {
  it('equals the exact widening for every non-NaN pattern in a random sample', () => {
    for (const bits of seededWords(100_000, 17)) {
      if (isNaNBits(bits)) continue;
      u32[0] = bits;
      expect(Object.is(singleBitsToDouble(bits), f32[0]), bits.toString(16)).toBe(true);
    }
  });

  it('keeps a signalling NaN signalling, payload in the top of the fraction', () => {
    const d = singleBitsToDouble(0x7f800001);
    expect(doubleHighWord(d) >>> 0).toBe(0x7ff00000);
    expect(doubleLowWord(d) >>> 0).toBe(0x20000000);
    const negQuiet = singleBitsToDouble(0xffc00123);
    expect(doubleHighWord(negQuiet) >>> 0).toBe(0xfff80024);
    expect(doubleLowWord(negQuiet) >>> 0).toBe(0x60000000);
  });

  it('widens denormals exactly and keeps signed zeros', () => {
    expect(singleBitsToDouble(1)).toBe(2 ** -149);
    expect(singleBitsToDouble(0x807fffff)).toBe(-(0x7fffff * 2 ** -149));
    expect(Object.is(singleBitsToDouble(0x80000000), -0)).toBe(true);
  });
});

describe('doubleToSingleBits (stfs)', () => {
  it('round-trips every single-precision pattern, NaNs included', () => {
    for (const bits of seededWords(100_000, 23)) expect(doubleToSingleBits(singleBitsToDouble(bits)) >>> 0).toBe(bits);
  });

  it('truncates instead of rounding', () => {
    // 1 + 3·2^-25 rounds to 1 + 2^-23 (Math.fround) but stfs drops the extra bits.
    const d = 1 + 3 * 2 ** -25;
    expect(Math.fround(d)).toBe(1 + 2 ** -23);
    expect(doubleToSingleBits(d) >>> 0).toBe(0x3f800000);
    expect(doubleToSingleBits(-(1 + 2 ** -23 + 2 ** -40)) >>> 0).toBe(0xbf800001);
  });

  it('denormalizes values in the single denormal range (exponent 874…896) by truncation', () => {
    expect(doubleToSingleBits(2 ** -127) >>> 0).toBe(0x00400000);
    expect(doubleToSingleBits(2 ** -127 * (1 + 2 ** -30)) >>> 0).toBe(0x00400000);
    expect(doubleToSingleBits(2 ** -126 * (1 - 2 ** -23)) >>> 0).toBe(0x007fffff);
    expect(doubleToSingleBits(2 ** -149) >>> 0).toBe(0x00000001);
    expect(doubleToSingleBits(-(2 ** -140 * 1.75)) >>> 0).toBe((0x80000000 | (0x380 >>> 0)) >>> 0);
    // Below the smallest denormal's exponent range: undefined in the PEM, signed zero here (as QEMU).
    expect(doubleToSingleBits(2 ** -160) >>> 0).toBe(0);
    expect(doubleToSingleBits(-(2 ** -160)) >>> 0).toBe(0x80000000);
  });

  it('keeps a double signalling NaN signalling (payload truncated)', () => {
    expect(doubleToSingleBits(doubleFromWords(0x7ff00000, 0x20000000)) >>> 0).toBe(0x7f800001);
    expect(doubleToSingleBits(doubleFromWords(0x7ff40000, 0)) >>> 0).toBe(0x7fa00000);
  });

  it('moves double bit patterns through JS doubles unchanged (the V8 property lfd/stfd rely on)', () => {
    // Typed-array slots, locals, calls and DataView keep NaN payloads on V8 (x64). JS arrays
    // of doubles do not (V8 canonicalizes NaNs in FixedDoubleArray): never route FPR values
    // through a plain array.
    const d = doubleFromWords(0x7ff00000, 1);
    const copy = new Float64Array(1);
    copy[0] = d;
    const back = new Int32Array(copy.buffer);
    expect([back[1] >>> 0, back[0]]).toEqual([0x7ff00000, 1]);
  });
});
