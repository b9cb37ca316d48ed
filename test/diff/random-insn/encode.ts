/** Instruction encoders (Power ISA 2.x Book I field layout; bit 0 = MSB). */
export const xo = (rt: number, ra: number, rb: number, oe: number, x: number, rc: number) =>
  ((31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (oe << 10) | (x << 1) | rc) >>> 0;
export const x31 = (rs: number, ra: number, rb: number, x: number, rc = 0) =>
  ((31 << 26) | (rs << 21) | (ra << 16) | (rb << 11) | (x << 1) | rc) >>> 0;
export const dform = (op: number, rt: number, ra: number, d: number) =>
  ((op << 26) | (rt << 21) | (ra << 16) | (d & 0xffff)) >>> 0;
export const mform = (op: number, rs: number, ra: number, sh: number, mb: number, me: number, rc: number) =>
  ((op << 26) | (rs << 21) | (ra << 16) | (sh << 11) | (mb << 6) | (me << 1) | rc) >>> 0;
export const xl = (bt: number, ba: number, bb: number, x: number) =>
  ((19 << 26) | (bt << 21) | (ba << 16) | (bb << 11) | (x << 1)) >>> 0;
export const aform = (op: number, frt: number, fra: number, frb: number, frc: number, x: number, rc: number) =>
  ((op << 26) | (frt << 21) | (fra << 16) | (frb << 11) | (frc << 6) | (x << 1) | rc) >>> 0;
export const x63 = (frt: number, fra: number, frb: number, x: number, rc = 0) =>
  ((63 << 26) | (frt << 21) | (fra << 16) | (frb << 11) | (x << 1) | rc) >>> 0;
/** mtspr/mfspr: the SPR number's two 5-bit halves are swapped in the encoding. */
export const sprField = (spr: number) => (((spr & 0x1f) << 5) | ((spr >> 5) & 0x1f)) << 11;
export const mtspr = (spr: number, rs: number) => ((31 << 26) | (rs << 21) | sprField(spr) | (467 << 1)) >>> 0;
export const mfspr = (spr: number, rt: number) => ((31 << 26) | (rt << 21) | sprField(spr) | (339 << 1)) >>> 0;
export const mtcrf = (fxm: number, rs: number) => ((31 << 26) | (rs << 21) | (fxm << 12) | (144 << 1)) >>> 0;
export const mfcr = (rt: number) => ((31 << 26) | (rt << 21) | (19 << 1)) >>> 0;
export const mtfsf = (flm: number, frb: number, rc = 0) =>
  ((63 << 26) | (flm << 17) | (frb << 11) | (711 << 1) | rc) >>> 0;
export const mffs = (frt: number, rc = 0) => ((63 << 26) | (frt << 21) | (583 << 1) | rc) >>> 0;
export const lis = (rt: number, v: number) => dform(15, rt, 0, v >>> 16);
export const ori = (ra: number, rs: number, v: number) => dform(24, rs, ra, v & 0xffff);
export const lwz = (rt: number, d: number, ra: number) => dform(32, rt, ra, d);
export const stw = (rs: number, d: number, ra: number) => dform(36, rs, ra, d);
export const lfd = (frt: number, d: number, ra: number) => dform(50, frt, ra, d);
export const stfd = (frs: number, d: number, ra: number) => dform(54, frs, ra, d);
export const li = (rt: number, v: number) => dform(14, rt, 0, v);
export const SC = 0x44000002;
export const SPR_XER = 1;
export const SPR_LR = 8;
export const SPR_CTR = 9;
export const b = (offset: number) => ((18 << 26) | (offset & 0x03fffffc)) >>> 0;
export const bl = (offset: number) => (b(offset) | 1) >>> 0;
export const BLR = 0x4e800020;
export const BCTR = 0x4e800420;
