/**
 * Special-purpose register numbers (the mfspr/mtspr SPR field, halves already swapped) of the
 * parts ppcjit models: UISA, OEA (PEM), the 7400/7450 implementation registers and the BookE
 * ones the e500 `sc` path uses. Some numbers differ by direction (the time base and the 601
 * RTC are read through one number and written through another).
 */
export const Spr = {
  XER: 1,
  RTCU_READ: 4,
  RTCL_READ: 5,
  LR: 8,
  CTR: 9,
  DSISR: 18,
  DAR: 19,
  RTCU_WRITE: 20,
  RTCL_WRITE: 21,
  DEC: 22,
  SDR1: 25,
  SRR0: 26,
  SRR1: 27,
  IVPR: 63,
  VRSAVE: 256,
  TBL_READ: 268,
  TBU_READ: 269,
  SPRG0: 272,
  EAR: 282,
  TBL_WRITE: 284,
  TBU_WRITE: 285,
  PVR: 287,
  IVOR8: 408,
  IBAT0U: 528,
  DBAT0U: 536,
  IBAT4U: 560,
  DBAT4U: 568,
  HID0: 1008,
  L2CR: 1017,
} as const;

/** SPR names objdump -M 7450 uses for mfspr (mf<name> rD). */
export const MFSPR_NAMES: Readonly<Record<number, string>> = {
  [Spr.XER]: 'xer',
  [Spr.RTCU_READ]: 'rtcu',
  [Spr.RTCL_READ]: 'rtcl',
  [Spr.LR]: 'lr',
  [Spr.CTR]: 'ctr',
  [Spr.DSISR]: 'dsisr',
  [Spr.DAR]: 'dar',
  [Spr.DEC]: 'dec',
  [Spr.SDR1]: 'sdr1',
  [Spr.SRR0]: 'srr0',
  [Spr.SRR1]: 'srr1',
  [Spr.VRSAVE]: 'vrsave',
  [Spr.EAR]: 'ear',
  [Spr.PVR]: 'pvr',
};

/** SPR names objdump -M 7450 uses for mtspr (mt<name> rS). */
export const MTSPR_NAMES: Readonly<Record<number, string>> = {
  [Spr.XER]: 'xer',
  [Spr.LR]: 'lr',
  [Spr.CTR]: 'ctr',
  [Spr.DSISR]: 'dsisr',
  [Spr.DAR]: 'dar',
  [Spr.RTCU_WRITE]: 'rtcu',
  [Spr.RTCL_WRITE]: 'rtcl',
  [Spr.DEC]: 'dec',
  [Spr.SDR1]: 'sdr1',
  [Spr.SRR0]: 'srr0',
  [Spr.SRR1]: 'srr1',
  [Spr.VRSAVE]: 'vrsave',
  [Spr.EAR]: 'ear',
  [Spr.TBL_WRITE]: 'tbl',
  [Spr.TBU_WRITE]: 'tbu',
};

/**
 * Numbered SPR groups objdump prints with an index: SPRG0–3 as `mfsprg rD,n` and the BAT
 * pairs as `mtibatu n,rS` — [name, n], or undefined for other numbers.
 */
export function numberedSpr(spr: number): [string, number] | undefined {
  if (spr >= Spr.SPRG0 && spr <= Spr.SPRG0 + 3) return ['sprg', spr - Spr.SPRG0];
  if (spr >= Spr.IBAT0U && spr <= Spr.IBAT0U + 15) {
    const n = spr - Spr.IBAT0U;
    return [`${n & 8 ? 'd' : 'i'}bat${n & 1 ? 'l' : 'u'}`, (n >> 1) & 3];
  }
  return undefined;
}
