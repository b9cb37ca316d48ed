import {
  aform,
  dform,
  mfcr,
  mffs,
  mform,
  mfspr,
  mtcrf,
  mtfsf,
  mtspr,
  SPR_CTR,
  SPR_LR,
  SPR_XER,
  x31,
  x63,
  xl,
  xo,
} from './encode.js';
import { FPSCR_FR, FPSCR_FX, FPSCR_RESERVED20, FPSCR_VXSNAN, RECORD_REG, SCRATCH_BASE, XER_DEFINED } from './layout.js';
import type { Rng } from './rng.js';
import { type F64Bits, fprValue, gprValue, isAnyNaN, isInf, isSNaN, isZero } from './values.js';

/** The initial architectural state of one case (also the IN record). */
export interface CaseState {
  gpr: number[];
  fpr: F64Bits[];
  cr: number;
  xer: number;
  lr: number;
  ctr: number;
  fpscr: number;
}

/**
 * Which bits of the final state are compared (1 = compare). Everything is compared except what
 * /work/shared/spec/qemu-oracle-gaps.md (or the architecture) leaves undefined.
 */
export interface CompareMask {
  gpr: number[];
  fprHi: number[];
  fprLo: number[];
  cr: number;
  xer: number;
  fpscr: number;
  /**
   * FPSCR bits (within `fpscr`) where a difference in one direction only is accepted: qemu 1 and
   * ppcjit 0 (`fpscrQemuOnly`), or qemu 0 and ppcjit 1 (`fpscrOursOnly`). See README.md, table
   * "Deliberate differences": fcmp and FI, fcmpo and FPRF[C], single-precision denormal FPRF.
   */
  fpscrQemuOnly: number;
  fpscrOursOnly: number;
  /**
   * With FPRF[C] in fpscrOursOnly for a single-precision result: the FPR holding that result at
   * the end (its final value must be a single denormal for the difference to be accepted), or -1
   * when the sequence overwrote it (then the difference is accepted unchecked).
   */
  singleDenormalFpr: number;
}

export interface GeneratedCase {
  words: number[];
  init: CaseState;
  scratch: Uint8Array;
  mask: CompareMask;
  /** The deliberate differences (README.md) this case's mask allows for, by name. */
  gaps: string[];
}

/** FPSCR[FPRF] (bits 15-19): undefined after fctiw/fctiwz (Power ISA 2.06 Book I §4.6.7). */
const FPSCR_FPRF = 0x0001f000;
const FPSCR_ZX = 0x04000000;
const FPSCR_XX = 0x02000000;
const FPSCR_FI = 0x00020000;
const FPSCR_C = 0x00010000;
const FPSCR_OX = 0x10000000;
const FPSCR_UX = 0x08000000;

/**
 * Generates one case: a random initial state and 4-8 valid user-mode instructions.
 * Invariants kept while generating: r31 (the record pointer) is never written; one base and one
 * index register keep addresses inside the scratch buffer (only update forms move the base, by at
 * most ±48 per instruction); a register whose value the architecture leaves undefined is "tainted"
 * — masked in the comparison and never read again by the sequence.
 */
export function generateCase(rng: Rng, recordAddr: number): GeneratedCase {
  const init: CaseState = {
    gpr: Array.from({ length: 32 }, () => gprValue(rng)),
    fpr: Array.from({ length: 32 }, () => fprValue(rng)),
    cr: rng.u32() | 0,
    xer: (rng.u32() & XER_DEFINED) | 0,
    lr: rng.u32() | 0,
    ctr: rng.u32() | 0,
    fpscr: initialFpscr(rng),
  };
  const base = rng.range(1, 30);
  let index = rng.range(1, 30);
  while (index === base) index = rng.range(1, 30);
  init.gpr[RECORD_REG] = recordAddr | 0;
  init.gpr[base] = (recordAddr + SCRATCH_BASE) | 0;
  init.gpr[index] = rng.range(-4, 4) * 8;
  const scratch = new Uint8Array(1024);
  for (let i = 0; i < scratch.length; i += 8) {
    const [hi, lo] = rng.chance(0.5) ? fprValue(rng) : [rng.u32(), rng.u32()];
    new DataView(scratch.buffer).setUint32(i, hi, false);
    new DataView(scratch.buffer).setUint32(i + 4, lo, false);
  }
  const mask: CompareMask = {
    gpr: new Array(32).fill(-1),
    fprHi: new Array(32).fill(-1),
    fprLo: new Array(32).fill(-1),
    cr: -1,
    xer: XER_DEFINED | 0, // reserved XER bits: implementation-specific (qemu keeps them)
    // FPSCR[FR]: qemu-ppc never sets it. Bit 20 is reserved (mtfsfi/mtfsf can write it; qemu
    // drops it, hardware is implementation-specific).
    fpscr: ~(FPSCR_FR | FPSCR_RESERVED20),
    fpscrQemuOnly: 0,
    fpscrOursOnly: 0,
    singleDenormalFpr: -1,
  };
  const g = new SequenceBuilder(rng, init, mask, base, index);
  const length = rng.range(4, 8);
  for (let i = 0; i < length; i++) g.emitOne(i === length - 1);
  g.finish();
  return { words: g.words, init, scratch, mask, gaps: [...g.gaps] };
}

function initialFpscr(rng: Rng): number {
  let v = rng.int(4); // RN; enables VE/OE/UE/ZE/XE and NI stay 0 (qemu-ppc would SIGFPE)
  if (rng.chance(0.3)) {
    const sticky = [
      0x10000000, 0x08000000, 0x04000000, 0x02000000, 0x01000000, 0x00800000, 0x00400000, 0x00200000, 0x00100000,
      0x00080000, 0x00000400, 0x00000200, 0x00000100,
    ];
    for (let k = rng.range(1, 3); k > 0; k--) v |= rng.pick(sticky);
    v |= FPSCR_FX;
  }
  if (rng.chance(0.2)) v |= rng.int(32) << 12; // FPRF
  return v | 0;
}

type Family = () => number | undefined;

/**
 * PPCJIT_RANDOM_STRICT=name,name…: compare without allowing for these deliberate differences
 * (README.md table; the names are those in GeneratedCase.gaps), to see what each one covers.
 */
const STRICT = new Set((process.env.PPCJIT_RANDOM_STRICT ?? '').split(',').filter(Boolean));

class SequenceBuilder {
  readonly words: number[] = [];
  readonly gaps = new Set<string>();
  /** Registers written by this sequence so far (their values are no longer the known initial ones). */
  private readonly gprWritten = new Set<number>();
  private readonly fprWritten = new Set<number>();
  private readonly gprTainted = new Set<number>();
  private readonly fprTainted = new Set<number>();
  /** FPR whose high word only is undefined (fctiw result): stfiwx may still store its low word. */
  private readonly fprHighOnly = new Set<number>();
  private fprfMasked = false;
  /** After fres/frsqrte, FX may differ (fres(±0): ZX), so mcrfs of field 0 is not generated. */
  private fxMasked = false;
  // ---- FPSCR state tracked for the deliberate differences (README.md, "Deliberate differences")
  /** FPSCR[RN] now: known, since only mtfsfi/mtfsb0/mtfsb1 write it (mtfsf never names field 7). */
  private rn: number;
  /** FPSCR[FX] is certainly 1 (then qemu's "FX on every exception" cannot differ). */
  private fxSet: boolean;
  /** FX may be 0 while an exception bit may be 1: a repeated exception sets FX in qemu only. */
  private fxStale = false;
  /** A repeated exception may have set FX in qemu only (see fpOp). */
  private fxQemuOnly = false;
  /** The last instruction to write FPSCR[FI] was fcmpu/fcmpo (they keep FI; qemu clears it). */
  private fiFromFcmp = false;
  /** The last FPRF writer was single precision (a single denormal: FPRF[C] 1, qemu 0). */
  private cFromSingle = false;
  /** The FPR the single-precision result that set FPRF went to (-1: overwritten since). */
  private cSingleFpr = -1;
  /** fcmpo ran after the last FPRF writer (on a NaN qemu sets FPRF[C], the architecture keeps it). */
  private cFromFcmpo = false;
  private readonly families: [number, Family][];

  constructor(
    private readonly rng: Rng,
    private readonly init: CaseState,
    private readonly mask: CompareMask,
    private readonly base: number,
    private readonly index: number,
  ) {
    this.rn = init.fpscr & 3;
    this.fxSet = (init.fpscr & FPSCR_FX) !== 0;
    this.families = [
      [14, () => this.arithXo()],
      [5, () => this.division()],
      [10, () => this.logicalX()],
      [10, () => this.immediate()],
      [8, () => this.rotate()],
      [5, () => this.compare()],
      [5, () => this.crLogical()],
      [5, () => this.crXerSpr()],
      [14, () => this.loadStore()],
      [14, () => this.fpArith()],
      [5, () => this.fma()],
      [6, () => this.fpMoveConvert()],
      [1, () => this.estimate()],
      [3, () => this.fpCompare()],
      [4, () => this.fpscrOp()],
    ];
  }

  private isLast = false;

  emitOne(isLast: boolean): void {
    this.isLast = isLast;
    const total = this.families.reduce((a, [w]) => a + w, 0);
    for (let attempt = 0; attempt < 50; attempt++) {
      let r = this.rng.int(total);
      const family = this.families.find(([w]) => (r -= w) < 0)![1];
      const word = family();
      if (word !== undefined) {
        this.words.push(word);
        return;
      }
    }
    this.words.push(0x60000000); // nop (never reached in practice)
  }

  // ---- register choice -------------------------------------------------------------------
  private srcGpr(): number {
    for (;;) {
      const r = this.rng.int(32);
      if (!this.gprTainted.has(r)) return r;
    }
  }
  private dstGpr(): number {
    for (;;) {
      const r = this.rng.int(31);
      if (r !== this.base && r !== this.index) return this.wroteGpr(r);
    }
  }
  private wroteGpr(r: number): number {
    this.gprWritten.add(r);
    this.gprTainted.delete(r);
    this.mask.gpr[r] = -1;
    return r;
  }
  private srcFpr(): number {
    for (;;) {
      const r = this.rng.int(32);
      if (!this.fprTainted.has(r)) return r;
    }
  }
  private dstFpr(): number {
    const r = this.rng.int(32);
    if (r === this.cSingleFpr) this.cSingleFpr = -1;
    this.fprWritten.add(r);
    this.fprTainted.delete(r);
    this.fprHighOnly.delete(r);
    this.mask.fprHi[r] = -1;
    this.mask.fprLo[r] = -1;
    return r;
  }
  /** A GPR the sequence has not written: its value is the known initial one. */
  private knownGpr(): number | undefined {
    const c = [...Array(32).keys()].filter((r) => !this.gprWritten.has(r) && !this.gprTainted.has(r));
    return c.length ? this.rng.pick(c) : undefined;
  }
  private knownFpr(): number | undefined {
    const c = [...Array(32).keys()].filter((r) => !this.fprWritten.has(r) && !this.fprTainted.has(r));
    return c.length ? this.rng.pick(c) : undefined;
  }
  private bit(): number {
    return this.rng.int(2);
  }

  // ---- FPSCR bookkeeping for the deliberate differences ---------------------------------
  /**
   * After an FP instruction: `exceptions` if it can raise an FP exception, `fprf` which precision
   * sets FPRF (undefined: it does not), `fi` if it writes FI, `rc` its record bit.
   */
  private fpOp(o: { exceptions: boolean; fprf?: 'single' | 'double'; t?: number; fi: boolean; rc: number }): void {
    // qemu sets FX on every exception, the architecture only when an exception bit goes 0 → 1
    // (qemu sets FX more often, never less: FX qemu 1 / ppcjit 0 accepted, copies of FX masked)
    if (o.exceptions && this.fxStale && this.allow('fx-repeated-exception')) this.fxQemuOnly = true;
    if (o.fprf) {
      this.cFromSingle = o.fprf === 'single';
      this.cSingleFpr = o.t ?? -1;
      this.cFromFcmpo = false;
    }
    if (o.fi) this.fiFromFcmp = false;
    if (o.rc) this.maskCr1();
  }
  /** CR1 ← FPSCR[FX FEX VX OX]: the bits masked in FPSCR are masked in the copy. */
  private maskCr1(): void {
    this.setCrFieldMask(1, this.fpscrMask() >>> 28);
  }
  /** The FPSCR bits that are equal now (copies of the others are masked). */
  private fpscrMask(): number {
    return this.mask.fpscr & ~(this.fxQemuOnly ? FPSCR_FX : 0) & ~this.lenientBits();
  }
  /** FPSCR bits that may differ right now, one direction only (see finish). */
  private lenientBits(): number {
    return (
      (this.fiFromFcmp && this.allow('fcmp-fi') ? FPSCR_FI : 0) |
      (this.cFromSingle && this.allow('fprf-single-denormal') ? FPSCR_C : 0) |
      (this.cFromFcmpo && this.allow('fcmpo-nan-c') ? FPSCR_C : 0)
    );
  }
  /** Whether the comparison allows for the deliberate difference `name` (recorded in gaps). */
  private allow(name: string): boolean {
    if (STRICT.has(name)) return false;
    this.gaps.add(name);
    return true;
  }
  /** An FPSCR write by mtfsf/mtfsfi/mtfsb0/mtfsb1 of `bits`. */
  private fpscrWritten(bits: number): void {
    if (bits & FPSCR_FI) this.fiFromFcmp = false;
    if (bits & FPSCR_C) this.cFromSingle = this.cFromFcmpo = false;
  }
  /** FX was written (fxSet: certainly to 1); other exception bits may stay set without FX. */
  private fxWritten(fxSet: boolean): void {
    this.fxSet = fxSet;
    this.fxStale = !fxSet;
  }
  /** Exception bits may have been set by a move to FPSCR, which does not set FX. */
  private exceptionBitsWritten(): void {
    if (!this.fxSet) this.fxStale = true;
  }
  finish(): void {
    if (this.fxQemuOnly) this.mask.fpscrQemuOnly |= FPSCR_FX;
    if (this.fiFromFcmp && this.allow('fcmp-fi')) this.mask.fpscrOursOnly |= FPSCR_FI;
    if (this.cFromSingle && this.allow('fprf-single-denormal')) {
      this.mask.fpscrOursOnly |= FPSCR_C;
      this.mask.singleDenormalFpr = this.cSingleFpr;
    }
    if (this.cFromFcmpo && this.allow('fcmpo-nan-c')) this.mask.fpscrQemuOnly |= FPSCR_C;
  }

  // ---- integer ---------------------------------------------------------------------------
  /** add/addc/adde/addme/addze/subf/subfc/subfe/subfme/subfze/neg/mullw/mulhw/mulhwu, all OE/Rc forms. */
  private arithXo(): number {
    const [x, unary, hasOe] = this.rng.pick<[number, boolean, boolean]>([
      [266, false, true],
      [10, false, true],
      [138, false, true],
      [234, true, true],
      [202, true, true],
      [40, false, true],
      [8, false, true],
      [136, false, true],
      [232, true, true],
      [200, true, true],
      [104, true, true],
      [235, false, true],
      [75, false, false],
      [11, false, false],
    ]);
    const ra = this.srcGpr();
    const rb = unary ? 0 : this.srcGpr();
    return xo(this.dstGpr(), ra, rb, hasOe ? this.bit() : 0, x, this.bit());
  }

  /**
   * divw/divwu (all OE/Rc forms) on operands whose values are known when generating, so the
   * cases the architecture leaves undefined (x/0, 0x80000000/-1 signed) are recognised: the
   * quotient is masked and never read (qemu-oracle-gaps.md: qemu returns the dividend), and
   * Rc=0 there because CR0 would hold an undefined comparison. OV is still compared.
   */
  private division(): number | undefined {
    const ra = this.knownGpr();
    const rb = this.knownGpr();
    if (ra === undefined || rb === undefined) return undefined;
    const signed = this.rng.chance(0.5);
    const a = this.init.gpr[ra] | 0;
    const b = this.init.gpr[rb] | 0;
    const undefinedResult = b === 0 || (signed && a === (0x80000000 | 0) && b === -1);
    const rt = this.dstGpr();
    if (undefinedResult) {
      this.gprTainted.add(rt);
      this.mask.gpr[rt] = 0;
    }
    return xo(rt, ra, rb, this.bit(), signed ? 491 : 459, undefinedResult ? 0 : this.bit());
  }

  /** and/andc/or/orc/xor/nand/nor/eqv/slw/srw/sraw/srawi/extsb/extsh/cntlzw (X-form, RA is the target). */
  private logicalX(): number {
    const [x, kind] = this.rng.pick<[number, 'rb' | 'sh' | 'none']>([
      [28, 'rb'],
      [60, 'rb'],
      [444, 'rb'],
      [412, 'rb'],
      [316, 'rb'],
      [476, 'rb'],
      [124, 'rb'],
      [284, 'rb'],
      [24, 'rb'],
      [536, 'rb'],
      [792, 'rb'],
      [824, 'sh'],
      [954, 'none'],
      [922, 'none'],
      [26, 'none'],
    ]);
    const rs = this.srcGpr();
    const rb = kind === 'rb' ? this.srcGpr() : kind === 'sh' ? this.rng.int(32) : 0;
    return x31(rs, this.dstGpr(), rb, x, this.bit());
  }

  /** addi/addis/addic/addic./subfic/mulli/ori/oris/xori/xoris/andi./andis. */
  private immediate(): number {
    const [op, logical] = this.rng.pick<[number, boolean]>([
      [14, false],
      [15, false],
      [12, false],
      [13, false],
      [8, false],
      [7, false],
      [24, true],
      [25, true],
      [26, true],
      [27, true],
      [28, true],
      [29, true],
    ]);
    const imm = this.rng.chance(0.3) ? this.rng.pick([0, 1, -1, 0x7fff, -0x8000, 0xffff]) : this.rng.u32();
    const src = this.srcGpr();
    const dst = this.dstGpr();
    return logical ? dform(op, src, dst, imm) : dform(op, dst, src, imm);
  }

  /** rlwinm/rlwnm/rlwimi with and without Rc (rlwimi also reads its target). */
  private rotate(): number {
    const op = this.rng.pick([20, 21, 23]);
    const rs = this.srcGpr();
    const sh = op === 23 ? this.srcGpr() : this.rng.int(32);
    let ra: number;
    if (op === 20) {
      // rlwimi merges into RA: it must hold a defined value
      do ra = this.rng.int(31);
      while (ra === this.base || ra === this.index || this.gprTainted.has(ra));
      this.wroteGpr(ra);
    } else ra = this.dstGpr();
    return mform(op, rs, ra, sh, this.rng.int(32), this.rng.int(32), this.bit());
  }

  /** cmp/cmpl/cmpi/cmpli into any CR field. */
  private compare(): number {
    const bf = this.rng.int(8);
    this.setCrFieldMask(bf, 0xf);
    const ra = this.srcGpr();
    switch (this.rng.int(4)) {
      case 0:
        return x31(bf << 2, ra, this.srcGpr(), 0);
      case 1:
        return x31(bf << 2, ra, this.srcGpr(), 32);
      case 2:
        return dform(11, bf << 2, ra, this.rng.u32());
      default:
        return dform(10, bf << 2, ra, this.rng.u32());
    }
  }

  /** crand/cror/crxor/crnand/crnor/creqv/crandc/crorc and mcrf. */
  private crLogical(): number {
    // a masked CR bit (CR1's copy of a masked FPSCR bit) stays masked where it is copied to
    const m = this.mask.cr;
    if (this.rng.chance(0.15)) {
      const bf = this.rng.int(8);
      const bfa = this.rng.int(8);
      this.setCrFieldMask(bf, (m >>> (28 - 4 * bfa)) & 0xf);
      return xl(bf << 2, bfa << 2, 0, 0);
    }
    const x = this.rng.pick([257, 449, 193, 225, 33, 289, 129, 417]);
    const [bt, ba, bb] = [this.rng.int(32), this.rng.int(32), this.rng.int(32)];
    const known = (m >>> (31 - ba)) & (m >>> (31 - bb)) & 1;
    this.mask.cr = known ? m | (1 << (31 - bt)) : m & ~(1 << (31 - bt));
    return xl(bt, ba, bb, x);
  }
  private setCrFieldMask(bf: number, bits: number): void {
    const sh = 28 - 4 * bf;
    this.mask.cr = (this.mask.cr & ~(0xf << sh)) | (bits << sh);
  }

  /** mtcrf/mfcr/mcrxr/mtxer/mfxer/mtlr/mflr/mtctr/mfctr. */
  private crXerSpr(): number {
    switch (this.rng.int(9)) {
      case 0: {
        const fxm = this.rng.pick([0xff, 1 << this.rng.int(8), this.rng.range(1, 255)]);
        for (let f = 0; f < 8; f++) if (fxm & (0x80 >> f)) this.setCrFieldMask(f, 0xf);
        return mtcrf(fxm, this.srcGpr());
      }
      case 1: {
        const rt = this.dstGpr();
        if (this.mask.cr !== -1) {
          this.gprTainted.add(rt);
          this.mask.gpr[rt] = this.mask.cr;
        }
        return mfcr(rt);
      }
      case 2:
        return x31(this.rng.int(8) << 2, 0, 0, 512); // mcrxr
      case 3:
        return mtspr(SPR_XER, this.srcGpr());
      case 4: {
        // mfxer: the reserved bits read back are implementation-specific (qemu-oracle-gaps.md)
        const rt = this.dstGpr();
        this.gprTainted.add(rt);
        this.mask.gpr[rt] = XER_DEFINED | 0;
        return mfspr(SPR_XER, rt);
      }
      case 5:
        return mtspr(SPR_LR, this.srcGpr());
      case 6:
        return mfspr(SPR_LR, this.dstGpr());
      case 7:
        return mtspr(SPR_CTR, this.srcGpr());
      default:
        return mfspr(SPR_CTR, this.dstGpr());
    }
  }

  // ---- loads and stores ------------------------------------------------------------------
  /**
   * D-form and X-form integer/FP loads and stores (with update, byte-reversed, stfiwx). The base
   * register points into scratch; displacements are multiples of the access size within ±48.
   */
  private loadStore(): number | undefined {
    type Ls = [d: number, x: number, size: number, kind: 'lg' | 'sg' | 'lf' | 'sf', update: boolean];
    const table: Ls[] = [
      [32, 23, 4, 'lg', false],
      [33, 55, 4, 'lg', true],
      [34, 87, 1, 'lg', false],
      [35, 119, 1, 'lg', true],
      [36, 151, 4, 'sg', false],
      [37, 183, 4, 'sg', true],
      [38, 215, 1, 'sg', false],
      [39, 247, 1, 'sg', true],
      [40, 279, 2, 'lg', false],
      [41, 311, 2, 'lg', true],
      [42, 343, 2, 'lg', false],
      [43, 375, 2, 'lg', true],
      [44, 407, 2, 'sg', false],
      [45, 439, 2, 'sg', true],
      [48, 535, 4, 'lf', false],
      [49, 567, 4, 'lf', true],
      [50, 599, 8, 'lf', false],
      [51, 631, 8, 'lf', true],
      [52, 663, 4, 'sf', false],
      [53, 695, 4, 'sf', true],
      [54, 727, 8, 'sf', false],
      [55, 759, 8, 'sf', true],
      [-1, 534, 4, 'lg', false],
      [-1, 662, 4, 'sg', false],
      [-1, 790, 2, 'lg', false],
      [-1, 918, 2, 'sg', false],
      [-1, 983, 4, 'sf', false], // lwbrx stwbrx lhbrx sthbrx stfiwx
    ];
    const [dOp, xOp, size, kind, update] = this.rng.pick(table);
    const indexed = dOp < 0 || this.rng.chance(0.4);
    let reg: number;
    if (kind === 'lg') reg = this.dstGpr();
    else if (kind === 'sg') reg = this.srcGpr();
    else if (kind === 'lf') reg = this.dstFpr();
    else if (xOp === 983) {
      // stfiwx stores the low word only: an fctiw result with undefined high word may be stored
      do reg = this.rng.int(32);
      while (this.fprTainted.has(reg) && !this.fprHighOnly.has(reg));
    } else reg = this.srcFpr();
    if (update) this.gprWritten.add(this.base);
    if (indexed) return x31(reg, this.base, this.index, xOp);
    const d = this.rng.range(-48 / size, 48 / size) * size;
    return dform(dOp, reg, this.base, d);
  }

  // ---- floating point --------------------------------------------------------------------
  /** fadd/fsub/fmul/fdiv/fsel and the single forms fadds/fsubs/fmuls/fdivs, Rc 0/1. */
  private fpArith(): number {
    const [op, x, shape] = this.rng.pick<[number, number, 'ab' | 'ac' | 'acb']>([
      [63, 21, 'ab'],
      [63, 20, 'ab'],
      [63, 25, 'ac'],
      [63, 18, 'ab'],
      [63, 23, 'acb'],
      [59, 21, 'ab'],
      [59, 20, 'ab'],
      [59, 25, 'ac'],
      [59, 18, 'ab'],
    ]);
    const a = this.srcFpr();
    const b = shape === 'ac' ? 0 : this.srcFpr();
    const c = shape === 'ab' ? 0 : this.srcFpr();
    // fsqrt/fsqrts are not generated: the 7450 has no fsqrt (objdump -M 7450 rejects it).
    const t = this.dstFpr();
    const rc = this.bit();
    const word = aform(op, t, a, b, c, x, rc);
    if (x === 23)
      this.fpOp({ exceptions: false, fi: false, rc }); // fsel
    else this.fpOp({ exceptions: true, fprf: op === 59 ? 'single' : 'double', t, fi: true, rc });
    return word;
  }

  /**
   * fmadd/fmsub/fnmadd/fnmsub (+ single forms). Operands are registers with known initial values,
   * so 0×∞ + SNaN is recognised: qemu-ppc sets only VXIMZ there, the architecture also VXSNAN
   * (qemu-oracle-gaps.md) — FPSCR[VXSNAN] is then masked for the case.
   */
  private fma(): number | undefined {
    const a = this.knownFpr();
    const b = this.knownFpr();
    const c = this.knownFpr();
    if (a === undefined || b === undefined || c === undefined) return undefined;
    const A = this.init.fpr[a];
    const B = this.init.fpr[b];
    const C = this.init.fpr[c];
    if (((isZero(A) && isInf(C)) || (isInf(A) && isZero(C))) && isSNaN(B) && this.allow('fma-0xinf-snan')) {
      this.mask.fpscr &= ~FPSCR_VXSNAN;
    }
    const op = this.rng.pick([63, 59]);
    const t = this.dstFpr();
    const x = this.rng.pick([28, 29, 30, 31]);
    const rc = this.bit();
    if (
      (x === 30 || x === 31) &&
      this.rn >= 2 &&
      !fmaExact(A, C, B, x === 30, op === 59) &&
      this.allow('fnmadd-directed-rounding')
    ) {
      // fnmadd/fnmsub[s] under RN = +inf/-inf with an inexact result: the architecture rounds
      // a×c±b, then negates; qemu negates, then rounds (the other direction). The result (one ulp,
      // or ∞ vs the largest finite, or 0 vs the smallest denormal) is masked and never read again,
      // and so are what follows from it: FPRF, OX, UX and FX (CR1 by maskCr1). XX and FI agree.
      this.fprTainted.add(t);
      this.mask.fprHi[t] = 0;
      this.mask.fprLo[t] = 0;
      this.mask.fpscr &= ~(FPSCR_FPRF | FPSCR_OX | FPSCR_UX | FPSCR_FX);
      this.fprfMasked = true;
      this.fxMasked = true;
    }
    this.fpOp({ exceptions: true, fprf: op === 59 ? 'single' : 'double', t, fi: true, rc });
    return aform(op, t, a, b, c, x, rc);
  }

  /** fmr/fneg/fabs/fnabs/frsp/fctiw/fctiwz. */
  private fpMoveConvert(): number {
    const x = this.rng.pick([72, 40, 264, 136, 12, 14, 15]);
    const b = this.srcFpr();
    const t = this.dstFpr();
    if (x === 14 || x === 15) {
      // fctiw[z]: FRT[0:31] and FPSCR[FPRF] are undefined (Power ISA 2.06 Book I §4.6.7)
      this.fprTainted.add(t);
      this.fprHighOnly.add(t);
      this.mask.fprHi[t] = 0;
      this.fprfMasked = true;
      this.mask.fpscr &= ~FPSCR_FPRF;
      this.gaps.add('fctiw-undefined');
    }
    const rc = this.bit();
    if (x === 12)
      this.fpOp({ exceptions: true, fprf: 'single', t, fi: true, rc }); // frsp
    else if (x === 14 || x === 15) this.fpOp({ exceptions: true, fprf: 'double', fi: true, rc });
    else this.fpOp({ exceptions: false, fi: false, rc }); // fmr fneg fabs fnabs
    return x63(t, 0, b, x, rc);
  }

  /**
   * fres/fres./frsqrte (MPC7450 optional graphics instructions). They are estimates: qemu-ppc
   * returns the exact, correctly rounded value (and fres(±0) = ±0.5 without ZX), a G4 any value
   * within the bound its manual gives (qemu-oracle-gaps.md). So they are generated, but their
   * result is masked and never read again, and the FPSCR bits they may set differently — FX, ZX,
   * XX, FR, FI, FPRF — are masked for the rest of the case (and CR1's copy of FX).
   */
  private estimate(): number {
    const frsqrte = this.rng.chance(0.5);
    const b = this.srcFpr();
    const t = this.dstFpr();
    this.fprTainted.add(t);
    this.mask.fprHi[t] = 0;
    this.mask.fprLo[t] = 0;
    this.mask.fpscr &= ~(FPSCR_FX | FPSCR_ZX | FPSCR_XX | FPSCR_FR | FPSCR_FI | FPSCR_FPRF);
    this.fxMasked = true;
    this.fprfMasked = true;
    this.gaps.add('fres-frsqrte-estimate');
    const rc = this.bit();
    this.fpOp({ exceptions: true, fprf: 'single', fi: true, rc });
    return frsqrte ? x63(t, 0, b, 26, rc) : aform(59, t, 0, b, 0, 24, rc);
  }

  /** fcmpu/fcmpo into any CR field. */
  private fpCompare(): number {
    const bf = this.rng.int(8);
    const [fa, fb] = [this.srcFpr(), this.srcFpr()];
    const x = this.rng.pick([0, 32]);
    this.setCrFieldMask(bf, 0xf);
    const word = x63(bf << 2, fa, fb, x);
    this.fpOp({ exceptions: true, fi: false, rc: 0 });
    // the architecture leaves FI (and FPRF[C]) alone; qemu clears FI, and fcmpo on a NaN sets C
    this.fiFromFcmp = true;
    const maybeNaN = (r: number) => this.fprWritten.has(r) || isAnyNaN(this.init.fpr[r]);
    if (x === 32 && (maybeNaN(fa) || maybeNaN(fb))) this.cFromFcmpo = true;
    return word;
  }

  /**
   * mffs/mtfsf/mtfsfi/mtfsb0/mtfsb1/mcrfs. Enable bits (VE OE UE ZE XE) and NI are never set:
   * qemu-ppc raises SIGFPE as soon as one is, Linux on a G4 traps nothing (FE0=FE1=0).
   * mffscrn/mffscrni are not generated (qemu-ppc 7.2 SIGILLs on them).
   */
  private fpscrOp(): number | undefined {
    const fieldBits = (f: number) => (0xf << (28 - 4 * f)) >>> 0;
    switch (this.rng.int(6)) {
      case 0: {
        // mffs copies FPSCR into FRT[32:63]: FR (and masked VXSNAN/FPRF) carry over;
        // FRT[0:31] is undefined (Power ISA 2.06 Book I §4.6.10)
        const t = this.dstFpr();
        this.fprTainted.add(t);
        this.mask.fprLo[t] = this.fpscrMask();
        this.mask.fprHi[t] = 0;
        const rc = this.bit();
        if (rc) this.maskCr1();
        return mffs(t, rc);
      }
      case 1: {
        let flm = this.rng.int(256) & 0xfc; // fields 6 and 7 hold the enables, NI and RN
        if (flm === 0) flm = 0x80;
        let bits = 0;
        for (let f = 0; f < 8; f++) if (flm & (0x80 >> f)) bits |= fieldBits(f);
        this.fpscrWritten(bits);
        if (flm & 0x80) this.fxWritten(false);
        this.exceptionBitsWritten();
        const frb = this.srcFpr();
        const rc = this.bit();
        if (rc) this.maskCr1();
        return mtfsf(flm, frb, rc);
      }
      case 2: {
        let bf = this.rng.int(7);
        if (bf === 6) bf = 7;
        const u = bf === 7 ? this.rng.int(4) : this.rng.int(16);
        this.fpscrWritten(fieldBits(bf));
        if (bf === 7) this.rn = u & 3;
        if (bf === 0) this.fxWritten((u & 8) !== 0);
        if (bf <= 5 && u !== 0) this.exceptionBitsWritten();
        const rc = this.bit();
        if (rc) this.maskCr1();
        return x63(bf << 2, 0, u << 1, 134, rc); // mtfsfi
      }
      case 3: {
        const bt = this.rng.pick(settableBits);
        this.fpscrWritten(1 << (31 - bt));
        if (bt === 0) this.fxWritten(false);
        if (bt >= 30) this.rn &= ~(1 << (31 - bt));
        const rc = this.bit();
        if (rc) this.maskCr1();
        return x63(bt, 0, 0, 70, rc); // mtfsb0
      }
      case 4: {
        const bt = this.rng.pick(settableBits);
        const exceptionBit = (bt >= 3 && bt <= 12) || (bt >= 21 && bt <= 23);
        if (exceptionBit && this.allow('mtfsb1-fx')) {
          // qemu-ppc does not set FX when mtfsb1 sets an exception bit (qemu-oracle-gaps.md):
          // only as the last instruction, with FX (and CR1's copy of it) masked.
          if (!this.isLast) return undefined;
          this.mask.fpscr &= ~FPSCR_FX;
        }
        this.fpscrWritten(1 << (31 - bt));
        if (bt === 0) this.fxWritten(true);
        if (bt >= 30) this.rn |= 1 << (31 - bt);
        const rc = this.bit();
        if (rc) this.maskCr1();
        return x63(bt, 0, 0, 38, rc); // mtfsb1
      }
      default: {
        // mcrfs: fields 1 (VXSNAN), 3 (FR) and 5 (reserved bit 20) can hold masked bits; field 4
        // (FPCC) after fctiw or an estimate; field 0 (FX) after an estimate; and any field with a
        // bit masked by now
        const fields = [0, 2, 4, 6, 7].filter(
          (f) =>
            !(f === 4 && this.fprfMasked) &&
            !(f === 0 && this.fxMasked) &&
            (this.fpscrMask() & fieldBits(f)) >>> 0 === fieldBits(f),
        );
        const bf = this.rng.int(8);
        const f = this.rng.pick(fields);
        // mcrfs clears the exception bits it copies: of field 0, FX and OX
        if (f === 0) this.fxWritten(false);
        this.setCrFieldMask(bf, 0xf);
        return x63(bf << 2, f << 2, 0, 64);
      }
    }
  }
}

/** FPSCR bits mtfsb0/mtfsb1 may name: not FEX/VX (not settable) and not the enables/NI (24-29). */
const settableBits = [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 30, 31];

/** The value m × 2^e of a finite double's bits (sign applied to m). */
function decode([hi, lo]: F64Bits): [bigint, number] {
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  if (exp) m |= 1n << 52n;
  if (hi & 0x80000000) m = -m;
  return [m, exp ? exp - 1075 : -1074];
}

/**
 * Whether a×c+b (a×c−b when `sub`) needs no rounding in double (or single) precision: exact and
 * non-zero, or a NaN/∞ operand (no rounding then either). fnmadd/fnmsub's rounding-direction
 * difference (see fma) can only show when this is false.
 */
export function fmaExact(A: F64Bits, C: F64Bits, B: F64Bits, sub: boolean, single: boolean): boolean {
  const special = (v: F64Bits) => (v[0] & 0x7ff00000) === 0x7ff00000;
  if (special(A) || special(B) || special(C)) return true;
  const [ma, ea] = decode(A);
  const [mc, ec] = decode(C);
  let [mb, eb] = decode(B);
  if (sub) mb = -mb;
  const mp = ma * mc;
  const ep = ea + ec;
  let e = Math.min(ep, eb);
  let n = (mp << BigInt(ep - e)) + (mb << BigInt(eb - e));
  if (n === 0n) return false; // a zero's sign depends on the rounding mode: treated as inexact
  if (n < 0n) n = -n;
  while ((n & 1n) === 0n) {
    n >>= 1n;
    e++;
  }
  const bits = n.toString(2).length;
  const [p, minLsb, maxExp] = single ? [24, -149, 127] : [53, -1074, 1023];
  return bits <= p && e >= minLsb && e + bits - 1 <= maxExp;
}
