import { Spr } from '../../cpu/spr.js';
import { type CpuState, R } from '../../runtime/cpu-state.js';
import { MSR } from '../../runtime/interrupts.js';

/**
 * 32-bit OEA address translation (PowerPC PEM ch. 7; MPC7450 RM ch. 5): block address
 * translation (BATs) first, then segment registers and the hashed page table. Pure functions
 * over the CPU state and a physical-memory reader, so the soft TLB above can cache results.
 */

export enum Access {
  Read = 0,
  Write = 1,
  Execute = 2,
}

/** DSISR / SRR1 bits reported with a translation fault. */
export const FaultBits = {
  NotFound: 0x40000000,
  /** Instruction fetch from a no-execute segment or guarded page (ISI only). */
  NoExecute: 0x10000000,
  Protection: 0x08000000,
  Store: 0x02000000,
} as const;

/** HID0[HIGH_BAT_EN] (MPC7450: enables IBAT4–7/DBAT4–7). */
const HID0_HIGH_BAT_EN = 0x00800000;

export interface PhysicalAccess {
  read32(pa: number): number;
  write32(pa: number, v: number): void;
}

/** A successful translation: physical address and the page's WIMG bits. */
export interface Translation {
  pa: number;
  /** Physical page base (pa with the low 12 bits cleared) — what the soft TLB stores. */
  page: number;
  writable: boolean;
}

export interface TranslationFault {
  fault: number;
}

export type TranslateResult = Translation | TranslationFault;

const bitsFromPP = (pp: number, key: number, access: Access): boolean => {
  // PEM Table 7-10: key 0 → PP 00/01/10 read-write, 11 read-only;
  // key 1 → 00 no access, 01 read-only, 10 read-write, 11 read-only.
  if (access !== Access.Write) return key === 0 || pp !== 0;
  return key === 0 ? pp !== 3 : pp === 2;
};

function translateBat(s: CpuState, ea: number, access: Access, highBats: boolean): TranslateResult | undefined {
  const base = access === Access.Execute ? Spr.IBAT0U : Spr.DBAT0U;
  const problem = (s.r[R.MSR] & MSR.PR) !== 0;
  const sets = highBats ? 2 : 1;
  for (let set = 0; set < sets; set++) {
    const first = set === 0 ? base : base + (Spr.IBAT4U - Spr.IBAT0U);
    for (let i = 0; i < 4; i++) {
      const upper = s.spr[first + 2 * i];
      if ((upper & (problem ? 1 : 2)) === 0) continue;
      const blockMask = ((upper >>> 2) & 0x7ff) << 17; // BL: block length mask over EA bits 4–14
      if ((ea & ~blockMask & 0xfffe0000) !== (upper & ~blockMask & 0xfffe0000)) continue;
      const lower = s.spr[first + 2 * i + 1];
      const pp = lower & 3;
      // BAT PP: 00 no access, x1 read-only, 10 read-write (PEM Table 7-8).
      if (pp === 0 || (access === Access.Write && pp !== 2)) {
        return { fault: FaultBits.Protection | (access === Access.Write ? FaultBits.Store : 0) };
      }
      const pa = ((lower & 0xfffe0000 & ~blockMask) | (ea & (blockMask | 0x1ffff))) >>> 0;
      return { pa, page: (pa & ~0xfff) >>> 0, writable: pp === 2 };
    }
  }
  return undefined;
}

function searchPteg(
  mem: PhysicalAccess,
  sdr1: number,
  hash: number,
  match: number,
): { pteAddr: number; word1: number } | undefined {
  const htabMask = sdr1 & 0x1ff;
  const pteg =
    ((sdr1 & 0xfe000000) |
      (((((sdr1 >>> 16) & 0x1ff) | ((hash >>> 10) & htabMask)) & 0x1ff) << 16) |
      ((hash & 0x3ff) << 6)) >>>
    0;
  for (let i = 0; i < 8; i++) {
    const addr = pteg + i * 8;
    if (mem.read32(addr) >>> 0 === match >>> 0) return { pteAddr: addr, word1: mem.read32(addr + 4) };
  }
  return undefined;
}

/**
 * Translates `ea` for `access` with MSR[IR] (fetch) or MSR[DR] (data) on. Updates the PTE's
 * R and C bits as the hardware table walk does.
 */
export function translate(s: CpuState, mem: PhysicalAccess, ea: number, access: Access): TranslateResult {
  ea >>>= 0;
  const highBats = (s.spr[Spr.HID0] & HID0_HIGH_BAT_EN) !== 0;
  const bat = translateBat(s, ea, access, highBats);
  if (bat) return bat;

  const sr = s.sr[ea >>> 28];
  const store = access === Access.Write ? FaultBits.Store : 0;
  if (sr < 0) return { fault: FaultBits.Protection | store }; // T=1: direct-store segment, not on G4
  if (access === Access.Execute && sr & 0x10000000) return { fault: FaultBits.NoExecute };
  const vsid = sr & 0xffffff;
  const pageIndex = (ea >>> 12) & 0xffff;
  const api = pageIndex >>> 10;
  const sdr1 = s.spr[Spr.SDR1];
  const primary = ((vsid & 0x7ffff) ^ pageIndex) & 0x7ffff;
  const word0 = (h: number) => 0x80000000 | (vsid << 7) | (h << 6) | api | 0;
  const found = searchPteg(mem, sdr1, primary, word0(0)) ?? searchPteg(mem, sdr1, ~primary & 0x7ffff, word0(1));
  if (!found) return { fault: FaultBits.NotFound | store };

  const key = s.r[R.MSR] & MSR.PR ? (sr >>> 29) & 1 : (sr >>> 30) & 1;
  const pp = found.word1 & 3;
  if (!bitsFromPP(pp, key, access)) return { fault: FaultBits.Protection | store };
  // Guarded pages cannot be executed from (G = WIMG bit 3 = 0x8).
  if (access === Access.Execute && found.word1 & 0x8) return { fault: FaultBits.NoExecute };

  const referenced = found.word1 | 0x100 | (access === Access.Write ? 0x80 : 0);
  if (referenced !== found.word1) mem.write32(found.pteAddr + 4, referenced);
  const page = (found.word1 & 0xfffff000) >>> 0;
  return {
    pa: (page | (ea & 0xfff)) >>> 0,
    page,
    // The C bit is set only on a store; a cached read translation must not let stores bypass it.
    writable: bitsFromPP(pp, key, Access.Write) && (referenced & 0x80) !== 0,
  };
}
