import * as F from '../fields.js';
import { crBitName, operandPrinters } from '../operands.js';
import { Flag, type InsnDef } from '../types.js';
import { D, X, X0 } from './forms.js';

// Branches (opcodes 16, 18, 19/16, 19/528) and the CR-logical group of opcode 19.
//
// Conditional branches print through `format`: objdump's opcode table (binutils
// opcodes/ppc-opc.c, the "bdnz-" … "bc" rows of opcodes 16 and 19) lists every BO/BI
// simplified mnemonic with "-"/"+" twins, and for -M 7450 (not ISA 2.x) the hint comes from
// the y bit alone (ppc-opc.c extract_bdm/extract_bdp: "-" when y equals the sign of the
// displacement, "+" otherwise). The rules below reproduce the rows objdump 2.40 picks; every
// BO × BI × AA × LK × sign(BD) and BO × BI × BH × LK combination is checked against objdump in
// test/decoder/branch.test.ts.

/** objdump's line for one instruction: mnemonic padded to 7 columns, a space, operands. */
export const insnText = (name: string, operands = '') => (operands === '' ? name : `${name.padEnd(7)} ${operands}`);

export const dotLong = (w: number) => `.long 0x${(w >>> 0).toString(16)}`;

/** BO bits (BO[0] is 0x10): 0x10 ignore the CR bit, 0x08 branch when it is 1, 0x04 ignore CTR, 0x02 branch when CTR reaches 0, 0x01 the y hint. */
const BO_NO_COND = 0x10;
const BO_COND_TRUE = 0x08;
const BO_NO_CTR = 0x04;
const BO_CTR_ZERO = 0x02;
const BO_Y = 0x01;

const COND_TRUE = ['lt', 'gt', 'eq', 'so'] as const;
const COND_FALSE = ['ge', 'le', 'ne', 'ns'] as const;

/** Condition name of a branch on CR bit `bi` (bge, bne, bso …). */
const condName = (bo: number, bi: number) => (bo & BO_COND_TRUE ? COND_TRUE : COND_FALSE)[bi & 3];

/**
 * BO encodings the architecture defines (PEM Table 2-…; binutils valid_bo for pre-ISA-2
 * dialects): the "z" bits must be zero — 0b001zy, 0b011zy, 0b1z00y, 0b1z01y, 0b1z1zz.
 * objdump prints the other encodings of bclr/bcctr (and of bc once no alias row matches) as
 * `.long`; the CPU ignores z, and so does the emitter.
 */
export function validBo(bo: number): boolean {
  if ((bo & 0x14) === 0) return true;
  if ((bo & 0x14) === 0x04) return (bo & 0x02) === 0;
  if ((bo & 0x14) === 0x10) return (bo & 0x08) === 0;
  return bo === 0x14;
}

/** `bdnz`/`bdz` stem of a branch that decrements CTR. */
const ctrStem = (bo: number) => (bo & BO_CTR_ZERO ? 'bdz' : 'bdnz');

/** bc/bca/bcl/bcla (opcode 16) exactly as objdump -M 7450 prints it. */
function formatBc(w: number, addr: number): string {
  const bo = F.rt(w);
  const bi = F.ra(w);
  const suffix = (w & 1 ? 'l' : '') + (w & 2 ? 'a' : '');
  const target = operandPrinters.bd(w, addr);
  const negative = F.bd(w) < 0;
  const hint = (bo & BO_Y ? 1 : 0) ^ (negative ? 1 : 0) ? '+' : '-';
  if (!(bo & BO_NO_COND)) {
    // The alias rows mask out the "at" bits, so z is ignored here (bne- for BO=0b00110).
    if (bo & BO_NO_CTR) {
      const field = bi >> 2 ? `cr${bi >> 2},` : '';
      return insnText(`b${condName(bo, bi)}${suffix}${hint}`, field + target);
    }
    return insnText(`${ctrStem(bo)}${bo & BO_COND_TRUE ? 't' : 'f'}${suffix}${hint}`, `${crBitName(bi)},${target}`);
  }
  if (!(bo & BO_NO_CTR) && bi === 0) return insnText(`${ctrStem(bo)}${suffix}${hint}`, target);
  if (!validBo(bo)) return dotLong(w);
  // The generic row: "bc+" only when y is set and the displacement is not negative.
  const genericHint = bo & BO_Y && !negative ? '+' : '';
  return insnText(`bc${suffix}${genericHint}`, `${bo},${crBitName(bi)},${target}`);
}

/** bclr[l] and bcctr[l] (opcode 19) as objdump -M 7450 prints them; BH is an optional last operand. */
function formatBcTo(to: 'lr' | 'ctr') {
  return (w: number): string => {
    const bo = F.rt(w);
    const bi = F.ra(w);
    const bh = (w >>> 11) & 3;
    if (!validBo(bo)) return dotLong(w);
    const lk = w & 1 ? 'l' : '';
    const hint = bo & BO_Y ? '+' : '-';
    const withBh = (ops: string) => (bh ? (ops === '' ? `${bh}` : `${ops},${bh}`) : ops);
    if (!(bo & BO_NO_COND) && bo & BO_NO_CTR) {
      // CR field operand is optional: omitted for cr0 unless BH follows.
      const field = bi >> 2 || bh ? `cr${bi >> 2}` : '';
      return insnText(`b${condName(bo, bi)}${to}${lk}${hint}`, withBh(field));
    }
    if (to === 'lr') {
      if (!(bo & BO_NO_COND))
        return insnText(`${ctrStem(bo)}${bo & BO_COND_TRUE ? 't' : 'f'}lr${lk}${hint}`, withBh(crBitName(bi)));
      if (!(bo & BO_NO_CTR) && bi === 0) return insnText(`${ctrStem(bo)}lr${lk}${hint}`, withBh(''));
    }
    if (bo === 0x14 && bi === 0) return insnText(`b${to}${lk}`, withBh(''));
    return insnText(`bc${to}${lk}${bo & BO_Y ? '+' : ''}`, withBh(`${bo},${crBitName(bi)}`));
  };
}

const CR_LOGICAL = Flag.ReadsCR | Flag.WritesCR;
const crOp = (name: string, xo: number, aliases: InsnDef['aliases'] = undefined): InsnDef => ({
  name,
  ...X0(19, xo),
  operands: ['crBitT', 'crBitA', 'crBitB'],
  family: 'cr',
  flags: CR_LOGICAL,
  ...(aliases ? { aliases } : {}),
});
const sameAB = (w: number) => F.ra(w) === F.rb(w);
const sameTAB = (w: number) => F.rt(w) === F.ra(w) && sameAB(w);

/** Bits 16–18 of bclr/bcctr are reserved (BH is bits 19–20); objdump rejects them. */
const XL_RESERVED = 0x0000e000;

export const branch: InsnDef[] = [
  {
    name: 'b',
    ...D(18),
    operands: ['li'],
    family: 'branch',
    variants: ['lk', 'aa'],
    flags: Flag.EndsBlock | Flag.WritesLR,
  },
  {
    name: 'bc',
    ...D(16),
    operands: ['bo', 'crBitA', 'bd'],
    family: 'branch',
    variants: ['lk', 'aa'],
    flags: Flag.EndsBlock | Flag.ReadsCR | Flag.ReadsCTR | Flag.WritesCTR | Flag.WritesLR,
    format: formatBc,
  },
  {
    name: 'bclr',
    ...X(19, 16, XL_RESERVED),
    operands: ['bo', 'crBitA'],
    family: 'branch',
    variants: ['lk'],
    flags: Flag.EndsBlock | Flag.ReadsCR | Flag.ReadsCTR | Flag.WritesCTR | Flag.ReadsLR | Flag.WritesLR,
    format: formatBcTo('lr'),
  },
  {
    name: 'bcctr',
    ...X(19, 528, XL_RESERVED),
    operands: ['bo', 'crBitA'],
    family: 'branch',
    variants: ['lk'],
    // BO without "ignore CTR" is an invalid form on the 7450 (the emitter raises Illegal).
    flags: Flag.EndsBlock | Flag.ReadsCR | Flag.ReadsCTR | Flag.WritesLR,
    format: formatBcTo('ctr'),
  },
  {
    name: 'mcrf',
    // BF and BFA are 3-bit fields; the two low bits after each must be zero.
    ...X0(19, 0, 0x0063f800),
    operands: ['crfd', 'crfs'],
    family: 'cr',
    flags: CR_LOGICAL,
  },
  // CR logical ops; objdump's simplified forms: crnot = crnor A==B, crmove = cror A==B,
  // crclr = crxor T==A==B, crset = creqv T==A==B.
  crOp('crnor', 33, [{ name: 'crnot', when: sameAB, operands: ['crBitT', 'crBitA'] }]),
  crOp('crandc', 129),
  crOp('crxor', 193, [{ name: 'crclr', when: sameTAB, operands: ['crBitT'] }]),
  crOp('crnand', 225),
  crOp('crand', 257),
  crOp('creqv', 289, [{ name: 'crset', when: sameTAB, operands: ['crBitT'] }]),
  crOp('crorc', 417),
  crOp('cror', 449, [{ name: 'crmove', when: sameAB, operands: ['crBitT', 'crBitA'] }]),
];
