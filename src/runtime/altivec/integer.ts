import type { CpuState } from '../cpu-state.js';
import { B, clamp, finishSaturation, H, scratch, scratch16, startSaturation, storeScratch, views, W } from './lanes.js';

// Integer AltiVec operations (PowerPC AltiVec PEM ch. 6; semantics checked against
// QEMU target/ppc/int_helper.c). Every helper takes the CpuState and the register numbers.

type V3 = (s: CpuState, d: number, a: number, b: number) => void;
type V4 = (s: CpuState, d: number, a: number, b: number, c: number) => void;

const satU = (x: number, max: number) => clamp(x, 0, max);
const satS = clamp;

type Lane = 'u8' | 's8' | 'u16' | 's16' | 'u32' | 'w';
const LANES: Record<Lane, number> = { u8: 16, s8: 16, u16: 8, s16: 8, u32: 4, w: 4 };

/** Element-wise a op b: the lanes of VRd, VRa and VRb are at the same view offsets. */
function lanewise(lane: Lane, op: (x: number, y: number) => number): V3 {
  const n = LANES[lane];
  return (s, d, a, b) => {
    const v = views(s.vr)[lane];
    startSaturation();
    for (let i = 0; i < n; i++) v[n * d + i] = op(v[n * a + i], v[n * b + i]);
    finishSaturation(s);
  };
}

const U8 = 0xff;
const U16 = 0xffff;
const U32 = 0xffffffff;

const rotl = (bits: number) => (x: number, y: number) => {
  const k = y & (bits - 1);
  return k === 0 ? x : (x << k) | (x >>> (bits - k));
};

export const integerHelpers = {
  vaddubm: lanewise('u8', (x, y) => x + y),
  vadduhm: lanewise('u16', (x, y) => x + y),
  vadduwm: lanewise('w', (x, y) => x + y),
  vaddcuw: lanewise('u32', (x, y) => (x + y > U32 ? 1 : 0)),
  vaddubs: lanewise('u8', (x, y) => satU(x + y, U8)),
  vadduhs: lanewise('u16', (x, y) => satU(x + y, U16)),
  vadduws: lanewise('u32', (x, y) => satU(x + y, U32)),
  vaddsbs: lanewise('s8', (x, y) => satS(x + y, -0x80, 0x7f)),
  vaddshs: lanewise('s16', (x, y) => satS(x + y, -0x8000, 0x7fff)),
  vaddsws: lanewise('w', (x, y) => satS(x + y, -0x80000000, 0x7fffffff)),
  vsububm: lanewise('u8', (x, y) => x - y),
  vsubuhm: lanewise('u16', (x, y) => x - y),
  vsubuwm: lanewise('w', (x, y) => x - y),
  vsubcuw: lanewise('u32', (x, y) => (x >= y ? 1 : 0)),
  vsububs: lanewise('u8', (x, y) => satU(x - y, U8)),
  vsubuhs: lanewise('u16', (x, y) => satU(x - y, U16)),
  vsubuws: lanewise('u32', (x, y) => satU(x - y, U32)),
  vsubsbs: lanewise('s8', (x, y) => satS(x - y, -0x80, 0x7f)),
  vsubshs: lanewise('s16', (x, y) => satS(x - y, -0x8000, 0x7fff)),
  vsubsws: lanewise('w', (x, y) => satS(x - y, -0x80000000, 0x7fffffff)),

  vmaxub: lanewise('u8', Math.max),
  vmaxuh: lanewise('u16', Math.max),
  vmaxuw: lanewise('u32', Math.max),
  vmaxsb: lanewise('s8', Math.max),
  vmaxsh: lanewise('s16', Math.max),
  vmaxsw: lanewise('w', Math.max),
  vminub: lanewise('u8', Math.min),
  vminuh: lanewise('u16', Math.min),
  vminuw: lanewise('u32', Math.min),
  vminsb: lanewise('s8', Math.min),
  vminsh: lanewise('s16', Math.min),
  vminsw: lanewise('w', Math.min),
  // (a + b + 1) >> 1 without overflow: doubles hold the 33-bit sum exactly.
  vavgub: lanewise('u8', (x, y) => (x + y + 1) >>> 1),
  vavguh: lanewise('u16', (x, y) => (x + y + 1) >>> 1),
  vavguw: lanewise('u32', (x, y) => Math.floor((x + y + 1) / 2)),
  vavgsb: lanewise('s8', (x, y) => (x + y + 1) >> 1),
  vavgsh: lanewise('s16', (x, y) => (x + y + 1) >> 1),
  vavgsw: lanewise('w', (x, y) => Math.floor((x + y + 1) / 2)),

  vand: lanewise('w', (x, y) => x & y),
  vandc: lanewise('w', (x, y) => x & ~y),
  vor: lanewise('w', (x, y) => x | y),
  vxor: lanewise('w', (x, y) => x ^ y),
  vnor: lanewise('w', (x, y) => ~(x | y)),

  // Element-wise shifts: the count is the low log2(bits) bits of the VRb element.
  vrlb: lanewise('u8', rotl(8)),
  vrlh: lanewise('u16', rotl(16)),
  vrlw: lanewise('w', rotl(32)),
  vslb: lanewise('u8', (x, y) => x << (y & 7)),
  vslh: lanewise('u16', (x, y) => x << (y & 15)),
  vslw: lanewise('w', (x, y) => x << y),
  vsrb: lanewise('u8', (x, y) => x >>> (y & 7)),
  vsrh: lanewise('u16', (x, y) => x >>> (y & 15)),
  vsrw: lanewise('w', (x, y) => x >>> y),
  vsrab: lanewise('s8', (x, y) => x >> (y & 7)),
  vsrah: lanewise('s16', (x, y) => x >> (y & 15)),
  vsraw: lanewise('w', (x, y) => x >> y),
} satisfies Record<string, V3>;

/** Even (odd = 0) or odd (odd = 1) elements multiplied into double-width products. */
function multiplyEvenOdd(width: 8 | 16, signed: boolean, odd: 0 | 1): V3 {
  return (s, d, a, b) => {
    const v = views(s.vr);
    if (width === 8) {
      const src = signed ? v.s8 : v.u8;
      for (let i = 0; i < 8; i++) scratch16[i ^ 1] = src[B(a, 2 * i + odd)] * src[B(b, 2 * i + odd)];
    } else {
      const src = signed ? v.s16 : v.u16;
      for (let i = 0; i < 4; i++) scratch[i] = Math.imul(src[H(a, 2 * i + odd)], src[H(b, 2 * i + odd)]);
    }
    storeScratch(s, d);
  };
}

/**
 * Multiply-sum: word i of VRd = word i of VRc + the products of the byte or halfword
 * elements of VRa and VRb inside word i; modulo, or saturated (`sat`) to 32 bits.
 */
function multiplySum(width: 8 | 16, aSigned: boolean, bSigned: boolean, sat: 'none' | 'u' | 's'): V4 {
  const per = width === 8 ? 4 : 2;
  return (s, d, a, b, c) => {
    const v = views(s.vr);
    startSaturation();
    for (let i = 0; i < 4; i++) {
      let sum = sat === 'u' ? v.u32[W(c, i)] : v.w[W(c, i)];
      for (let j = 0; j < per; j++) {
        const k = per * i + j;
        const x = width === 8 ? (aSigned ? v.s8 : v.u8)[B(a, k)] : (aSigned ? v.s16 : v.u16)[H(a, k)];
        const y = width === 8 ? (bSigned ? v.s8 : v.u8)[B(b, k)] : (bSigned ? v.s16 : v.u16)[H(b, k)];
        sum += x * y;
      }
      scratch[i] = sat === 'u' ? satU(sum, U32) : sat === 's' ? satS(sum, -0x80000000, 0x7fffffff) : sum;
    }
    storeScratch(s, d);
    finishSaturation(s);
  };
}

/** Halfword multiply-high-add: (a*b [+ 0x4000]) >> 15, plus c, saturated to 16 bits. */
function multiplyHighAdd(round: number): V4 {
  return (s, d, a, b, c) => {
    const v = views(s.vr);
    startSaturation();
    for (let i = 0; i < 8; i++) {
      const prod = v.s16[H(a, i)] * v.s16[H(b, i)] + round;
      scratch16[i ^ 1] = satS(v.s16[H(c, i)] + (prod >> 15), -0x8000, 0x7fff);
    }
    storeScratch(s, d);
    finishSaturation(s);
  };
}

/** Sums across: `groups` partial sums of VRa elements, each plus a VRb word, saturated. */
function sumAcross(kind: 'u8' | 's8' | 's16'): V3 {
  const per = kind === 's16' ? 2 : 4;
  return (s, d, a, b) => {
    const v = views(s.vr);
    startSaturation();
    for (let i = 0; i < 4; i++) {
      let sum = kind === 'u8' ? v.u32[W(b, i)] : v.w[W(b, i)];
      for (let j = 0; j < per; j++) {
        const k = per * i + j;
        sum += kind === 'u8' ? v.u8[B(a, k)] : kind === 's8' ? v.s8[B(a, k)] : v.s16[H(a, k)];
      }
      scratch[i] = kind === 'u8' ? satU(sum, U32) : satS(sum, -0x80000000, 0x7fffffff);
    }
    storeScratch(s, d);
    finishSaturation(s);
  };
}

export const multiplyHelpers = {
  vmuleub: multiplyEvenOdd(8, false, 0),
  vmuloub: multiplyEvenOdd(8, false, 1),
  vmulesb: multiplyEvenOdd(8, true, 0),
  vmulosb: multiplyEvenOdd(8, true, 1),
  vmuleuh: multiplyEvenOdd(16, false, 0),
  vmulouh: multiplyEvenOdd(16, false, 1),
  vmulesh: multiplyEvenOdd(16, true, 0),
  vmulosh: multiplyEvenOdd(16, true, 1),
  vmsumubm: multiplySum(8, false, false, 'none'),
  vmsummbm: multiplySum(8, true, false, 'none'),
  vmsumuhm: multiplySum(16, false, false, 'none'),
  vmsumuhs: multiplySum(16, false, false, 'u'),
  vmsumshm: multiplySum(16, true, true, 'none'),
  vmsumshs: multiplySum(16, true, true, 's'),
  vmhaddshs: multiplyHighAdd(0),
  vmhraddshs: multiplyHighAdd(0x4000),
  vmladduhm: ((s, d, a, b, c) => {
    const v = views(s.vr);
    for (let i = 0; i < 8; i++) v.u16[8 * d + i] = Math.imul(v.u16[8 * a + i], v.u16[8 * b + i]) + v.u16[8 * c + i];
  }) as V4,
  vsum4ubs: sumAcross('u8'),
  vsum4sbs: sumAcross('s8'),
  vsum4shs: sumAcross('s16'),
  vsum2sws: ((s, d, a, b) => {
    const w = s.vr;
    startSaturation();
    const hi = satS(w[W(a, 0)] + w[W(a, 1)] + w[W(b, 1)], -0x80000000, 0x7fffffff);
    const lo = satS(w[W(a, 2)] + w[W(a, 3)] + w[W(b, 3)], -0x80000000, 0x7fffffff);
    w[W(d, 0)] = 0;
    w[W(d, 1)] = hi;
    w[W(d, 2)] = 0;
    w[W(d, 3)] = lo;
    finishSaturation(s);
  }) as V3,
  vsumsws: ((s, d, a, b) => {
    const w = s.vr;
    startSaturation();
    const sum = satS(w[W(a, 0)] + w[W(a, 1)] + w[W(a, 2)] + w[W(a, 3)] + w[W(b, 3)], -0x80000000, 0x7fffffff);
    w[W(d, 0)] = 0;
    w[W(d, 1)] = 0;
    w[W(d, 2)] = 0;
    w[W(d, 3)] = sum;
    finishSaturation(s);
  }) as V3,
};

/** Integer compares: all-ones or zero per element; returns the CR6 value for the record form. */
function compare(lane: Lane, test: (x: number, y: number) => boolean) {
  const n = LANES[lane];
  return (s: CpuState, d: number, a: number, b: number): number => {
    const v = views(s.vr)[lane];
    let all = true;
    let none = true;
    for (let i = 0; i < n; i++) {
      const t = test(v[n * a + i], v[n * b + i]);
      v[n * d + i] = t ? -1 : 0;
      if (t) none = false;
      else all = false;
    }
    return (all ? 8 : 0) | (none ? 2 : 0);
  };
}

const eq = (x: number, y: number) => x === y;
const gt = (x: number, y: number) => x > y;

export const compareHelpers = {
  vcmpequb: compare('u8', eq),
  vcmpequh: compare('u16', eq),
  vcmpequw: compare('w', eq),
  vcmpgtub: compare('u8', gt),
  vcmpgtuh: compare('u16', gt),
  vcmpgtuw: compare('u32', gt),
  vcmpgtsb: compare('s8', gt),
  vcmpgtsh: compare('s16', gt),
  vcmpgtsw: compare('w', gt),
};
