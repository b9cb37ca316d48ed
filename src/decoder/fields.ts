// Instruction field extractors. PowerPC numbers bits from the most significant (bit 0)
// to the least significant (bit 31); each extractor is named after the field in the
// architecture books and takes the raw 32-bit word.

export const rt = (w: number) => (w >>> 21) & 31; // also RS, FRT, FRS, VRT, BO, TO, crbD
export const ra = (w: number) => (w >>> 16) & 31; // also FRA, VRA, BI, crbA
export const rb = (w: number) => (w >>> 11) & 31; // also FRB, VRB, crbB, SH, NB
export const rc5 = (w: number) => (w >>> 6) & 31; // FRC, VRC, MB
export const me = (w: number) => (w >>> 1) & 31;
export const si = (w: number) => (w << 16) >> 16;
export const ui = (w: number) => w & 0xffff;
export const bd = (w: number) => ((w & 0xfffc) << 16) >> 16;
export const li = (w: number) => ((w & 0x03fffffc) << 6) >> 6;
export const crfD = (w: number) => (w >>> 23) & 7;
export const crfS = (w: number) => (w >>> 18) & 7;
export const cmpL = (w: number) => (w >>> 21) & 1;
/** SPR and TBR numbers are stored with their two 5-bit halves swapped. */
export const spr = (w: number) => ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5);
export const fm = (w: number) => (w >>> 17) & 0xff;
export const crm = (w: number) => (w >>> 12) & 0xff;
export const sr = (w: number) => (w >>> 16) & 15;
export const fpImm = (w: number) => (w >>> 12) & 15;
export const lev = (w: number) => (w >>> 5) & 0x7f;
export const vShb = (w: number) => (w >>> 6) & 15;
export const vSimm = (w: number) => (((w >>> 16) & 31) << 27) >> 27;
