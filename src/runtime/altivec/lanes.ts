import { type CpuState, R } from '../cpu-state.js';

// The AltiVec register file is `CpuState.vr` (Int32Array(128)): VRn is vr[4n..4n+3], word 0
// the most significant. Typed-array views over the same buffer give the narrower lanes. On
// a little-endian host the bytes of each word are stored reversed, so element i (0 = most
// significant) of VRn is u8[(16n + i) ^ 3] for bytes and u16[(8n + i) ^ 1] for halfwords;
// words and single-precision floats index directly.

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('altivec lanes assume a little-endian host');

export interface VecViews {
  w: Int32Array;
  u32: Uint32Array;
  u16: Uint16Array;
  s16: Int16Array;
  u8: Uint8Array;
  s8: Int8Array;
  f32: Float32Array;
}

let viewsOf: Int32Array | undefined;
let cached: VecViews | undefined;

/** Views over one CPU's vector registers (cached for the last register file asked for). */
export function views(vr: Int32Array): VecViews {
  if (vr !== viewsOf || cached === undefined) {
    const b = vr.buffer;
    const o = vr.byteOffset;
    cached = {
      w: vr,
      u32: new Uint32Array(b, o, 128),
      u16: new Uint16Array(b, o, 256),
      s16: new Int16Array(b, o, 256),
      u8: new Uint8Array(b, o, 512),
      s8: new Int8Array(b, o, 512),
      f32: new Float32Array(b, o, 128),
    };
    viewsOf = vr;
  }
  return cached;
}

/** Index of byte element i of VRn in the u8/s8 views. */
export const B = (n: number, i: number) => (16 * n + i) ^ 3;
/** Index of halfword element i of VRn in the u16/s16 views. */
export const H = (n: number, i: number) => (8 * n + i) ^ 1;
/** Index of word element i of VRn in the word and f32 views. */
export const W = (n: number, i: number) => 4 * n + i;

/** VSCR bits (the low word of the 128-bit VSCR that mfvscr/mtvscr move). */
export const VSCR_SAT = 0x00000001;
export const VSCR_NJ = 0x00010000;
/**
 * VSCR of a new Linux process: non-Java mode (Linux start_thread sets vscr.u[3] =
 * 0x00010000; qemu-ppc -cpu 7450 starts a static program with the same, measured by
 * test/jit/altivec-qemu.test.ts). Denormal operands and results then flush to zero.
 */
export const LINUX_INITIAL_VSCR = VSCR_NJ;

export function setSat(s: CpuState): void {
  s.r[R.VSCR] |= VSCR_SAT;
}

/** Scratch results for instructions whose destination may alias a source. */
export const scratch = new Int32Array(4);
export const scratch8 = new Uint8Array(scratch.buffer);
export const scratch16 = new Uint16Array(scratch.buffer);

/** Copies `scratch` (in word order) into VRd. */
export function storeScratch(s: CpuState, d: number): void {
  // Four stores beat TypedArray.prototype.set (a builtin call) by a wide margin here.
  const w = s.vr;
  const o = 4 * d;
  w[o] = scratch[0];
  w[o + 1] = scratch[1];
  w[o + 2] = scratch[2];
  w[o + 3] = scratch[3];
}

/**
 * Lane clamping with a sticky flag, shared by the saturating helpers: a helper calls
 * startSaturation, clamps its lanes, then finishSaturation sets VSCR[SAT] if any lane clamped.
 */
let saturated = false;
export function startSaturation(): void {
  saturated = false;
}
export function clamp(x: number, min: number, max: number): number {
  if (x > max) {
    saturated = true;
    return max;
  }
  if (x < min) {
    saturated = true;
    return min;
  }
  return x;
}
export function finishSaturation(s: CpuState): void {
  if (saturated) setSat(s);
}
