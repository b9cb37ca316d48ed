/**
 * FPSCR bit masks (PowerPC PEM / Book I §4.2.2; bit 0 is the most significant) and the
 * bookkeeping every FP instruction shares: sticky exception bits, the FX/VX/FEX summaries
 * and FPRF (result class + FPCC).
 */
export const FX = 0x80000000 | 0;
export const FEX = 0x40000000;
export const VX = 0x20000000;
export const OX = 0x10000000;
export const UX = 0x08000000;
export const ZX = 0x04000000;
export const XX = 0x02000000;
export const VXSNAN = 0x01000000;
export const VXISI = 0x00800000;
export const VXIDI = 0x00400000;
export const VXZDZ = 0x00200000;
export const VXIMZ = 0x00100000;
export const VXVC = 0x00080000;
export const FR = 0x00040000;
export const FI = 0x00020000;
/** FPRF = C + FPCC (FL FG FE FU), bits 15–19. */
export const FPRF = 0x0001f000;
export const FPCC = 0x0000f000;
export const VXSOFT = 0x00000400;
export const VXSQRT = 0x00000200;
export const VXCVI = 0x00000100;
export const VE = 0x80;
export const RN_MASK = 0x03;

/** Rounding modes (FPSCR[RN]). */
export const RN_NEAREST = 0;
export const RN_ZERO = 1;
export const RN_UP = 2;
export const RN_DOWN = 3;

/** The invalid-operation exception bits VX summarises. */
export const VX_ALL = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXVC | VXSOFT | VXSQRT | VXCVI;
/** Exception bits whose 0 → 1 transition sets FX (FEX and VX are summaries, not exceptions). */
export const EXCEPTION_BITS = OX | UX | ZX | XX | VX_ALL;

/** FPRF codes (C FL FG FE FU), already shifted into place. */
export const CLASS = {
  qnan: 0x11 << 12,
  negInf: 0x09 << 12,
  negNormal: 0x08 << 12,
  negDenormal: 0x18 << 12,
  negZero: 0x12 << 12,
  posZero: 0x02 << 12,
  posDenormal: 0x14 << 12,
  posNormal: 0x04 << 12,
  posInf: 0x05 << 12,
} as const;

/** Recomputes the summary bits VX and FEX from the exception and enable bits. */
export function summarise(fpscr: number): number {
  let f = fpscr & ~(VX | FEX);
  if (f & VX_ALL) f |= VX;
  // VX/OX/UX/ZX/XX (bits 2–6) line up with VE/OE/UE/ZE/XE (bits 24–28) 22 places lower.
  if ((f >>> 22) & f & 0xf8) f |= FEX;
  return f;
}

/**
 * ORs `exceptions` into the sticky bits (FX when any goes 0 → 1) and recomputes the
 * summaries. FR/FI/FPRF are left alone.
 */
export function raiseBits(fpscr: number, exceptions: number): number {
  let f = fpscr | exceptions;
  if (exceptions & ~fpscr & EXCEPTION_BITS) f |= FX;
  return summarise(f);
}

/** FPRF class of a double value; `single` classifies denormals by the single format. */
export function classify(x: number, single: boolean): number {
  if (Number.isNaN(x)) return CLASS.qnan;
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  if (x === 0) return neg ? CLASS.negZero : CLASS.posZero;
  const a = Math.abs(x);
  if (a === Number.POSITIVE_INFINITY) return neg ? CLASS.negInf : CLASS.posInf;
  const denormal = a < (single ? 1.1754943508222875e-38 : 2.2250738585072014e-308);
  if (denormal) return neg ? CLASS.negDenormal : CLASS.posDenormal;
  return neg ? CLASS.negNormal : CLASS.posNormal;
}
