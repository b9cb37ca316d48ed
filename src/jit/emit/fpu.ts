import * as F from '../../decoder/fields.js';
import { R } from '../../runtime/cpu-state.js';
import type { EmitContext, Emitter } from './context.js';

// FPU emitters (opcodes 59/63). Arithmetic calls one small helper per opcode from
// src/runtime/fpu (rt.fadd(s, a, b) …) that returns the result and updates FPSCR in
// s.r[R.FPSCR]; FPSCR is never kept in a block local, so helper and block agree on it.

const FPSCR = `r[${R.FPSCR}]`;

/** Record form: CR1 ← FPSCR[FX, FEX, VX, OX]. */
function cr1(w: number, c: EmitContext): string {
  if (!(w & 1)) return '';
  const cr = c.setReg('cr');
  return ` ${cr} = (${cr} & ~0x0f000000) | ((${FPSCR} >>> 4) & 0x0f000000);`;
}

const two =
  (helper: string): Emitter =>
  (w, c) =>
    `${c.setFpr(F.rt(w))} = rt.${helper}(s, ${c.fpr(F.ra(w))}, ${c.fpr(F.rb(w))});${cr1(w, c)}`;
const mulForm =
  (helper: string): Emitter =>
  (w, c) =>
    `${c.setFpr(F.rt(w))} = rt.${helper}(s, ${c.fpr(F.ra(w))}, ${c.fpr(F.rc5(w))});${cr1(w, c)}`;
const one =
  (helper: string): Emitter =>
  (w, c) =>
    `${c.setFpr(F.rt(w))} = rt.${helper}(s, ${c.fpr(F.rb(w))});${cr1(w, c)}`;
const fused =
  (helper: string): Emitter =>
  (w, c) =>
    `${c.setFpr(F.rt(w))} = rt.${helper}(s, ${c.fpr(F.ra(w))}, ${c.fpr(F.rc5(w))}, ${c.fpr(F.rb(w))});${cr1(w, c)}`;

/** Sign-bit moves: inline for numbers, a bit-exact helper for NaNs (payload kept). */
const signMove =
  (inline: (b: string) => string, helper: string): Emitter =>
  (w, c) => {
    const b = c.fpr(F.rb(w));
    return `${c.setFpr(F.rt(w))} = ${b} === ${b} ? ${inline(b)} : rt.${helper}(${b});${cr1(w, c)}`;
  };

const compare =
  (helper: string): Emitter =>
  (w, c) => {
    const shift = 28 - 4 * F.crfD(w);
    const cr = c.setReg('cr');
    return `${cr} = (${cr} & ${~(0xf << shift)}) | (rt.${helper}(s, ${c.fpr(F.ra(w))}, ${c.fpr(F.rb(w))}) << ${shift});`;
  };

const mffs: Emitter = (w, c) => `${c.setFpr(F.rt(w))} = rt.mffs(s);${cr1(w, c)}`;

export const fpuEmitters: Record<string, Emitter> = {
  fadd: two('fadd'),
  fadds: two('fadds'),
  fsub: two('fsub'),
  fsubs: two('fsubs'),
  fdiv: two('fdiv'),
  fdivs: two('fdivs'),
  fmul: mulForm('fmul'),
  fmuls: mulForm('fmuls'),
  fsqrt: one('fsqrt'),
  fsqrts: one('fsqrts'),
  fres: one('fres'),
  frsqrte: one('frsqrte'),
  frsp: one('frsp'),
  fctiw: one('fctiw'),
  fctiwz: one('fctiwz'),
  fmadd: fused('fmadd'),
  fmadds: fused('fmadds'),
  fmsub: fused('fmsub'),
  fmsubs: fused('fmsubs'),
  fnmadd: fused('fnmadd'),
  fnmadds: fused('fnmadds'),
  fnmsub: fused('fnmsub'),
  fnmsubs: fused('fnmsubs'),
  // fsel: FRA ≥ 0 (−0 included, NaN not) selects FRC, else FRB. No FPSCR change.
  fsel: (w, c) => {
    const a = c.fpr(F.ra(w));
    return `${c.setFpr(F.rt(w))} = ${a} >= 0 ? ${c.fpr(F.rc5(w))} : ${c.fpr(F.rb(w))};${cr1(w, c)}`;
  },
  fmr: (w, c) => `${c.setFpr(F.rt(w))} = ${c.fpr(F.rb(w))};${cr1(w, c)}`,
  fneg: signMove((b) => `-${b}`, 'fnegBits'),
  fabs: signMove((b) => `Math.abs(${b})`, 'fabsBits'),
  fnabs: signMove((b) => `-Math.abs(${b})`, 'fnabsBits'),
  fcmpu: compare('fcmpu'),
  fcmpo: compare('fcmpo'),
  mffs,
  mffscrni: mffs,
  mtfsf: (w, c) => `rt.mtfsf(s, ${F.fm(w)}, ${c.fpr(F.rb(w))});${cr1(w, c)}`,
  mtfsfi: (w, c) => `rt.mtfsfi(s, ${F.crfD(w)}, ${F.fpImm(w)});${cr1(w, c)}`,
  mtfsb0: (w, c) => `rt.mtfsb(s, ${F.rt(w)}, false);${cr1(w, c)}`,
  mtfsb1: (w, c) => `rt.mtfsb(s, ${F.rt(w)}, true);${cr1(w, c)}`,
  mcrfs: (w, c) => {
    const shift = 28 - 4 * F.crfD(w);
    const cr = c.setReg('cr');
    return `${cr} = (${cr} & ${~(0xf << shift)}) | (rt.mcrfs(s, ${F.crfS(w)}) << ${shift});`;
  },
};
