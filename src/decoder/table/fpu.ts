import * as F from '../fields.js';
import { Flag, type InsnDef } from '../types.js';
import { A, RES, X, X0 } from './forms.js';

// Opcodes 59 (single) and 63 (double) exactly as `objdump -d -M 7450` decodes them
// (binutils opcodes/ppc-opc.c). Reserved-bit masks were measured by flipping every bit of
// each opcode's word under objdump: e.g. fres/frsqrte ignore bit 15 (binutils A_L operand,
// printed as a third ",1"), mtfsf ignores the later L (bit 6) and W (bit 15) bits.

const FP = Flag.ReadsFPSCR | Flag.WritesFPSCR;
/** Record forms write CR1 from FPSCR[FX,FEX,VX,OX]. */
const RC = ['rc'] as const;

/** objdump's optional A_L operand: fres/frsqrte print ",1" when bit 15 is set. */
const withL = (w: number, name: string) =>
  w & 0x10000 ? `${(name + (w & 1 ? '.' : '')).padEnd(7)} f${F.rt(w)},f${F.rb(w)},1` : undefined;

/** Bits 11–15 of the reserved A field that fres/frsqrte check (bit 15 is A_L). */
const A_HIGH4 = 0x001e0000;

const arith = (name: string, opcd: number, xo: number, reserved: number, operands: InsnDef['operands']): InsnDef => ({
  name,
  ...A(opcd, xo, reserved),
  operands,
  family: 'fpu',
  variants: RC,
  feature: 'fpu',
  flags: FP,
});

const abc = ['frt', 'fra', 'frb'] as const;
const acb = ['frt', 'fra', 'frc', 'frb'] as const;
const ac = ['frt', 'fra', 'frc'] as const;
const tb = ['frt', 'frb'] as const;

/** Sign moves and fmr: X form, RA reserved, no FPSCR effect. */
const move = (name: string, xo: number): InsnDef => ({
  name,
  ...X(63, xo, RES.ra),
  operands: tb,
  family: 'fpu',
  variants: RC,
  feature: 'fpu',
});

export const fpu: InsnDef[] = [
  arith('fdivs', 59, 18, RES.rc5, abc),
  arith('fsubs', 59, 20, RES.rc5, abc),
  arith('fadds', 59, 21, RES.rc5, abc),
  // objdump -M 7450 decodes fsqrt[s]; the MPC7450 RM lists neither (the 7450 takes a program
  // interrupt), but qemu-ppc -cpu 7450 executes them (measured: fsqrt(2) = 0x3ff6a09e667f3bcd).
  // Choice: execute them, as qemu-ppc does, so differential runs agree.
  arith('fsqrts', 59, 22, RES.ra | RES.rc5, tb),
  { ...arith('fres', 59, 24, A_HIGH4 | RES.rc5, tb), format: (w) => withL(w, 'fres') },
  arith('fmuls', 59, 25, RES.rb, ac),
  arith('fmsubs', 59, 28, 0, acb),
  arith('fmadds', 59, 29, 0, acb),
  arith('fnmsubs', 59, 30, 0, acb),
  arith('fnmadds', 59, 31, 0, acb),

  {
    name: 'fcmpu',
    ...X0(63, 0, 0x00600000),
    operands: ['crfd', 'fra', 'frb'],
    family: 'fpu',
    feature: 'fpu',
    flags: FP | Flag.WritesCR,
  },
  { ...move('frsp', 12), flags: FP },
  { ...move('fctiw', 14), flags: FP },
  { ...move('fctiwz', 15), flags: FP },
  arith('fdiv', 63, 18, RES.rc5, abc),
  arith('fsub', 63, 20, RES.rc5, abc),
  arith('fadd', 63, 21, RES.rc5, abc),
  arith('fsqrt', 63, 22, RES.ra | RES.rc5, tb),
  { ...arith('fsel', 63, 23, 0, acb), flags: 0 },
  arith('fmul', 63, 25, RES.rb, ac),
  { ...arith('frsqrte', 63, 26, A_HIGH4 | RES.rc5, tb), format: (w) => withL(w, 'frsqrte') },
  arith('fmsub', 63, 28, 0, acb),
  arith('fmadd', 63, 29, 0, acb),
  arith('fnmsub', 63, 30, 0, acb),
  arith('fnmadd', 63, 31, 0, acb),
  {
    name: 'fcmpo',
    ...X0(63, 32, 0x00600000),
    operands: ['crfd', 'fra', 'frb'],
    family: 'fpu',
    feature: 'fpu',
    flags: FP | Flag.WritesCR,
  },
  {
    name: 'mtfsb1',
    ...X(63, 38, RES.ra | RES.rb),
    operands: ['crbd'],
    family: 'fpu',
    variants: RC,
    feature: 'fpu',
    flags: FP,
  },
  move('fneg', 40),
  {
    name: 'mcrfs',
    ...X0(63, 64, 0x00600000 | 0x00030000 | RES.rb),
    operands: ['crfd', 'crfs'],
    family: 'fpu',
    feature: 'fpu',
    flags: FP | Flag.WritesCR,
  },
  {
    name: 'mtfsb0',
    ...X(63, 70, RES.ra | RES.rb),
    operands: ['crbd'],
    family: 'fpu',
    variants: RC,
    feature: 'fpu',
    flags: FP,
  },
  move('fmr', 72),
  {
    name: 'mtfsfi',
    ...X(63, 134, 0x00600000 | RES.ra | 0x800),
    operands: ['crfd'],
    family: 'fpu',
    variants: RC,
    feature: 'fpu',
    flags: FP,
    // No operand kind prints the U field (bits 16–19); objdump: "mtfsfi  crfD,U".
    format: (w) => `${(w & 1 ? 'mtfsfi.' : 'mtfsfi').padEnd(7)} ${F.crfD(w)},${F.fpImm(w)}`,
  },
  move('fnabs', 136),
  move('fabs', 264),
  {
    name: 'mffs',
    ...X(63, 583, RES.ra | RES.rb),
    operands: ['frt'],
    family: 'fpu',
    variants: RC,
    feature: 'fpu',
    flags: FP,
  },
  {
    // ISA 3.0 mffs variants in bits 11–20: mffscrni (RA=23, glibc 2.36's sin/cos), mffscrn
    // (22), mffsl (24), mffsce (1), mffscdrn[i] (20/21). Cores before ISA 3.0 ignore those bits
    // and execute mffs (qemu-oracle-gaps.md); glibc's fenv code relies on that. objdump -M 7450
    // decodes none of them and prints `.long`, so the format hook does the same. This entry
    // follows mffs (RA=RB=0) in the table, so it takes every other 63/583 word; the emitter is
    // mffs's.
    name: 'mffscrni',
    ...X(63, 583),
    operands: ['frt'],
    family: 'fpu',
    variants: RC,
    feature: 'fpu',
    flags: FP,
    format: (w) => `.long 0x${(w >>> 0).toString(16)}`,
  },
  {
    name: 'mtfsf',
    ...X(63, 711),
    operands: ['fm', 'frb'],
    family: 'fpu',
    variants: RC,
    feature: 'fpu',
    flags: FP,
  },
];
