import type { CpuState } from '../cpu-state.js';
import {
  B,
  clamp,
  finishSaturation,
  H,
  scratch,
  scratch8,
  scratch16,
  startSaturation,
  storeScratch,
  views,
  W,
} from './lanes.js';

// Permute, merge, splat, pack, unpack and whole-register shifts. Results are built in a
// scratch vector first because VRd may be one of the sources. scratch8[i ^ 3] is byte
// element i of the scratch vector, scratch16[i ^ 1] halfword element i.

type V3 = (s: CpuState, d: number, a: number, b: number) => void;

/** Byte element k (0–31) of the 32-byte concatenation VRa || VRb. */
const byteOf = (u8: Uint8Array, a: number, b: number, k: number) => (k < 16 ? u8[B(a, k)] : u8[B(b, k - 16)]);

function merge(size: 1 | 2 | 4, low: boolean): V3 {
  const n = 16 / size;
  const half = n / 2;
  const base = low ? half : 0;
  return (s, d, a, b) => {
    const v = views(s.vr);
    for (let i = 0; i < half; i++) {
      if (size === 1) {
        scratch8[(2 * i) ^ 3] = v.u8[B(a, base + i)];
        scratch8[(2 * i + 1) ^ 3] = v.u8[B(b, base + i)];
      } else if (size === 2) {
        scratch16[(2 * i) ^ 1] = v.u16[H(a, base + i)];
        scratch16[(2 * i + 1) ^ 1] = v.u16[H(b, base + i)];
      } else {
        scratch[2 * i] = v.w[W(a, base + i)];
        scratch[2 * i + 1] = v.w[W(b, base + i)];
      }
    }
    storeScratch(s, d);
  };
}

/**
 * Pack the 16 elements of VRa || VRb (halfwords to bytes, or words to halfwords): modulo,
 * or saturated into [min, max] with VSCR[SAT].
 */
function pack(from: 2 | 4, signedSource: boolean, min: number, max: number, modulo: boolean): V3 {
  const n = 16 / from;
  return (s, d, a, b) => {
    const v = views(s.vr);
    startSaturation();
    for (let i = 0; i < 2 * n; i++) {
      const reg = i < n ? a : b;
      const k = i % n;
      let x: number;
      if (from === 2) x = signedSource ? v.s16[H(reg, k)] : v.u16[H(reg, k)];
      else x = signedSource ? v.w[W(reg, k)] : v.u32[W(reg, k)];
      if (!modulo) x = clamp(x, min, max);
      if (from === 2) scratch8[i ^ 3] = x;
      else scratch16[i ^ 1] = x;
    }
    storeScratch(s, d);
    finishSaturation(s);
  };
}

/** Sign-extending unpack of the high (elements 0–7/0–3) or low half of VRb. */
function unpack(from: 1 | 2, low: boolean) {
  return (s: CpuState, d: number, b: number) => {
    const v = views(s.vr);
    const n = from === 1 ? 8 : 4;
    const base = low ? n : 0;
    for (let i = 0; i < n; i++) {
      if (from === 1) scratch16[i ^ 1] = v.s8[B(b, base + i)];
      else scratch[i] = v.s16[H(b, base + i)];
    }
    storeScratch(s, d);
  };
}

/** 1/5/5/5 pixel to 8/8/8/8: the 1-bit field becomes 0xff or 0, the 5-bit fields zero-extend. */
function unpackPixel(low: boolean) {
  return (s: CpuState, d: number, b: number) => {
    const v = views(s.vr);
    for (let i = 0; i < 4; i++) {
      const p = v.u16[H(b, (low ? 4 : 0) + i)];
      scratch[i] = (p & 0x8000 ? 0xff000000 : 0) | (((p >>> 10) & 0x1f) << 16) | (((p >>> 5) & 0x1f) << 8) | (p & 0x1f);
    }
    storeScratch(s, d);
  };
}

export const permuteHelpers = {
  vmrghb: merge(1, false),
  vmrghh: merge(2, false),
  vmrghw: merge(4, false),
  vmrglb: merge(1, true),
  vmrglh: merge(2, true),
  vmrglw: merge(4, true),
  vpkuhum: pack(2, false, 0, 0, true),
  vpkuwum: pack(4, false, 0, 0, true),
  vpkuhus: pack(2, false, 0, 0xff, false),
  vpkuwus: pack(4, false, 0, 0xffff, false),
  vpkshus: pack(2, true, 0, 0xff, false),
  vpkswus: pack(4, true, 0, 0xffff, false),
  vpkshss: pack(2, true, -0x80, 0x7f, false),
  vpkswss: pack(4, true, -0x8000, 0x7fff, false),
  /** 8/8/8/8 pixels to 1/5/5/5: bit 7, and the high 5 bits of each 8-bit colour. */
  vpkpx: ((s, d, a, b) => {
    const w = s.vr;
    for (let i = 0; i < 8; i++) {
      const x = w[W(i < 4 ? a : b, i & 3)];
      scratch16[i ^ 1] =
        (((x >>> 24) & 1) << 15) | (((x >>> 19) & 0x1f) << 10) | (((x >>> 11) & 0x1f) << 5) | ((x >>> 3) & 0x1f);
    }
    storeScratch(s, d);
  }) as V3,
  vupkhsb: unpack(1, false),
  vupklsb: unpack(1, true),
  vupkhsh: unpack(2, false),
  vupklsh: unpack(2, true),
  vupkhpx: unpackPixel(false),
  vupklpx: unpackPixel(true),

  vperm: (s: CpuState, d: number, a: number, b: number, c: number) => {
    const u8 = views(s.vr).u8;
    for (let i = 0; i < 16; i++) scratch8[i ^ 3] = byteOf(u8, a, b, u8[B(c, i)] & 0x1f);
    storeScratch(s, d);
  },
  vsel: (s: CpuState, d: number, a: number, b: number, c: number) => {
    const w = s.vr;
    for (let i = 0; i < 4; i++) w[4 * d + i] = (w[4 * a + i] & ~w[4 * c + i]) | (w[4 * b + i] & w[4 * c + i]);
  },
  vsldoi: (s: CpuState, d: number, a: number, b: number, shift: number) => {
    const u8 = views(s.vr).u8;
    for (let i = 0; i < 16; i++) scratch8[i ^ 3] = byteOf(u8, a, b, i + shift);
    storeScratch(s, d);
  },
  /** vslo/vsro: shift by octets, the count in bits 121–124 of VRb (byte 15 >> 3). */
  vslo: ((s, d, a, b) => {
    const u8 = views(s.vr).u8;
    const sh = (u8[B(b, 15)] >>> 3) & 15;
    for (let i = 0; i < 16; i++) scratch8[i ^ 3] = i + sh < 16 ? u8[B(a, i + sh)] : 0;
    storeScratch(s, d);
  }) as V3,
  vsro: ((s, d, a, b) => {
    const u8 = views(s.vr).u8;
    const sh = (u8[B(b, 15)] >>> 3) & 15;
    for (let i = 0; i < 16; i++) scratch8[i ^ 3] = i - sh >= 0 ? u8[B(a, i - sh)] : 0;
    storeScratch(s, d);
  }) as V3,
  /**
   * vsl/vsr: shift the whole register by 0–7 bits, the count in the low 3 bits of VRb's
   * last byte (the architecture requires all bytes to agree; QEMU uses that one).
   */
  vsl: ((s, d, a, b) => {
    const u8 = views(s.vr).u8;
    const sh = u8[B(b, 15)] & 7;
    for (let i = 0; i < 16; i++) {
      const next = i < 15 ? u8[B(a, i + 1)] : 0;
      scratch8[i ^ 3] = (u8[B(a, i)] << sh) | (next >>> (8 - sh));
    }
    storeScratch(s, d);
  }) as V3,
  vsr: ((s, d, a, b) => {
    const u8 = views(s.vr).u8;
    const sh = u8[B(b, 15)] & 7;
    for (let i = 0; i < 16; i++) {
      const prev = i > 0 ? u8[B(a, i - 1)] : 0;
      scratch8[i ^ 3] = (u8[B(a, i)] >>> sh) | (prev << (8 - sh));
    }
    storeScratch(s, d);
  }) as V3,
  vspltb: (s: CpuState, d: number, b: number, index: number) => {
    const x = views(s.vr).u8[B(b, index & 15)];
    s.vr.fill(x * 0x01010101, 4 * d, 4 * d + 4);
  },
  vsplth: (s: CpuState, d: number, b: number, index: number) => {
    const x = views(s.vr).u16[H(b, index & 7)];
    s.vr.fill(x * 0x10001, 4 * d, 4 * d + 4);
  },
  vspltw: (s: CpuState, d: number, b: number, index: number) => {
    const x = s.vr[W(b, index & 3)];
    s.vr.fill(x, 4 * d, 4 * d + 4);
  },
};
