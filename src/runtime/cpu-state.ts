/**
 * Architected state of one PowerPC CPU. Everything lives in typed arrays so generated
 * code reads and writes int32/double slots without boxing.
 */

/** Slots of `CpuState.r` (special registers that blocks keep in locals). */
export const R = {
  PC: 0,
  CR: 1,
  LR: 2,
  CTR: 3,
  /** XER[SO], XER[OV], XER[CA] as 0/1, and the rest of XER (byte count for lswx/stswx). */
  SO: 4,
  OV: 5,
  CA: 6,
  XER_REST: 7,
  FPSCR: 8,
  MSR: 9,
  VSCR: 10,
  VRSAVE: 11,
  /** Reservation for lwarx/stwcx.: address, and 1 when valid. */
  RESV_ADDR: 12,
  RESV_VALID: 13,
  /** Instructions retired (low 32 bits, wraps). */
  ICOUNT: 14,
  PVR: 15,
  /** Set by a self-looping block: how many extra times it ran its body in one call. */
  LOOP_ITERS: 16,
  /** Upper word of the 64-bit MSR on 64-bit models (SF = bit 31 here, HV = bit 28). */
  MSR_HI: 17,
  /**
   * Set by the engine before it calls a looping block (self-loop or region) when it counts
   * instructions (deterministic mode): the block returns at the first block boundary at which it
   * has retired at least this many instructions. 0 = no budget (MAX_LOOP_ITERATIONS only).
   */
  INSN_BUDGET: 18,
  /** Set by a region: guest instructions its member blocks retired in this call (each entry whole). */
  REGION_INSNS: 19,
  COUNT: 20,
} as const;

export class CpuState {
  readonly gpr = new Int32Array(32);
  readonly fpr = new Float64Array(32);
  /** The same bytes as `fpr`, for bit-exact moves (lfd/stfd of NaNs keep their payload). */
  readonly fprBits = new Int32Array(this.fpr.buffer);
  /** AltiVec registers: vr[4*n] is the most significant word of VRn. */
  readonly vr = new Int32Array(128);
  readonly r = new Int32Array(R.COUNT);
  /** SPRs without a dedicated slot, by SPR number. */
  readonly spr = new Int32Array(1024);
  /** Segment registers. */
  readonly sr = new Int32Array(16);

  get pc(): number {
    return this.r[R.PC] >>> 0;
  }
  set pc(v: number) {
    this.r[R.PC] = v;
  }

  /** XER as mfxer returns it. */
  get xer(): number {
    const r = this.r;
    return ((r[R.SO] << 31) | (r[R.OV] << 30) | (r[R.CA] << 29) | (r[R.XER_REST] & 0x1fffffff)) >>> 0;
  }
  set xer(v: number) {
    const r = this.r;
    r[R.SO] = (v >>> 31) & 1;
    r[R.OV] = (v >>> 30) & 1;
    r[R.CA] = (v >>> 29) & 1;
    r[R.XER_REST] = v & 0x1fffffff;
  }
}
