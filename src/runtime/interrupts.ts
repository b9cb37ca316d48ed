import type { CpuModel } from '../cpu/models.js';
import { Spr } from '../cpu/spr.js';
import { type CpuState, R } from './cpu-state.js';

/** MSR bits (32-bit view; IBM bit n = 1 << (31 - n)). */
export const MSR = {
  VEC: 0x02000000,
  POW: 0x00040000,
  CE: 0x00020000,
  ILE: 0x00010000,
  EE: 0x00008000,
  PR: 0x00004000,
  FP: 0x00002000,
  ME: 0x00001000,
  FE0: 0x00000800,
  SE: 0x00000400,
  BE: 0x00000200,
  DE: 0x00000200,
  FE1: 0x00000100,
  IP: 0x00000040,
  IR: 0x00000020,
  DR: 0x00000010,
  RI: 0x00000002,
  LE: 0x00000001,
} as const;

/** Upper-word MSR bits of 64-bit models (stored in r[R.MSR_HI]). */
export const MSR_HI = { SF: 0x80000000 | 0, HV: 0x10000000 } as const;

/** Vector offsets of the classic (OEA) interrupts. */
export const Vector = {
  SystemReset: 0x100,
  MachineCheck: 0x200,
  DSI: 0x300,
  ISI: 0x400,
  External: 0x500,
  Alignment: 0x600,
  Program: 0x700,
  FpUnavailable: 0x800,
  Decrementer: 0x900,
  SystemCall: 0xc00,
  Trace: 0xd00,
  VecUnavailable: 0xf20,
} as const;

/**
 * SRR1 keeps MSR bits 0, 5–9 and 16–31 (MPC7400 UM §4.3: bits 0–5 and 7–15 cleared, except
 * VEC at bit 6 on AltiVec parts) — `MSR & 0x87C0FFFF`.
 */
const SRR1_MSR_MASK = 0x87c0ffff;

/**
 * Takes an OEA interrupt (6xx/7xx/74xx, and 970/POWER in 32-bit mode) as the hardware does:
 * SRR0 = `srr0`, SRR1 = saved MSR bits | `srr1Bits`, new MSR keeps IP and ME, copies ILE to LE,
 * clears the rest (ILE itself is kept: QEMU clears IP and ILE — spec §1.2 — we don't).
 * Returns the vector address (the next PC).
 */
export function deliverOea(
  s: CpuState,
  model: CpuModel,
  offset: number,
  srr0: number,
  srr1Bits = 0,
  hv = false,
): number {
  const msr = s.r[R.MSR];
  s.spr[Spr.SRR0] = srr0;
  s.spr[Spr.SRR1] = (msr & SRR1_MSR_MASK) | srr1Bits;
  s.r[R.MSR] = (msr & (MSR.IP | MSR.ME | MSR.ILE)) | (msr & MSR.ILE ? MSR.LE : 0);
  if (model.is64) {
    // 64-bit parts enter interrupts in 64-bit mode; HV is set for hypervisor-class
    // interrupts and always on the 970 ("Apple mode").
    const hvAfter = hv || model.alwaysHypervisor || (s.r[R.MSR_HI] & MSR_HI.HV) !== 0;
    s.r[R.MSR_HI] = MSR_HI.SF | (hvAfter ? MSR_HI.HV : 0);
  }
  return ((msr & MSR.IP ? 0xfff00000 : 0) + offset) >>> 0;
}

/**
 * BookE (e500) interrupt: vector IVPR[0:15] || IVORn[16:27] || 0b0000, SRR1 = MSR, new MSR keeps
 * CE, ME and DE (e500 Core RM Table 5-19; QEMU drops CE/DE).
 */
export function deliverBooke(s: CpuState, ivor: number, srr0: number): number {
  const msr = s.r[R.MSR];
  s.spr[Spr.SRR0] = srr0;
  s.spr[Spr.SRR1] = msr;
  s.r[R.MSR] = msr & (MSR.CE | MSR.ME | MSR.DE);
  return ((s.spr[Spr.IVPR] & 0xffff0000) | (s.spr[ivor] & 0xfff0)) >>> 0;
}
