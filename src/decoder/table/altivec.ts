import * as F from '../fields.js';
import type { OperandKind } from '../operands.js';
import type { Alias, InsnDef } from '../types.js';
import { Flag } from '../types.js';
import { RES, VA, VC, VX } from './forms.js';

// AltiVec (VMX), primary opcode 4, as the MPC7450 implements it and as
// `objdump -M 7450` decodes it (binutils opcodes/ppc-opc.c, the PPCVEC entries). Forms:
// VX (xo in bits 21–31), VA (xo in bits 26–31, four registers) and VC (compares: xo in
// bits 22–31, Rc in bit 21, printed as a "." suffix).

const ABC: readonly OperandKind[] = ['vrt', 'vra', 'vrb'];
const DB: readonly OperandKind[] = ['vrt', 'vrb'];
const DBU: readonly OperandKind[] = ['vrt', 'vrb', 'vuimm'];

const vx = (name: string, xo: number, operands = ABC, reserved = 0): InsnDef => ({
  name,
  ...VX(xo, reserved),
  operands,
  family: 'altivec',
  feature: 'altivec',
});

/** VX with VA reserved (one source register). */
const vxB = (name: string, xo: number) => vx(name, xo, DB, RES.ra);

const va = (
  name: string,
  xo: number,
  operands: readonly OperandKind[] = ['vrt', 'vra', 'vrb', 'vrc'],
  reserved = 0,
) => ({
  name,
  ...VA(xo, reserved),
  operands,
  family: 'altivec' as const,
  feature: 'altivec' as const,
});

/** The Rc bit of a VC-form compare (bit 21): the record form also sets CR6. */
export const VC_RC = 0x400;

/** VC-form compare; the record form is the "." alias of the same entry. */
const vc = (name: string, xo: number): InsnDef => {
  const record: Alias = { name: `${name}.`, when: (w) => (w & VC_RC) !== 0, operands: ABC };
  return {
    name,
    ...VC(xo),
    operands: ABC,
    family: 'altivec',
    feature: 'altivec',
    flags: Flag.WritesCR,
    aliases: [record],
  };
};

/** Element-index field widths of vspltb/h/w: the unused high bits of VA are reserved. */
const UIMM4_RES = 0x00100000;
const UIMM3_RES = 0x00180000;
const UIMM2_RES = 0x001c0000;

const sameVaVb = (w: number) => F.ra(w) === F.rb(w);

export const altivec: InsnDef[] = [
  // Modulo and saturating integer arithmetic.
  vx('vaddubm', 0),
  vx('vadduhm', 64),
  vx('vadduwm', 128),
  vx('vaddcuw', 384),
  vx('vaddubs', 512),
  vx('vadduhs', 576),
  vx('vadduws', 640),
  vx('vaddsbs', 768),
  vx('vaddshs', 832),
  vx('vaddsws', 896),
  vx('vsububm', 1024),
  vx('vsubuhm', 1088),
  vx('vsubuwm', 1152),
  vx('vsubcuw', 1408),
  vx('vsububs', 1536),
  vx('vsubuhs', 1600),
  vx('vsubuws', 1664),
  vx('vsubsbs', 1792),
  vx('vsubshs', 1856),
  vx('vsubsws', 1920),
  // Maximum, minimum, average.
  vx('vmaxub', 2),
  vx('vmaxuh', 66),
  vx('vmaxuw', 130),
  vx('vmaxsb', 258),
  vx('vmaxsh', 322),
  vx('vmaxsw', 386),
  vx('vminub', 514),
  vx('vminuh', 578),
  vx('vminuw', 642),
  vx('vminsb', 770),
  vx('vminsh', 834),
  vx('vminsw', 898),
  vx('vavgub', 1026),
  vx('vavguh', 1090),
  vx('vavguw', 1154),
  vx('vavgsb', 1282),
  vx('vavgsh', 1346),
  vx('vavgsw', 1410),
  // Multiply (even/odd elements), multiply-add and multiply-sum.
  vx('vmuloub', 8),
  vx('vmulouh', 72),
  vx('vmulosb', 264),
  vx('vmulosh', 328),
  vx('vmuleub', 520),
  vx('vmuleuh', 584),
  vx('vmulesb', 776),
  vx('vmulesh', 840),
  va('vmhaddshs', 32),
  va('vmhraddshs', 33),
  va('vmladduhm', 34),
  va('vmsumubm', 36),
  va('vmsummbm', 37),
  va('vmsumuhm', 38),
  va('vmsumuhs', 39),
  va('vmsumshm', 40),
  va('vmsumshs', 41),
  // Sums across.
  vx('vsum4ubs', 1544),
  vx('vsum4shs', 1608),
  vx('vsum2sws', 1672),
  vx('vsum4sbs', 1800),
  vx('vsumsws', 1928),
  // Logical.
  vx('vand', 1028),
  vx('vandc', 1092),
  {
    ...vx('vor', 1156),
    aliases: [{ name: 'vmr', when: sameVaVb, operands: ['vrt', 'vra'] }],
  },
  vx('vxor', 1220),
  {
    ...vx('vnor', 1284),
    aliases: [{ name: 'vnot', when: sameVaVb, operands: ['vrt', 'vra'] }],
  },
  va('vsel', 42),
  // Rotates and shifts.
  vx('vrlb', 4),
  vx('vrlh', 68),
  vx('vrlw', 132),
  vx('vslb', 260),
  vx('vslh', 324),
  vx('vslw', 388),
  vx('vsl', 452),
  vx('vsrb', 516),
  vx('vsrh', 580),
  vx('vsrw', 644),
  vx('vsr', 708),
  vx('vsrab', 772),
  vx('vsrah', 836),
  vx('vsraw', 900),
  vx('vslo', 1036),
  vx('vsro', 1100),
  va('vsldoi', 44, ['vrt', 'vra', 'vrb', 'vshb'], 0x400),
  // Permute, merge, splat, pack, unpack.
  va('vperm', 43),
  vx('vmrghb', 12),
  vx('vmrghh', 76),
  vx('vmrghw', 140),
  vx('vmrglb', 268),
  vx('vmrglh', 332),
  vx('vmrglw', 396),
  vx('vspltb', 524, DBU, UIMM4_RES),
  vx('vsplth', 588, DBU, UIMM3_RES),
  vx('vspltw', 652, DBU, UIMM2_RES),
  vx('vspltisb', 780, ['vrt', 'vsimm'], RES.rb),
  vx('vspltish', 844, ['vrt', 'vsimm'], RES.rb),
  vx('vspltisw', 908, ['vrt', 'vsimm'], RES.rb),
  vx('vpkuhum', 14),
  vx('vpkuwum', 78),
  vx('vpkuhus', 142),
  vx('vpkuwus', 206),
  vx('vpkshus', 270),
  vx('vpkswus', 334),
  vx('vpkshss', 398),
  vx('vpkswss', 462),
  vx('vpkpx', 782),
  vxB('vupkhsb', 526),
  vxB('vupkhsh', 590),
  vxB('vupklsb', 654),
  vxB('vupklsh', 718),
  vxB('vupkhpx', 846),
  vxB('vupklpx', 974),
  // Compares (CR6 with Rc).
  vc('vcmpequb', 6),
  vc('vcmpequh', 70),
  vc('vcmpequw', 134),
  vc('vcmpgtub', 518),
  vc('vcmpgtuh', 582),
  vc('vcmpgtuw', 646),
  vc('vcmpgtsb', 774),
  vc('vcmpgtsh', 838),
  vc('vcmpgtsw', 902),
  vc('vcmpeqfp', 198),
  vc('vcmpgefp', 454),
  vc('vcmpgtfp', 710),
  vc('vcmpbfp', 966),
  // Floating point (single precision, round to nearest unless named otherwise).
  vx('vaddfp', 10),
  vx('vsubfp', 74),
  vx('vmaxfp', 1034),
  vx('vminfp', 1098),
  // objdump prints the multiply-adds as vD,vA,vC,vB (vD = vA*vC ± vB).
  va('vmaddfp', 46, ['vrt', 'vra', 'vrc', 'vrb']),
  va('vnmsubfp', 47, ['vrt', 'vra', 'vrc', 'vrb']),
  vxB('vrefp', 266),
  vxB('vrsqrtefp', 330),
  vxB('vexptefp', 394),
  vxB('vlogefp', 458),
  vxB('vrfin', 522),
  vxB('vrfiz', 586),
  vxB('vrfip', 650),
  vxB('vrfim', 714),
  vx('vcfux', 778, DBU),
  vx('vcfsx', 842, DBU),
  vx('vctuxs', 906, DBU),
  vx('vctsxs', 970, DBU),
  // Status and control.
  vx('mfvscr', 1540, ['vrt'], RES.ra | RES.rb),
  vx('mtvscr', 1604, ['vrb'], RES.rt | RES.ra),
];
