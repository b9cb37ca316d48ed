import { describe, expect, it } from 'vitest';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { fromWords } from '../../src/runtime/fpu/bits.js';
import {
  DOUBLE,
  type Exact,
  exactAdd,
  exactDiv,
  exactMul,
  exactOf,
  exactSqrt,
  roundExact,
  SINGLE,
} from '../../src/runtime/fpu/exact.js';
import { classify, FI, FPRF, FR, OX, UX, XX } from '../../src/runtime/fpu/fpscr.js';
import { fpuHelpers as h } from '../../src/runtime/fpu/index.js';
import { xorshift32 } from '../support/xorshift.js';

// The fast paths (host arithmetic + error-free transformations) must agree bit for bit,
// flags included, with the exact BigInt path for every rounding mode. Inputs cluster
// around interesting exponents so ties, tiny results and overflows occur.

const rng = xorshift32;

function randomDouble(next: () => number): number {
  const kind = next() % 8;
  const sign = next() & 1 ? 0x80000000 : 0;
  let exp: number;
  if (kind === 0) exp = next() % 2047;
  else if (kind === 1)
    exp = next() % 60; // tiny / denormal
  else if (kind === 2)
    exp = 2046 - (next() % 40); // huge
  else if (kind === 3)
    exp = 1023 - 126 + (next() % 8) - 4; // near single min
  else if (kind === 4)
    exp = 1023 + 127 + (next() % 4) - 2; // near single max
  else exp = 1023 + (next() % 16) - 8;
  // Short mantissas make exact ties likely.
  const lo = kind >= 6 ? 0 : next();
  const hi = kind === 7 ? next() & 0xff000 : next() & 0xfffff;
  return fromWords(sign | (exp << 20) | hi, lo);
}

function expected(x: Exact, single: boolean, rn: number, zero: number) {
  if (x.mant === 0n) return { value: zero, flags: classify(zero, single) };
  const r = roundExact(x, single ? SINGLE : DOUBLE, rn);
  const flags =
    (r.inexact ? FI | XX : 0) |
    (r.incremented ? FR : 0) |
    (r.overflow ? OX : 0) |
    (r.tiny && r.inexact ? UX : 0) |
    classify(r.value, single);
  return { value: r.value, flags };
}

const WATCH = FI | FR | FPRF | XX | OX | UX;

function check(
  name: string,
  run: (s: CpuState) => number,
  exact: Exact,
  single: boolean,
  rn: number,
  zero: number,
  ctx: string,
) {
  const s = new CpuState();
  s.r[R.FPSCR] = rn;
  const got = run(s);
  const want = expected(exact, single, rn, zero);
  const ok = Object.is(got, want.value) && (s.r[R.FPSCR] & WATCH) === (want.flags & WATCH);
  if (!ok)
    expect({ got, flags: (s.r[R.FPSCR] & WATCH).toString(16) }, `${name} ${ctx} rn=${rn}`).toEqual({
      got: want.value,
      flags: (want.flags & WATCH).toString(16),
    });
}

const finite = (x: number) => Number.isFinite(x);

describe('FPU fast paths agree with the exact BigInt rounding', () => {
  for (const single of [false, true]) {
    const sfx = single ? 's' : '';
    it(`fadd${sfx}/fsub${sfx}/fmul${sfx}/fdiv${sfx}/fsqrt${sfx} on random operands, all rounding modes`, () => {
      const next = rng(single ? 99 : 42);
      for (let i = 0; i < 4000; i++) {
        const a = randomDouble(next);
        let b = randomDouble(next);
        if (i % 5 === 0) b = a * (1 + 2 ** -30); // cancellation
        const ea = exactOf(a);
        const eb = exactOf(b);
        for (let rn = 0; rn < 4; rn++) {
          const ctx = `a=${a} b=${b}`;
          const zero = rn === 3 ? -0 : 0;
          check(`fadd${sfx}`, (s) => (single ? h.fadds : h.fadd)(s, a, b), exactAdd(ea, eb), single, rn, zero, ctx);
          check(`fmul${sfx}`, (s) => (single ? h.fmuls : h.fmul)(s, a, b), exactMul(ea, eb), single, rn, 0, ctx);
          if (b !== 0)
            check(`fdiv${sfx}`, (s) => (single ? h.fdivs : h.fdiv)(s, a, b), exactDiv(ea, eb), single, rn, 0, ctx);
          const m = Math.abs(a);
          check(`fsqrt${sfx}`, (s) => (single ? h.fsqrts : h.fsqrt)(s, m), exactSqrt(exactOf(m)), single, rn, 0, ctx);
        }
      }
    });

    it(`fmadd${sfx}/fmsub${sfx} are fused on random operands, all rounding modes`, () => {
      const next = rng(single ? 7 : 8);
      for (let i = 0; i < 6000; i++) {
        const a = randomDouble(next);
        const c = randomDouble(next);
        let b = randomDouble(next);
        // b ≈ −a·c: catastrophic cancellation where a*c+b and fma differ.
        if (i % 3 === 0 && finite(a * c)) b = -(a * c);
        // … and partial cancellation at every scale.
        if (i % 3 === 1 && finite(a * c)) b = -(a * c) * (1 + 2 ** -(next() % 64));
        const prod = exactMul(exactOf(a), exactOf(c));
        for (let rn = 0; rn < 4; rn++) {
          const ctx = `a=${a} c=${c} b=${b}`;
          check(
            `fmadd${sfx}`,
            (s) => (single ? h.fmadds : h.fmadd)(s, a, c, b),
            exactAdd(prod, exactOf(b)),
            single,
            rn,
            rn === 3 ? -0 : 0,
            ctx,
          );
          check(
            `fmsub${sfx}`,
            (s) => (single ? h.fmsubs : h.fmsub)(s, a, c, b),
            exactAdd(prod, exactOf(-b)),
            single,
            rn,
            rn === 3 ? -0 : 0,
            ctx,
          );
        }
      }
    });
  }

  it('frsp rounds arbitrary doubles once to single', () => {
    const next = rng(5);
    for (let i = 0; i < 5000; i++) {
      const b = randomDouble(next);
      for (let rn = 0; rn < 4; rn++) check('frsp', (s) => h.frsp(s, b), exactOf(b), true, rn, 0, `b=${b}`);
    }
  });
});
