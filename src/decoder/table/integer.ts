import * as F from '../fields.js';
import { Flag, type InsnDef } from '../types.js';
import { D, RES, X, XO } from './forms.js';

// Integer arithmetic, logical, compare, rotate and shift instructions (primary opcodes 7–29
// except the trap twi, and their opcode-31 counterparts) exactly as `objdump -d -M 7450`
// (binutils 2.40, opcodes/ppc-opc.c) prints them. Simplified mnemonics are the rows objdump's
// table lists before the plain form for the 7450 dialect: li/lis, nop/xnop, mr/not,
// cmpw/cmpwi/cmplw/cmplwi (cr0 omitted), and the rlwinm/rlwnm family (rotlwi, slwi, srwi,
// clrlwi, clrrwi, rotlw). objdump never prints sub/subi/subic/la/inslwi/extlwi… — they are
// assembler-only. Masks and aliases were checked by exhaustive SH×MB×ME sweeps and random
// words against objdump (test/decoder/integer.test.ts, test/diff/disasm-report.ts).

const RC = ['rc'] as const;
const OE_RC = ['oe', 'rc'] as const;
/** Bit 21 (OE) of mulhw/mulhwu: no overflow form exists; objdump rejects the word. */
const OE_BIT = 0x400;
/** Bit 9, between BF and L in cmp/cmpl: objdump rejects the X forms with it set (but not cmpi/cmpli). */
const CMP_RESERVED = 0x00400000;

/**
 * Reserved bits objdump rejects but qemu-ppc 7.2 ignores when executing (measured under
 * qemu-ppc -cpu 7450: cmp/cmpl with bit 9 or Rc set run as cmpw/cmplw, its decodetree
 * pattern leaves them as don't-cares; cntlzw/extsb/extsh ignore RB, their legacy handlers'
 * invalid-bits mask is 0). The word decodes and runs as the instruction; only the text is
 * objdump's `.long`. (neg/addme/addze/subfme/subfze with RB set and mulhw[u] with OE set
 * raise SIGILL under qemu, so those bits stay in the mask.)
 */
const printsLongIf =
  (bits: number, format?: (w: number) => string | undefined) =>
  (w: number): string | undefined =>
    w & bits ? `.long 0x${(w >>> 0).toString(16)}` : format?.(w);

const text = (name: string, operands: string) => `${name.padEnd(7)} ${operands}`;
const dot = (w: number) => (w & 1 ? '.' : '');

/**
 * Compares: with L=0 objdump prints cmpw/cmplw/cmpwi/cmplwi and omits the cr field when it
 * is cr0 (binutils OBF operand); with L=1 (a 64-bit compare, an invalid form on 32-bit
 * cores) it prints the base mnemonic with every operand: `cmp cr0,1,r3,r4`.
 */
function formatCompare(word32: string, base: string, last: (w: number) => string) {
  return (w: number): string => {
    const bf = F.crfD(w);
    const tail = `r${F.ra(w)},${last(w)}`;
    if (F.cmpL(w)) return text(base, `cr${bf},1,${tail}`);
    return text(word32, bf ? `cr${bf},${tail}` : tail);
  };
}

/**
 * rlwinm's simplified forms that need arithmetic on a field (clrrwi n = 31 - ME); the
 * others are plain aliases below. ppc-opc.c row order: rotlwi first, so SH=0 MB=0 ME=31
 * prints `rotlwi rA,rS,0`.
 */
function formatRlwinm(w: number): string | undefined {
  if (F.rb(w) === 0 && F.rc5(w) === 0 && F.me(w) !== 31)
    return text(`clrrwi${dot(w)}`, `r${F.ra(w)},r${F.rt(w)},${31 - F.me(w)}`);
  return undefined;
}

const rotlwiWhen = (w: number) => F.rc5(w) === 0 && F.me(w) === 31;
const slwiWhen = (w: number) => F.rb(w) !== 0 && F.rc5(w) === 0 && F.me(w) === 31 - F.rb(w);
const srwiWhen = (w: number) => F.rb(w) !== 0 && F.me(w) === 31 && F.rc5(w) === 32 - F.rb(w);
const clrlwiWhen = (w: number) => F.rb(w) === 0 && F.me(w) === 31;
const sameSB = (w: number) => F.rt(w) === F.rb(w);

/** XO-form arithmetic rD,rA,rB (or rD,rA with RB reserved). */
const arith = (name: string, xo: number, flags = 0, unary = false): InsnDef => ({
  name,
  ...XO(31, xo, unary ? RES.rb : 0),
  operands: unary ? ['rt', 'ra'] : ['rt', 'ra', 'rb'],
  family: 'integer',
  variants: OE_RC,
  flags,
});

/** X-form logical/shift rA,rS,rB. */
const logical = (name: string, xo: number, flags = 0): InsnDef => ({
  name,
  ...X(31, xo),
  operands: ['ra', 'rs', 'rb'],
  family: 'integer',
  variants: RC,
  flags,
});

/** D-form rD,rA,SIMM. */
const immediate = (name: string, opcd: number, flags = 0): InsnDef => ({
  name,
  ...D(opcd),
  operands: ['rt', 'ra', 'si'],
  family: 'integer',
  flags,
});

/** D-form logical rA,rS,UIMM. */
const logicalImmediate = (name: string, opcd: number, flags = 0): InsnDef => ({
  name,
  ...D(opcd),
  operands: ['ra', 'rs', 'ui'],
  family: 'integer',
  flags,
});

const CA_OUT = Flag.WritesCA;
const CA_IN_OUT = Flag.ReadsCA | Flag.WritesCA;

export const integer: InsnDef[] = [
  immediate('mulli', 7),
  immediate('subfic', 8, CA_OUT),
  {
    name: 'cmpli',
    ...D(10),
    operands: ['crfd', 'ra', 'ui'],
    family: 'compare',
    flags: Flag.WritesCR,
    format: formatCompare('cmplwi', 'cmpli', (w) => `${F.ui(w)}`),
  },
  {
    name: 'cmpi',
    ...D(11),
    operands: ['crfd', 'ra', 'si'],
    family: 'compare',
    flags: Flag.WritesCR,
    format: formatCompare('cmpwi', 'cmpi', (w) => `${F.si(w)}`),
  },
  immediate('addic', 12, CA_OUT),
  immediate('addic.', 13, CA_OUT | Flag.WritesCR),
  {
    ...immediate('addi', 14),
    operands: ['rt', 'ra0', 'si'],
    aliases: [{ name: 'li', when: (w) => F.ra(w) === 0, operands: ['rt', 'si'] }],
  },
  {
    ...immediate('addis', 15),
    operands: ['rt', 'ra0', 'si'],
    aliases: [{ name: 'lis', when: (w) => F.ra(w) === 0, operands: ['rt', 'si'] }],
  },
  {
    name: 'rlwimi',
    ...D(20),
    operands: ['ra', 'rs', 'sh', 'mb', 'me'],
    family: 'rotate',
    variants: RC,
  },
  {
    name: 'rlwinm',
    ...D(21),
    operands: ['ra', 'rs', 'sh', 'mb', 'me'],
    family: 'rotate',
    variants: RC,
    format: formatRlwinm,
    aliases: [
      { name: 'rotlwi', when: rotlwiWhen, operands: ['ra', 'rs', 'sh'] },
      { name: 'slwi', when: slwiWhen, operands: ['ra', 'rs', 'sh'] },
      { name: 'srwi', when: srwiWhen, operands: ['ra', 'rs', 'mb'] },
      { name: 'clrlwi', when: clrlwiWhen, operands: ['ra', 'rs', 'mb'] },
    ],
  },
  {
    name: 'rlwnm',
    ...D(23),
    operands: ['ra', 'rs', 'rb', 'mb', 'me'],
    family: 'rotate',
    variants: RC,
    aliases: [{ name: 'rotlw', when: rotlwiWhen, operands: ['ra', 'rs', 'rb'] }],
  },
  {
    ...logicalImmediate('ori', 24),
    aliases: [{ name: 'nop', when: (w) => w >>> 0 === 0x60000000, operands: [] }],
  },
  logicalImmediate('oris', 25),
  {
    ...logicalImmediate('xori', 26),
    // binutils 2.40 lists "xnop" (xori 0,0,0) for every PPC dialect.
    aliases: [{ name: 'xnop', when: (w) => w >>> 0 === 0x68000000, operands: [] }],
  },
  logicalImmediate('xoris', 27),
  logicalImmediate('andi.', 28, Flag.WritesCR),
  logicalImmediate('andis.', 29, Flag.WritesCR),

  // Opcode 31: compares.
  {
    name: 'cmp',
    ...X(31, 0),
    operands: ['crfd', 'ra', 'rb'],
    family: 'compare',
    flags: Flag.WritesCR,
    format: printsLongIf(
      CMP_RESERVED | 1,
      formatCompare('cmpw', 'cmp', (w) => `r${F.rb(w)}`),
    ),
  },
  {
    name: 'cmpl',
    ...X(31, 32),
    operands: ['crfd', 'ra', 'rb'],
    family: 'compare',
    flags: Flag.WritesCR,
    format: printsLongIf(
      CMP_RESERVED | 1,
      formatCompare('cmplw', 'cmpl', (w) => `r${F.rb(w)}`),
    ),
  },

  // Opcode 31: XO-form arithmetic (OE and Rc variants).
  arith('subfc', 8, CA_OUT),
  arith('addc', 10, CA_OUT),
  { ...arith('mulhwu', 11), ...XO(31, 11, OE_BIT), variants: RC },
  arith('subf', 40),
  { ...arith('mulhw', 75), ...XO(31, 75, OE_BIT), variants: RC },
  arith('neg', 104, 0, true),
  arith('subfe', 136, CA_IN_OUT),
  arith('adde', 138, CA_IN_OUT),
  arith('subfze', 200, CA_IN_OUT, true),
  arith('addze', 202, CA_IN_OUT, true),
  arith('subfme', 232, CA_IN_OUT, true),
  arith('addme', 234, CA_IN_OUT, true),
  arith('mullw', 235),
  arith('add', 266),
  arith('divwu', 459),
  arith('divw', 491),

  // Opcode 31: X-form logical, shift and count (Rc variant).
  logical('slw', 24),
  { ...logical('cntlzw', 26), operands: ['ra', 'rs'], format: printsLongIf(RES.rb) },
  logical('and', 28),
  logical('andc', 60),
  { ...logical('nor', 124), aliases: [{ name: 'not', when: sameSB, operands: ['ra', 'rs'] }] },
  logical('eqv', 284),
  logical('xor', 316),
  logical('orc', 412),
  { ...logical('or', 444), aliases: [{ name: 'mr', when: sameSB, operands: ['ra', 'rs'] }] },
  logical('nand', 476),
  logical('srw', 536),
  logical('sraw', 792, CA_OUT),
  { ...logical('srawi', 824, CA_OUT), operands: ['ra', 'rs', 'sh'] },
  { ...logical('extsh', 922), operands: ['ra', 'rs'], format: printsLongIf(RES.rb) },
  { ...logical('extsb', 954), operands: ['ra', 'rs'], format: printsLongIf(RES.rb) },
];
