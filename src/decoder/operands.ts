import * as F from './fields.js';

/**
 * How each operand kind is extracted and printed, as objdump prints it.
 * `addr` is the address of the instruction (for branch targets).
 */
const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

const CR_BIT_NAMES = ['lt', 'gt', 'eq', 'so'] as const;
/** CR bit n as objdump prints a condition-bit operand: `lt` … `so` in cr0, else `4*crN+eq`. */
export const crBitName = (n: number) => (n >> 2 ? `4*cr${n >> 2}+` : '') + CR_BIT_NAMES[n & 3];

export const operandPrinters = {
  rt: (w: number) => `r${F.rt(w)}`,
  rs: (w: number) => `r${F.rt(w)}`,
  ra: (w: number) => `r${F.ra(w)}`,
  /** RA where 0 means the value 0, not r0. */
  ra0: (w: number) => (F.ra(w) === 0 ? '0' : `r${F.ra(w)}`),
  rb: (w: number) => `r${F.rb(w)}`,
  si: (w: number) => `${F.si(w)}`,
  ui: (w: number) => `${F.ui(w)}`,
  /** D(RA|0) memory operand. */
  dra0: (w: number) => `${F.si(w)}(${F.ra(w) === 0 ? '0' : `r${F.ra(w)}`})`,
  dra: (w: number) => `${F.si(w)}(r${F.ra(w)})`,
  frt: (w: number) => `f${F.rt(w)}`,
  fra: (w: number) => `f${F.ra(w)}`,
  frb: (w: number) => `f${F.rb(w)}`,
  frc: (w: number) => `f${F.rc5(w)}`,
  vrt: (w: number) => `v${F.rt(w)}`,
  vra: (w: number) => `v${F.ra(w)}`,
  vrb: (w: number) => `v${F.rb(w)}`,
  vrc: (w: number) => `v${F.rc5(w)}`,
  crfd: (w: number) => `cr${F.crfD(w)}`,
  crfs: (w: number) => `cr${F.crfS(w)}`,
  sh: (w: number) => `${F.rb(w)}`,
  mb: (w: number) => `${F.rc5(w)}`,
  me: (w: number) => `${F.me(w)}`,
  li: (w: number, addr: number) => hex((w & 2 ? 0 : addr) + F.li(w)),
  bd: (w: number, addr: number) => hex((w & 2 ? 0 : addr) + F.bd(w)),
  bo: (w: number) => `${F.rt(w)}`,
  bi: (w: number) => `${F.ra(w)}`,
  crbd: (w: number) => `${F.rt(w)}`,
  crba: (w: number) => `${F.ra(w)}`,
  crbb: (w: number) => `${F.rb(w)}`,
  to: (w: number) => `${F.rt(w)}`,
  spr: (w: number) => `${F.spr(w)}`,
  sr: (w: number) => `${F.sr(w)}`,
  /** lswi/stswi byte count: 0 encodes 32 (ppc-opc.c extract_nb). */
  nb: (w: number) => `${F.rb(w) || 32}`,
  fm: (w: number) => `${F.fm(w)}`,
  crm: (w: number) => `${F.crm(w)}`,
  lev: (w: number) => `${F.lev(w)}`,
  /** AltiVec vsldoi shift count (bits 22–25). */
  vshb: (w: number) => `${F.vShb(w)}`,
  /** AltiVec signed 5-bit immediate in the VA field (vspltis*). */
  vsimm: (w: number) => `${F.vSimm(w)}`,
  /** AltiVec unsigned immediate in the VA field (vcfux scale, vsplt* element). */
  vuimm: (w: number) => `${F.ra(w)}`,
  /** Condition-register bit named as objdump names it (`eq`, `4*cr1+gt`): crbD/BT field. */
  crBitT: (w: number) => crBitName(F.rt(w)),
  /** Condition-register bit in the RA position (crbA, BI). */
  crBitA: (w: number) => crBitName(F.ra(w)),
  /** Condition-register bit in the RB position (crbB). */
  crBitB: (w: number) => crBitName(F.rb(w)),
  /** AltiVec data-stream number (dst/dss STRM, bits 9–10). */
  strm: (w: number) => `${(w >>> 21) & 3}`,
} satisfies Record<string, (w: number, addr: number) => string>;

export type OperandKind = keyof typeof operandPrinters;
