// Match/mask constructors for the instruction forms. `reserved` names extra bits that must
// be zero for the word to be that instruction (objdump rejects words with them set).

const PRIMARY = 0xfc000000;

const form = (match: number, mask: number, reserved = 0) => ({
  match: match >>> 0,
  mask: (mask | reserved) >>> 0,
});

/** I/B/D/SC forms: the primary opcode alone. */
export const D = (opcd: number, reserved = 0) => form(opcd << 26, PRIMARY, reserved);
/** X/XL/XFX/XFL forms: extended opcode in bits 21–30 (Rc/LK at bit 31 is a variant). */
export const X = (opcd: number, xo: number, reserved = 0) => form((opcd << 26) | (xo << 1), PRIMARY | 0x7fe, reserved);
/** X form where bit 31 must be 0 (not a variant). */
export const X0 = (opcd: number, xo: number, reserved = 0) => form((opcd << 26) | (xo << 1), PRIMARY | 0x7ff, reserved);
/** XO form: extended opcode in bits 22–30, OE at bit 21 and Rc at bit 31 are variants. */
export const XO = (opcd: number, xo: number, reserved = 0) => form((opcd << 26) | (xo << 1), PRIMARY | 0x3fe, reserved);
/** A form: extended opcode in bits 26–30. */
export const A = (opcd: number, xo: number, reserved = 0) => form((opcd << 26) | (xo << 1), PRIMARY | 0x3e, reserved);
/** VX form (AltiVec): extended opcode in bits 21–31. */
export const VX = (xo: number, reserved = 0) => form((4 << 26) | xo, PRIMARY | 0x7ff, reserved);
/** VA form (AltiVec): extended opcode in bits 26–31. */
export const VA = (xo: number, reserved = 0) => form((4 << 26) | xo, PRIMARY | 0x3f, reserved);
/** VC form (AltiVec compares): extended opcode in bits 22–31, Rc at bit 21. */
export const VC = (xo: number, reserved = 0) => form((4 << 26) | xo, PRIMARY | 0x3ff, reserved);

/** Field masks for `reserved`. */
export const RES = {
  rt: 0x03e00000,
  ra: 0x001f0000,
  rb: 0x0000f800,
  rc5: 0x000007c0,
  rc: 0x00000001,
} as const;
