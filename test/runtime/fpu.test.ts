import { describe, expect, it } from 'vitest';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { fromWords, hiWord, loWord } from '../../src/runtime/fpu/bits.js';
import {
  CLASS,
  FEX,
  FI,
  FPCC,
  FPRF,
  FR,
  FX,
  OX,
  UX,
  VE,
  VX,
  VXCVI,
  VXIDI,
  VXIMZ,
  VXISI,
  VXSNAN,
  VXSQRT,
  VXVC,
  VXZDZ,
  XX,
  ZX,
} from '../../src/runtime/fpu/fpscr.js';
import { fpuHelpers as h } from '../../src/runtime/fpu/index.js';

const bits = (x: number) =>
  `${(hiWord(x) >>> 0).toString(16).padStart(8, '0')}${(loWord(x) >>> 0).toString(16).padStart(8, '0')}`;
const d = (hex: string) => fromWords(Number.parseInt(hex.slice(0, 8), 16), Number.parseInt(hex.slice(8), 16));
const state = (fpscr = 0) => {
  const s = new CpuState();
  s.r[R.FPSCR] = fpscr;
  return s;
};
const fpscr = (s: CpuState) => s.r[R.FPSCR];
const RZ = 1;
const RP = 2;
const RM = 3;
const QNAN = '7ff8000000000000';

describe('add/subtract', () => {
  it('rounds 0.1 + 0.2 up (FR, FI, XX, FX, +normal)', () => {
    const s = state();
    expect(h.fadd(s, 0.1, 0.2)).toBe(0.30000000000000004);
    expect(fpscr(s)).toBe(FX | XX | FR | FI | CLASS.posNormal);
  });

  it('honours the four rounding modes on a tie (1 + 2^-53)', () => {
    const t = 2 ** -53;
    for (const [rn, want] of [
      [0, 1],
      [RZ, 1],
      [RP, 1 + 2 ** -52],
      [RM, 1],
    ]) {
      const s = state(rn);
      expect(h.fadd(s, 1, t), `rn=${rn}`).toBe(want);
      expect(fpscr(s) & (FR | FI)).toBe(want > 1 ? FR | FI : FI);
    }
    expect(h.fadd(state(RM), -1, -t)).toBe(-(1 + 2 ** -52));
    expect(h.fadd(state(RZ), -1, -t)).toBe(-1);
  });

  it('gives exact zeros the IEEE sign: +0, or −0 when rounding toward −∞ or both −0', () => {
    expect(Object.is(h.fadd(state(), 3, -3), 0)).toBe(true);
    expect(Object.is(h.fadd(state(RM), 3, -3), -0)).toBe(true);
    expect(Object.is(h.fadd(state(), -0, -0), -0)).toBe(true);
    expect(Object.is(h.fsub(state(), -0, 0), -0)).toBe(true);
    expect(Object.is(h.fadd(state(RM), 0, 0), 0)).toBe(true);
    const s = state();
    h.fsub(s, 2, 2);
    expect(fpscr(s) & FPRF).toBe(CLASS.posZero);
  });

  it('∞ − ∞ is VXISI with the default QNaN', () => {
    const s = state();
    expect(bits(h.fsub(s, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY))).toBe(QNAN);
    expect(fpscr(s)).toBe(FX | VX | VXISI | CLASS.qnan);
  });

  it('propagates NaNs: FRA first, SNaN quieted with VXSNAN, payloads kept', () => {
    const qa = d('fff8000000000123');
    const sb = d('7ff0000000000456');
    let s = state();
    expect(bits(h.fadd(s, qa, sb))).toBe('fff8000000000123');
    expect(fpscr(s) & (VXSNAN | VX)).toBe(VXSNAN | VX);
    s = state();
    expect(bits(h.fadd(s, 1, sb))).toBe('7ff8000000000456');
    s = state();
    expect(bits(h.fsub(s, 1, qa))).toBe('fff8000000000123'); // no sign flip for a NaN FRB
    expect(fpscr(s) & VX).toBe(0);
  });

  it('single precision rounds the exact sum once (no double rounding)', () => {
    // 1 + 2^-24 + 2^-76: rounding to double first gives the single tie 1 + 2^-24 → 1.
    const s = state();
    expect(h.fadds(s, 1, 2 ** -24 + 2 ** -76)).toBe(1 + 2 ** -23);
    expect(fpscr(s) & (FR | FI)).toBe(FR | FI);
    expect(h.fadds(state(), 1, 2 ** -24)).toBe(1);
    expect(h.fadds(state(), 1, 2 ** -24 - 2 ** -77)).toBe(1);
    expect(h.fadds(state(), -1, -(2 ** -24 + 2 ** -76))).toBe(-(1 + 2 ** -23));
  });

  it('does not set FX when the exception bit was already set', () => {
    const s = state(XX);
    h.fadd(s, 0.1, 0.2);
    expect(fpscr(s) & FX).toBe(0);
    expect(fpscr(s) & XX).toBe(XX);
  });
});

describe('multiply/divide/sqrt', () => {
  it('0 × ∞ is VXIMZ; x/0 is ZX with ±∞; 0/0 VXZDZ; ∞/∞ VXIDI; √−1 VXSQRT', () => {
    let s = state();
    expect(bits(h.fmul(s, 0, Number.NEGATIVE_INFINITY))).toBe(QNAN);
    expect(fpscr(s) & VXIMZ).toBe(VXIMZ);
    s = state();
    expect(h.fdiv(s, -1, 0)).toBe(Number.NEGATIVE_INFINITY);
    expect(fpscr(s)).toBe(FX | ZX | CLASS.negInf);
    s = state();
    h.fdiv(s, 0, -0);
    expect(fpscr(s) & VXZDZ).toBe(VXZDZ);
    s = state();
    h.fdivs(s, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
    expect(fpscr(s) & VXIDI).toBe(VXIDI);
    s = state();
    expect(bits(h.fsqrt(s, -1))).toBe(QNAN);
    expect(fpscr(s) & VXSQRT).toBe(VXSQRT);
    expect(Object.is(h.fsqrt(state(), -0), -0)).toBe(true);
  });

  it('overflow: OX/XX/FI; the result depends on the rounding mode', () => {
    const max = Number.MAX_VALUE;
    let s = state();
    expect(h.fmul(s, max, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(fpscr(s) & (OX | XX | FI)).toBe(OX | XX | FI);
    expect(h.fmul(state(RZ), max, 2)).toBe(max);
    expect(h.fmul(state(RM), max, 2)).toBe(max);
    expect(h.fmul(state(RM), -max, 2)).toBe(Number.NEGATIVE_INFINITY);
    s = state();
    expect(h.fmuls(s, 2 ** 127, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(fpscr(s) & OX).toBe(OX);
    expect(h.fmuls(state(RZ), 2 ** 127, 2)).toBe(3.4028234663852886e38);
  });

  it('underflow: UX only when tiny and inexact; denormal FPRF', () => {
    let s = state();
    expect(h.fmul(s, 2 ** -1000, 2 ** -60)).toBe(2 ** -1060);
    expect(fpscr(s) & (UX | XX)).toBe(0);
    expect(fpscr(s) & FPRF).toBe(CLASS.posDenormal);
    s = state();
    expect(h.fmul(s, 3 * 2 ** -1000, 2 ** -75)).toBe(2 ** -1073); // 1.5·2^-1074 → tie → 2·2^-1074
    expect(fpscr(s) & (UX | XX | FR)).toBe(UX | XX | FR);
    s = state();
    h.fmuls(s, 2 ** -140, 1.5 * 2 ** -9); // single denormal 3·2^-150 → inexact
    expect(fpscr(s) & (UX | FPRF)).toBe(UX | CLASS.posDenormal);
  });

  it('single division and sqrt round the exact quotient/root once', () => {
    expect(h.fdivs(state(), 1, 3)).toBe(Math.fround(1 / 3));
    expect(h.fsqrts(state(), 2)).toBe(Math.fround(Math.SQRT2));
    expect(h.fdiv(state(RZ), 1, 3)).toBe(0.3333333333333333);
    expect(h.fdiv(state(RP), 1, 3)).toBe(0.33333333333333337);
    expect(h.fsqrt(state(RP), 2)).toBe(Math.SQRT2); // RN already rounded √2 up
    expect(h.fsqrt(state(RM), 2)).toBe(1.4142135623730949);
  });
});

describe('fused multiply-add', () => {
  it('rounds a·c + b once (differs from a*b+c)', () => {
    const a = 1 + 2 ** -27;
    const c = 1 - 2 ** -27;
    expect(a * c - 1).toBe(0);
    expect(h.fmadd(state(), a, c, -1)).toBe(-(2 ** -54));
    expect(h.fmsub(state(), a, c, 1)).toBe(-(2 ** -54));
    expect(h.fnmadd(state(), a, c, -1)).toBe(2 ** -54);
    expect(h.fnmsub(state(), a, c, 1)).toBe(2 ** -54);
  });

  it('single fmadds rounds the exact value once', () => {
    // (1 + 2^-12)^2 − 2^-24·… : a·c = 1 + 2^-11 + 2^-24 exactly; + 2^-50 pushes it past the tie.
    const a = 1 + 2 ** -12;
    expect(h.fmadds(state(), a, a, 2 ** -50)).toBe(1 + 2 ** -11 + 2 ** -23);
    expect(h.fmadds(state(), a, a, 0)).toBe(1 + 2 ** -11); // exact tie → even
  });

  it('fnmadd negates after rounding; NaN results keep their sign; FPRF is the negated class', () => {
    const s = state();
    expect(h.fnmadd(s, 1, 1, 1)).toBe(-2);
    expect(fpscr(s) & FPRF).toBe(CLASS.negNormal);
    expect(h.fnmadd(state(RP), 1, 1, 2 ** -60)).toBe(-(1 + 2 ** -52));
    expect(h.fnmadd(state(RM), 1, 1, 2 ** -60)).toBe(-1);
    expect(bits(h.fnmadd(state(), 1, 1, d('7ff8000000000001')))).toBe('7ff8000000000001');
    expect(bits(h.fnmsub(state(), 0, Number.POSITIVE_INFINITY, 1))).toBe(QNAN);
  });

  it('0 × ∞ + SNaN sets VXIMZ and VXSNAN; NaN precedence FRA, FRB, FRC', () => {
    const s = state();
    const snan = d('7ff4000000000000');
    expect(bits(h.fmadd(s, 0, Number.POSITIVE_INFINITY, snan))).toBe('7ffc000000000000');
    expect(fpscr(s) & (VXIMZ | VXSNAN)).toBe(VXIMZ | VXSNAN);
    expect(bits(h.fmadd(state(), 1, d('7ff8000000000003'), d('7ff8000000000002')))).toBe('7ff8000000000002');
    expect(bits(h.fmadd(state(), d('7ff8000000000001'), d('7ff8000000000003'), d('7ff8000000000002')))).toBe(
      '7ff8000000000001',
    );
  });

  it('∞ − ∞ inside the fused add is VXISI; exact zero sums follow the rounding mode', () => {
    const s = state();
    h.fmadd(s, Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY);
    expect(fpscr(s) & VXISI).toBe(VXISI);
    expect(Object.is(h.fmadd(state(), 2, 3, -6), 0)).toBe(true);
    expect(Object.is(h.fmadd(state(RM), 2, 3, -6), -0)).toBe(true);
    expect(Object.is(h.fmadd(state(), -0, 5, -0), -0)).toBe(true);
  });
});

describe('conversions and estimates', () => {
  it('frsp rounds once, overflows, and truncates NaN payloads to single', () => {
    expect(h.frsp(state(), 1 + 2 ** -24)).toBe(1);
    expect(h.frsp(state(RP), 1 + 2 ** -50)).toBe(1 + 2 ** -23);
    const s = state();
    expect(h.frsp(s, 1e300)).toBe(Number.POSITIVE_INFINITY);
    expect(fpscr(s) & OX).toBe(OX);
    expect(bits(h.frsp(state(), d('7ff4000000000001')))).toBe('7ffc000000000000');
  });

  it('fctiw/fctiwz: ties to even, saturation with VXCVI, qemu-ppc 7.2 high words', () => {
    expect(bits(h.fctiw(state(), 2.5))).toBe('0000000000000002');
    expect(bits(h.fctiw(state(), -2.5))).toBe('fffffffffffffffe');
    expect(bits(h.fctiw(state(RP), 2.1))).toBe('0000000000000003');
    expect(bits(h.fctiwz(state(), -2.7))).toBe('fffffffffffffffe');
    let s = state();
    expect(bits(h.fctiw(s, 3e9))).toBe('000000007fffffff');
    expect(fpscr(s) & (VXCVI | VX | FX)).toBe(VXCVI | VX | FX);
    expect(bits(h.fctiw(state(), -3e10))).toBe('ffffffff80000000');
    s = state();
    expect(bits(h.fctiwz(s, d('7ff4000000000000')))).toBe('0000000080000000');
    expect(fpscr(s) & (VXCVI | VXSNAN)).toBe(VXCVI | VXSNAN);
    s = state();
    h.fctiw(s, 1.5);
    expect(fpscr(s) & (FI | FR | XX)).toBe(FI | FR | XX);
  });

  it('fres/frsqrte: qemu-ppc values, ±0 → ±∞ with ZX, XX untouched', () => {
    expect(bits(h.fres(state(), 3))).toBe('3fd5555560000000');
    expect(bits(h.frsqrte(state(), 3))).toBe('3fe279a74590331d');
    let s = state();
    expect(h.fres(s, -0)).toBe(Number.NEGATIVE_INFINITY);
    expect(fpscr(s) & ZX).toBe(ZX);
    s = state();
    h.fres(s, 3);
    expect(fpscr(s) & XX).toBe(0);
    s = state();
    expect(h.frsqrte(s, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(fpscr(s) & ZX).toBe(ZX);
    s = state();
    h.frsqrte(s, -4);
    expect(fpscr(s) & VXSQRT).toBe(VXSQRT);
  });
});

describe('compares and FPSCR moves', () => {
  it('fcmpu/fcmpo set FPCC and the right invalid bits', () => {
    let s = state();
    expect(h.fcmpu(s, 1, 2)).toBe(8);
    expect(fpscr(s) & FPCC).toBe(0x8000);
    expect(h.fcmpu(state(), -0, 0)).toBe(2);
    s = state();
    expect(h.fcmpu(s, Number.NaN, 1)).toBe(1);
    expect(fpscr(s) & VX).toBe(0);
    s = state();
    h.fcmpo(s, Number.NaN, 1);
    expect(fpscr(s) & (VXVC | VXSNAN)).toBe(VXVC);
    const snan = d('7ff0000000000001');
    s = state();
    h.fcmpu(s, snan, 1);
    expect(fpscr(s) & (VXVC | VXSNAN)).toBe(VXSNAN);
    s = state();
    h.fcmpo(s, snan, 1);
    expect(fpscr(s) & (VXVC | VXSNAN)).toBe(VXVC | VXSNAN);
    s = state(VE);
    h.fcmpo(s, snan, 1);
    expect(fpscr(s) & (VXVC | VXSNAN | FEX)).toBe(VXSNAN | FEX);
  });

  it('mtfsb1 sets FX on a new exception; FEX/VX cannot be set explicitly', () => {
    let s = state();
    h.mtfsb(s, 3, true); // OX
    expect(fpscr(s)).toBe(FX | OX);
    s = state();
    h.mtfsb(s, 2, true); // VX
    expect(fpscr(s)).toBe(0);
    s = state();
    h.mtfsb(s, 24, true); // VE
    h.mtfsb(s, 7, true); // VXSNAN
    expect(fpscr(s)).toBe(FX | FEX | VX | VXSNAN | VE);
    h.mtfsb(s, 7, false);
    expect(fpscr(s)).toBe(FX | VE);
  });

  it('mtfsfi/mtfsf write fields; mffs reads FPSCR into the low word', () => {
    const s = state();
    h.mtfsfi(s, 7, 3);
    expect(fpscr(s)).toBe(3);
    h.mtfsf(s, 0xff, fromWords(0, (FEX | VX | XX | 1) >>> 0));
    expect(fpscr(s)).toBe(XX | 1);
    expect(bits(h.mffs(s))).toBe(`00000000${(XX | 1).toString(16).padStart(8, '0')}`);
  });

  it('mcrfs returns a field and clears the exception bits it copied', () => {
    const s = state(FX | OX | UX | ZX | XX | VXSNAN | FI);
    expect(h.mcrfs(s, 1)).toBe(0xf);
    expect(fpscr(s)).toBe(FX | OX | FI);
    expect(h.mcrfs(s, 0)).toBe(0x9);
    expect(fpscr(s)).toBe(FI);
  });
});
