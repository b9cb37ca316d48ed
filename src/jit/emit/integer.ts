import * as F from '../../decoder/fields.js';
import { compareSigned, compareUnsigned, recordCr0 } from './common.js';
import type { EmitContext, Emitter } from './context.js';

// Integer emitters: arithmetic, logical, compare, rotate and shift. Every value stays int32
// (`| 0`, `>> n`, Math.imul); XER[CA]/[OV]/[SO] live in the block locals `ca`/`ov`/`so` as
// 0/1, CR in `cr`. Order inside one instruction: compute into a temporary, then CA, then
// OV and the sticky SO, then the target register, then CR0 (whose SO bit copies XER[SO]
// after the OE update; PEM 3.3.8 / MPC7450 RM 2.1.5).

const rD = F.rt;
const rS = F.rt;
const rA = F.ra;
const rB = F.rb;
const isRecord = (w: number) => (w & 1) !== 0;
const isOverflow = (w: number) => (w & 0x400) !== 0;

/** `rA` operand of a D-form as a JS expression (the literal 0 for RA=0 where the ISA says RA|0). */
const gprOrZero = (c: EmitContext, n: number) => c.gpr0(n);

/** CR0 update (Rc=1) from the int32 local `value`. */
const cr0If = (w: number, c: EmitContext, value: string) => (isRecord(w) ? ` ${recordCr0(c, value)}` : '');

/** OV = overflow bit (an int32 expression whose bit 31 is the flag); SO |= OV. */
function setOverflow(c: EmitContext, bit31: string): string {
  return setOverflowFlag(c, `(${bit31}) >>> 31`);
}

/** OV = a 0/1 expression; SO |= OV. */
function setOverflowFlag(c: EmitContext, flag: string): string {
  const ov = c.setReg('ov');
  const so = c.setReg('so');
  return ` ${ov} = ${flag}; ${so} |= ${ov};`;
}

/**
 * x + y + carryIn where x and y are int32 expressions (x may be `~rA` for the subtract
 * forms: rB - rA = ~rA + rB + 1). Carry out of bit 0 and signed overflow use the classic
 * bit identities, so nothing leaves int32:
 *   carry = ((x & y) | ((x | y) & ~sum)) >>> 31,  overflow = ((x ^ sum) & (y ^ sum)) >>> 31.
 */
interface AddSpec {
  x: (w: number, c: EmitContext) => string;
  y: (w: number, c: EmitContext) => string;
  /** '0', '1' or 'ca'. */
  carryIn: '0' | '1' | 'ca';
  writesCa: boolean;
  /** XO forms honour OE; the D forms (addic, subfic) have none. */
  hasOe: boolean;
  /** addic. records CR0 unconditionally (it is a separate opcode, not an Rc variant). */
  alwaysRecord?: boolean;
}

const addWithCarry =
  (spec: AddSpec): Emitter =>
  (w, c) => {
    const x = spec.x(w, c);
    const y = spec.y(w, c);
    const cin = spec.carryIn === 'ca' ? c.reg('ca') : spec.carryIn;
    const oe = spec.hasOe && isOverflow(w);
    const sumExpr = `(${x} + ${y}${cin === '0' ? '' : ` + ${cin}`}) | 0`;
    const record = spec.alwaysRecord || (spec.hasOe && isRecord(w));
    const target = c.setGpr(rD(w));
    if (!spec.writesCa && !oe) {
      return `${target} = ${sumExpr};${record ? ` ${recordCr0(c, target)}` : ''}`;
    }
    const sum = c.tmp();
    let code = `${sum} = ${sumExpr};`;
    if (spec.writesCa) code += ` ${c.setReg('ca')} = ((${x} & ${y}) | ((${x} | ${y}) & ~${sum})) >>> 31;`;
    if (oe) code += setOverflow(c, `(${x} ^ ${sum}) & (${y} ^ ${sum})`);
    code += ` ${target} = ${sum};`;
    if (record) code += ` ${recordCr0(c, target)}`;
    return code;
  };

const regA = (w: number, c: EmitContext) => c.gpr(rA(w));
const notA = (w: number, c: EmitContext) => `~${c.gpr(rA(w))}`;
const regB = (w: number, c: EmitContext) => c.gpr(rB(w));
const literal = (n: number) => () => `${n}`;
const simm = (w: number, c: EmitContext) => c.field('si', w);

/** rD = expr (no CA, no OE) with the optional CR0 update. */
function plain(w: number, c: EmitContext, expr: string): string {
  const target = c.setGpr(rD(w));
  return `${target} = ${expr};${cr0If(w, c, target)}`;
}

const xo = (x: AddSpec['x'], y: AddSpec['y'], carryIn: AddSpec['carryIn'], writesCa: boolean) =>
  addWithCarry({ x, y, carryIn, writesCa, hasOe: true });

/** An X-form rA = f(rS, rB) with optional CR0. */
const logical =
  (op: (s: string, b: string) => string): Emitter =>
  (w, c) => {
    const target = c.setGpr(rA(w));
    return `${target} = ${op(c.gpr(rS(w)), c.gpr(rB(w)))};${cr0If(w, c, target)}`;
  };

/** A unary X-form rA = f(rS) with optional CR0. */
const unary =
  (op: (s: string) => string): Emitter =>
  (w, c) => {
    const target = c.setGpr(rA(w));
    return `${target} = ${op(c.gpr(rS(w)))};${cr0If(w, c, target)}`;
  };

/** D-form logical immediate rA = f(rS, UIMM); andi./andis. always record. */
const logicalImmediate =
  (op: (s: string, imm: string) => string, shift: 0 | 16, record = false): Emitter =>
  (w, c) => {
    const target = c.setGpr(rA(w));
    return `${target} = ${op(c.gpr(rS(w)), c.field('ui', w, shift))};${record ? ` ${recordCr0(c, target)}` : ''}`;
  };

/**
 * MASK(mb, me) of the rotate instructions as an int32: ones from bit mb to bit me (bit 0
 * is the MSB), wrapping around when mb > me (PEM 4.2.1.4, integer rotate instructions).
 */
export function rotateMask(mb: number, me: number): number {
  const fromMb = 0xffffffff >>> mb;
  const toMe = (0xffffffff << (31 - me)) | 0;
  return (mb <= me ? fromMb & toMe : fromMb | toMe) | 0;
}

/** rotl32(value, n) for a constant n. */
const rotateBy = (value: string, n: number) => (n === 0 ? value : `((${value} << ${n}) | (${value} >>> ${32 - n}))`);

const rotateFields = (w: number) => ({ sh: F.rb(w), mask: rotateMask(F.rc5(w), F.me(w)) });

/** `expr & mask`, leaving out an all-ones mask. */
const masked = (expr: string, mask: number) => (mask === -1 ? `${expr} | 0` : `${expr} & ${mask}`);

/** Shift of a word by rB[26:31]: amounts 32–63 give 0 (slw/srw, PEM 4.2.1.5). */
const shiftByRegister =
  (op: '<<' | '>>>'): Emitter =>
  (w, c) => {
    const target = c.setGpr(rA(w));
    const amount = c.gpr(rB(w));
    return `${target} = ${amount} & 32 ? 0 : (${c.gpr(rS(w))} ${op} (${amount} & 31)) | 0;${cr0If(w, c, target)}`;
  };

/**
 * cmp/cmpi/cmpl/cmpli. L=1 (a 64-bit compare) is an invalid form on 32-bit cores; qemu-ppc 7.2
 * -cpu 7450 runs it as the 32-bit compare (measured: no SIGILL, CR as cmpw/cmplw; its
 * translate code notes the 603e/604e/750 ignore L), and so do we.
 */
const compare =
  (signed: boolean, right: (w: number, c: EmitContext) => string): Emitter =>
  (w, c) =>
    (signed ? compareSigned : compareUnsigned)(c, F.crfD(w), c.gpr(rA(w)), right(w, c));

/**
 * divw/divwu. The quotient of int32s through a double is exact after truncation (the
 * fraction of a non-integral quotient is ≥ 1/|divisor|, far above the double's rounding).
 * Division by zero and 0x80000000 / -1 leave rD undefined in the architecture; qemu-ppc 7.2
 * returns the dividend (target/ppc/translate.c gen_op_arith_divw divides by 1 instead; measured
 * with a test program under qemu-ppc -cpu 7450, values in test/jit/integer.test.ts), so we do
 * the same. OV is set
 * for those cases by the o forms.
 */
const divide =
  (signed: boolean): Emitter =>
  (w, c) => {
    const a = c.gpr(rA(w));
    const b = c.gpr(rB(w));
    const invalid = c.tmp();
    const check = signed ? `${b} === 0 || (${a} === -2147483648 && ${b} === -1)` : `${b} === 0`;
    const quotient = signed ? `(${a} / ${b}) | 0` : `((${a} >>> 0) / (${b} >>> 0)) | 0`;
    let code = `${invalid} = ${check} ? 1 : 0;`;
    if (isOverflow(w)) code += setOverflowFlag(c, invalid);
    const target = c.setGpr(rD(w));
    code += ` ${target} = ${invalid} ? ${a} : ${quotient};${cr0If(w, c, target)}`;
    return code;
  };

export const integerEmitters: Record<string, Emitter> = {
  // D forms.
  mulli: (w, c) => `${c.setGpr(rD(w))} = Math.imul(${c.gpr(rA(w))}, ${c.field('si', w)});`,
  subfic: addWithCarry({ x: notA, y: simm, carryIn: '1', writesCa: true, hasOe: false }),
  cmpli: compare(false, (w, c) => c.field('ui', w)),
  cmpi: compare(true, (w, c) => c.field('si', w)),
  addic: addWithCarry({ x: regA, y: simm, carryIn: '0', writesCa: true, hasOe: false }),
  'addic.': addWithCarry({ x: regA, y: simm, carryIn: '0', writesCa: true, hasOe: false, alwaysRecord: true }),
  addi: (w, c) => {
    const a = gprOrZero(c, rA(w));
    const target = c.setGpr(rD(w));
    const imm = c.field('si', w);
    return a === '0' ? `${target} = ${imm};` : `${target} = (${a} + ${imm}) | 0;`;
  },
  addis: (w, c) => {
    const a = gprOrZero(c, rA(w));
    const target = c.setGpr(rD(w));
    const imm = c.field('si', w, 16);
    return a === '0' ? `${target} = ${imm};` : `${target} = (${a} + ${imm}) | 0;`;
  },

  // Rotates (M form).
  rlwimi: (w, c) => {
    const { sh, mask } = rotateFields(w);
    const source = c.gpr(rS(w));
    const target = c.setGpr(rA(w));
    return `${target} = (${rotateBy(source, sh)} & ${mask}) | (${target} & ${~mask});${cr0If(w, c, target)}`;
  },
  rlwinm: (w, c) => {
    const { sh, mask } = rotateFields(w);
    const source = c.gpr(rS(w));
    const target = c.setGpr(rA(w));
    return `${target} = ${masked(rotateBy(source, sh), mask)};${cr0If(w, c, target)}`;
  },
  rlwnm: (w, c) => {
    const mask = rotateMask(F.rc5(w), F.me(w));
    const source = c.gpr(rS(w));
    const n = c.tmp();
    const target = c.setGpr(rA(w));
    // n = 0 gives `x >>> 32` = x >>> 0, so the OR still yields x.
    return `${n} = ${c.gpr(rB(w))} & 31; ${target} = ${masked(`((${source} << ${n}) | (${source} >>> (32 - ${n})))`, mask)};${cr0If(w, c, target)}`;
  },

  // Logical immediates.
  ori: logicalImmediate((s, imm) => (imm === '0' ? s : `${s} | ${imm}`), 0),
  oris: logicalImmediate((s, imm) => (imm === '0' ? s : `${s} | ${imm}`), 16),
  xori: logicalImmediate((s, imm) => (imm === '0' ? s : `${s} ^ ${imm}`), 0),
  xoris: logicalImmediate((s, imm) => (imm === '0' ? s : `${s} ^ ${imm}`), 16),
  'andi.': logicalImmediate((s, imm) => `${s} & ${imm}`, 0, true),
  'andis.': logicalImmediate((s, imm) => `${s} & ${imm}`, 16, true),

  // Compares (opcode 31).
  cmp: compare(true, (w, c) => c.gpr(rB(w))),
  cmpl: compare(false, (w, c) => c.gpr(rB(w))),

  // XO-form arithmetic.
  subfc: xo(notA, regB, '1', true),
  addc: xo(regA, regB, '0', true),
  subf: (w, c) =>
    isOverflow(w) ? xo(notA, regB, '1', false)(w, c) : plain(w, c, `(${regB(w, c)} - ${regA(w, c)}) | 0`),
  neg: (w, c) => (isOverflow(w) ? xo(notA, literal(0), '1', false)(w, c) : plain(w, c, `-${regA(w, c)} | 0`)),
  subfe: xo(notA, regB, 'ca', true),
  adde: xo(regA, regB, 'ca', true),
  subfze: xo(notA, literal(0), 'ca', true),
  addze: xo(regA, literal(0), 'ca', true),
  subfme: xo(notA, literal(-1), 'ca', true),
  addme: xo(regA, literal(-1), 'ca', true),
  add: xo(regA, regB, '0', false),
  mulhwu: (w, c) => {
    const target = c.setGpr(rD(w));
    return `${target} = rt.mulhwu(${c.gpr(rA(w))}, ${c.gpr(rB(w))});${cr0If(w, c, target)}`;
  },
  mulhw: (w, c) => {
    const target = c.setGpr(rD(w));
    return `${target} = rt.mulhw(${c.gpr(rA(w))}, ${c.gpr(rB(w))});${cr0If(w, c, target)}`;
  },
  mullw: (w, c) => {
    const a = c.gpr(rA(w));
    const b = c.gpr(rB(w));
    const target = c.setGpr(rD(w));
    if (!isOverflow(w)) return `${target} = Math.imul(${a}, ${b});${cr0If(w, c, target)}`;
    // The double product rounds, but a product outside int32 stays outside after rounding
    // and one inside is exact, so it differs from the wrapped product exactly on overflow.
    const product = c.tmp();
    return `${product} = Math.imul(${a}, ${b});${setOverflowFlag(c, `${a} * ${b} !== ${product} ? 1 : 0`)} ${target} = ${product};${cr0If(w, c, target)}`;
  },
  divwu: divide(false),
  divw: divide(true),

  // X-form logical, shifts, counts.
  slw: shiftByRegister('<<'),
  cntlzw: unary((s) => `Math.clz32(${s})`),
  and: logical((s, b) => `${s} & ${b}`),
  andc: logical((s, b) => `${s} & ~${b}`),
  nor: logical((s, b) => `~(${s} | ${b})`),
  eqv: logical((s, b) => `~(${s} ^ ${b})`),
  xor: logical((s, b) => `${s} ^ ${b}`),
  orc: logical((s, b) => `${s} | ~${b}`),
  or: logical((s, b) => (s === b ? s : `${s} | ${b}`)),
  nand: logical((s, b) => `~(${s} & ${b})`),
  srw: shiftByRegister('>>>'),
  sraw: (w, c) => {
    // Amounts 32–63 shift every bit out: the result is the sign, CA = (rS < 0). Otherwise CA is
    // set when rS is negative and any 1 bit is shifted out (PEM 4.2.1.5, sraw).
    const s = c.gpr(rS(w));
    const n = c.tmp();
    const result = c.tmp();
    const target = c.setGpr(rA(w));
    return (
      `${n} = ${c.gpr(rB(w))} & 63; ${result} = ${s} >> (${n} > 31 ? 31 : ${n});` +
      ` ${c.setReg('ca')} = ${s} < 0 && (${n} > 31 || (${s} & ~(-1 << ${n})) !== 0) ? 1 : 0;` +
      ` ${target} = ${result};${cr0If(w, c, target)}`
    );
  },
  srawi: (w, c) => {
    const sh = F.rb(w);
    const s = c.gpr(rS(w));
    const lost = ~(-1 << sh);
    const carry = sh === 0 ? '0' : `${s} < 0 && (${s} & ${lost}) !== 0 ? 1 : 0`;
    const ca = c.setReg('ca');
    const target = c.setGpr(rA(w));
    // CA first: rA may be rS.
    return `${ca} = ${carry}; ${target} = ${s} >> ${sh};${cr0If(w, c, target)}`;
  },
  extsh: unary((s) => `(${s} << 16) >> 16`),
  extsb: unary((s) => `(${s} << 24) >> 24`),
};
