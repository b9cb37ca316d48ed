import type { OperandKind } from './operands.js';

/** Which part of the core an instruction belongs to; emitters are grouped the same way. */
export type Family =
  | 'integer'
  | 'compare'
  | 'rotate'
  | 'branch'
  | 'cr'
  | 'load'
  | 'store'
  | 'fpu'
  | 'fpload'
  | 'fpstore'
  | 'system'
  | 'cache'
  | 'altivec';

/** Optional architecture features an instruction needs from the CPU model. */
export type Feature = 'fpu' | 'altivec' | 'ppc64' | 'hv';

/**
 * Suffix bits that select variants of one opcode instead of separate opcodes:
 * `rc` adds "." when bit 31 is set, `oe` adds "o" when bit 21 is set,
 * `lk` adds "l" when bit 31 is set, `aa` adds "a" when bit 30 is set.
 */
export type Variant = 'rc' | 'oe' | 'lk' | 'aa';

export enum Flag {
  None = 0,
  /** Control leaves the straight line (branch, sc, rfi, trap …): the block ends here. */
  EndsBlock = 1 << 0,
  /** May raise a synchronous exception from memory or a check (faulting instructions). */
  CanFault = 1 << 1,
  Load = 1 << 2,
  Store = 1 << 3,
  ReadsCA = 1 << 4,
  WritesCA = 1 << 5,
  ReadsCR = 1 << 6,
  WritesCR = 1 << 7,
  Privileged = 1 << 8,
  /** Changes MSR or translation: later instructions must be re-translated. */
  ContextSync = 1 << 9,
  ReadsFPSCR = 1 << 10,
  WritesFPSCR = 1 << 11,
  ReadsLR = 1 << 12,
  WritesLR = 1 << 13,
  ReadsCTR = 1 << 14,
  WritesCTR = 1 << 15,
  /**
   * Needs its `feature` in the CPU model (illegal without it) but not the feature's MSR enable
   * bit: the AltiVec data-stream hints (dst, dstst, dss and their t/all forms) run with
   * MSR[VEC]=0 and never raise AltiVec Unavailable (AltiVec PEM; QEMU's translator checks no
   * altivec_enabled for them).
   */
  IgnoresMsrEnable = 1 << 16,
}

/** A simplified mnemonic objdump prefers when its condition holds. */
export interface Alias {
  name: string;
  when: (w: number) => boolean;
  operands: readonly OperandKind[];
  /** Variant suffixes still apply to the alias (e.g. "mr." from "or."). Default true. */
  keepVariants?: boolean;
}

/** One opcode of the architecture: everything the decoder, disassembler and JIT know of it. */
export interface InsnDef {
  /** The mnemonic objdump prints for the base variant. */
  name: string;
  /** Bits that identify the opcode (variant bits are excluded from `mask`). */
  match: number;
  mask: number;
  operands: readonly OperandKind[];
  family: Family;
  variants?: readonly Variant[];
  feature?: Feature;
  flags?: number;
  /** Simplified mnemonics, tried in order before the plain form. */
  aliases?: readonly Alias[];
  /**
   * A disassembler for the few opcodes whose objdump text is not a mnemonic plus
   * operands from a fixed list (conditional branches, mtspr/mfspr by name).
   * Returns undefined to fall back to the generic form.
   */
  format?: (w: number, addr: number) => string | undefined;
}
