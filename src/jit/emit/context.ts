import * as F from '../../decoder/fields.js';
import { R } from '../../runtime/cpu-state.js';
import type { MemoryKind } from '../../runtime/memory.js';

/**
 * Immediate fields an emitter takes through `EmitContext.field`: a literal in a compiled block,
 * read from the instruction word `w` at run time in a template.
 */
export const IMMEDIATE_FIELDS = {
  si: { value: F.si, expr: '((w << 16) >> 16)' },
  ui: { value: F.ui, expr: '(w & 0xffff)' },
  li: { value: F.li, expr: '(((w & 0x03fffffc) << 6) >> 6)' },
  bd: { value: F.bd, expr: '(((w & 0xfffc) << 16) >> 16)' },
} as const;
export type ImmediateField = keyof typeof IMMEDIATE_FIELDS;

/** Special registers a block may keep in locals; each maps to a slot of CpuState.r. */
export const SPECIAL = {
  cr: R.CR,
  lr: R.LR,
  ctr: R.CTR,
  so: R.SO,
  ov: R.OV,
  ca: R.CA,
  xer_rest: R.XER_REST,
  fpscr: R.FPSCR,
  msr: R.MSR,
  vscr: R.VSCR,
} as const;
export type SpecialReg = keyof typeof SPECIAL;

/**
 * What an emitter sees while generating one instruction's JavaScript. Register accessors
 * return the name of the block-local variable that holds the register and record that
 * the block uses (and, for setters, modifies) it; the compiler loads and stores exactly
 * those. Generated code may use `s` (CpuState), `m` (GuestMemory) and `rt` (Runtime).
 */
export class EmitContext {
  private address = 0;
  /** Names of the memory arrays the emitted code reads (loaded from `m` in the prologue). */
  readonly memoryArrays = new Set<string>();
  /** `memory`: how loads and stores reach memory (memory-access.ts); undefined: accessor calls only. */
  constructor(readonly memory?: MemoryKind) {}
  /**
   * Set when emitting a template (code shared by every address): the instruction's address
   * is then the run-time value of this JS variable, and `pc` may not be read.
   */
  pcVariable: string | undefined;

  /** Address of the instruction being emitted (block compilation only; see `pcPlus`). */
  get pc(): number {
    if (this.pcVariable !== undefined) throw new AddressDependent();
    return this.address;
  }
  set pc(value: number) {
    this.address = value;
  }
  /**
   * The instruction's address plus `delta` (a number, or a `field` expression) as a uint32 JS
   * expression: a literal in blocks.
   */
  pcPlus(delta: number | string): string {
    if (this.pcVariable === undefined) return `0x${((this.address + Number(delta)) >>> 0).toString(16)}`;
    return delta === 0 ? this.pcVariable : `((${this.pcVariable} + ${delta}) >>> 0)`;
  }
  /** Immediate fields read from the word at run time (templates); others are literals. */
  runtimeFields: ReadonlySet<ImmediateField> = new Set();
  /** Immediate `name` of `w`, shifted left by `shift`, as an int32 JS expression. */
  field(name: ImmediateField, w: number, shift = 0): string {
    const f = IMMEDIATE_FIELDS[name];
    if (!this.runtimeFields.has(name)) return `${(f.value(w) << shift) | 0}`;
    return shift === 0 ? f.expr : `(${f.expr} << ${shift})`;
  }
  /** A `field` expression as an unsigned address (absolute branch targets). */
  unsigned(expr: string): string {
    return /^-?\d+$/.test(expr) ? `0x${(Number(expr) >>> 0).toString(16)}` : `(${expr} >>> 0)`;
  }
  /** Index of the instruction within the block. */
  index = 0;
  readonly gprUsed = new Set<number>();
  readonly gprDirty = new Set<number>();
  readonly fprUsed = new Set<number>();
  readonly fprDirty = new Set<number>();
  readonly specialUsed = new Set<SpecialReg>();
  readonly specialDirty = new Set<SpecialReg>();
  /** Code to run after the block's registers are written back (replaces `return npc`). */
  tail: string | undefined;
  private temps = 0;
  tempCount = 0;

  gpr(n: number): string {
    this.gprUsed.add(n);
    return `r${n}`;
  }
  setGpr(n: number): string {
    this.gprUsed.add(n);
    this.gprDirty.add(n);
    return `r${n}`;
  }
  /** RA|0 operand: the literal 0 when n is 0. */
  gpr0(n: number): string {
    return n === 0 ? '0' : this.gpr(n);
  }
  fpr(n: number): string {
    this.fprUsed.add(n);
    return `f${n}`;
  }
  setFpr(n: number): string {
    this.fprUsed.add(n);
    this.fprDirty.add(n);
    return `f${n}`;
  }
  reg(name: SpecialReg): string {
    this.specialUsed.add(name);
    return name;
  }
  setReg(name: SpecialReg): string {
    this.specialUsed.add(name);
    this.specialDirty.add(name);
    return name;
  }
  /** A fresh block-local temporary (declared by the compiler). */
  tmp(): string {
    const name = `t${this.temps++}`;
    this.tempCount = this.temps;
    return name;
  }
  /** Code that leaves the block for `target` (a JS expression for the next guest PC). */
  /**
   * Set while emitting an always-taken branch that the block continues through (block.ts
   * findBlock): its exit then emits nothing and control falls into the target's code, which
   * follows in the block. Only its side effects (the LR update of `bl`) remain.
   */
  followsBranch = false;
  exit(target: string): string {
    return this.followsBranch ? '' : `{ npc = ${target}; break b; }`;
  }
  /** Code that raises exception `code` at this instruction (SRR0 = this PC). */
  raise(code: number, detail = '0'): string {
    return `{ exc = ${code}; excDetail = ${detail}; npc = ${this.pcPlus(0)}; break b; }`;
  }
  /**
   * Ends the block by calling a runtime function after the registers are written back
   * (sc, rfi, mtmsr …): `call` is an expression that returns the next PC.
   */
  endWith(call: string): string {
    this.tail = `return ${call};`;
    return '';
  }
}

export type Emitter = (w: number, ctx: EmitContext) => string;

/** Thrown when an emitter needs the instruction's address as a constant (no shared template). */
export class AddressDependent extends Error {
  constructor() {
    super('emitter reads the instruction address as a constant');
  }
}
