import { describe, expect, it } from 'vitest';
import { R } from '../../src/runtime/cpu-state.js';
import { FI, FR, FX, XX } from '../../src/runtime/fpu/fpscr.js';
import { blockSource, runWords } from './harness.js';

// Encoders for the forms used here (PowerPC field layout, bit 0 = MSB).
const A = (op: number, t: number, a: number, b: number, c: number, xo: number, rc = 0) =>
  ((op << 26) | (t << 21) | (a << 16) | (b << 11) | (c << 6) | (xo << 1) | rc) >>> 0;
const X = (op: number, t: number, a: number, b: number, xo: number, rc = 0) =>
  ((op << 26) | (t << 21) | (a << 16) | (b << 11) | (xo << 1) | rc) >>> 0;
const fadd = (t: number, a: number, b: number, rc = 0) => A(63, t, a, b, 0, 21, rc);
const fmadds = (t: number, a: number, c: number, b: number) => A(59, t, a, b, c, 29);
const fsel = (t: number, a: number, c: number, b: number) => A(63, t, a, b, c, 23);
const fneg = (t: number, b: number) => X(63, t, 0, b, 40);
const fabs = (t: number, b: number) => X(63, t, 0, b, 264);
const fmr = (t: number, b: number) => X(63, t, 0, b, 72);
const fcmpu = (crf: number, a: number, b: number) => X(63, crf << 2, a, b, 0);
const fctiw = (t: number, b: number) => X(63, t, 0, b, 14);
const mffs = (t: number, rc = 0) => X(63, t, 0, 0, 583, rc);
const mffscrni = (t: number, rm: number) => X(63, t, 23, rm, 583);
const mtfsfi = (crf: number, imm: number) => (X(63, crf << 2, 0, 0, 134) | (imm << 12)) >>> 0;
const mcrfs = (crfD: number, crfS: number) => X(63, crfD << 2, crfS << 2, 0, 64);

const word = (hi: number, lo: number, s: { fprBits: Int32Array }, n: number) => {
  s.fprBits[2 * n] = lo;
  s.fprBits[2 * n + 1] = hi;
};
const bitsOf = (s: { fprBits: Int32Array }, n: number) =>
  `${(s.fprBits[2 * n + 1] >>> 0).toString(16).padStart(8, '0')}${(s.fprBits[2 * n] >>> 0).toString(16).padStart(8, '0')}`;

describe('FPU in compiled blocks', () => {
  it('fadd/fadd. compute, update FPSCR and copy FPSCR[0:3] into CR1', () => {
    const { s, raised } = runWords([fadd(1, 2, 3), fadd(4, 2, 3, 1)], (s) => {
      s.fpr[2] = 0.1;
      s.fpr[3] = 0.2;
      s.r[R.CR] = 0x0f000000; // stale CR1 bits must be replaced
    });
    expect(raised.map((r) => r.pc)).toEqual([0x10008]); // the stop word
    expect(s.fpr[1]).toBe(0.30000000000000004);
    expect(s.fpr[4]).toBe(0.30000000000000004);
    expect(s.r[R.FPSCR] & (FX | XX | FR | FI)).toBe(FX | XX | FR | FI);
    expect((s.r[R.CR] >>> 24) & 0xf).toBe(0x8); // FX only
  });

  it('fmadds is fused and rounded once to single', () => {
    const { s } = runWords([fmadds(1, 2, 4, 3)], (s) => {
      s.fpr[2] = 1 + 2 ** -12;
      s.fpr[4] = 1 + 2 ** -12;
      s.fpr[3] = 2 ** -50;
    });
    expect(s.fpr[1]).toBe(1 + 2 ** -11 + 2 ** -23);
  });

  it('fsel, fneg/fabs/fmr keep NaN payloads bit-exact', () => {
    const { s } = runWords([fsel(1, 2, 4, 3), fneg(5, 6), fabs(7, 6), fmr(8, 6), fneg(9, 3)], (s) => {
      s.fpr[2] = -0;
      s.fpr[4] = 7;
      s.fpr[3] = 9;
      word(0xfff40000, 0x12345, s, 6); // negative SNaN
    });
    expect(s.fpr[1]).toBe(7); // −0 ≥ 0 selects FRC
    expect(bitsOf(s, 5)).toBe('7ff4000000012345');
    expect(bitsOf(s, 7)).toBe('7ff4000000012345');
    expect(bitsOf(s, 8)).toBe('fff4000000012345');
    expect(s.fpr[9]).toBe(-9);
  });

  it('fcmpu writes the CR field; fctiw leaves the int32 in the low word', () => {
    const { s } = runWords([fcmpu(3, 2, 3), fctiw(4, 2)], (s) => {
      s.fpr[2] = -2.5;
      s.fpr[3] = 1;
      s.r[R.CR] = -1;
    });
    expect((s.r[R.CR] >>> 16) & 0xf).toBe(0x8);
    expect(s.r[R.CR] | 0x000f0000).toBe(-1);
    expect(bitsOf(s, 4)).toBe('fffffffffffffffe');
  });

  it('mtfsfi sets RN; mffs and mffscrni (executed as mffs) read FPSCR; mcrfs copies a field', () => {
    const { s } = runWords([mtfsfi(7, 1), fadd(1, 2, 3), mffs(4), mffscrni(5, 2), mcrfs(2, 6)], (s) => {
      s.fpr[2] = 1;
      s.fpr[3] = 2 ** -60;
    });
    expect(s.fpr[1]).toBe(1); // rounded toward zero
    expect(bitsOf(s, 4)).toBe(bitsOf(s, 5));
    expect(s.fprBits[8] & 3).toBe(1); // RN=1 in the low word
    expect(s.r[R.FPSCR] & 3).toBe(1); // mffscrni did not change RN on this core
    expect((s.r[R.CR] >>> 20) & 0xf).toBe(0); // FPSCR field 6 (VE..XE) is 0
  });

  it('generated code calls one helper per arithmetic instruction', () => {
    const src = blockSource([fadd(1, 2, 3, 1), mffs(4)]);
    expect(src).toContain('rt.fadd(s, f2, f3)');
    expect(src).toContain('rt.mffs(s)');
    expect(src).toMatch(/cr = \(cr & ~0x0f000000\)/);
  });
});
