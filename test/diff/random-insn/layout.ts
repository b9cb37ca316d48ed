/**
 * The record every generated case reads its initial state from and writes its final state to.
 * Byte offsets inside one state block (big-endian, as the guest stores them):
 *   0   GPR r0..r31          (32 × 4)
 *   128 FPR f0..f31          (32 × 8, raw IEEE bits)
 *   384 CR, 388 XER, 392 LR, 396 CTR
 *   400 FPSCR                (8 bytes: the double mffs/mtfsf move; FPSCR is the low word)
 * A case record is IN state, OUT state, then the scratch buffer its loads and stores use.
 */
export const GPR = 0;
export const FPR = 128;
export const CR = 384;
export const XER = 388;
export const LR = 392;
export const CTR = 396;
export const FPSCR = 400;
/** A free word in the IN state where load_state keeps its return address. */
export const RET = 408;
export const STATE_SIZE = 416;
export const IN = 0;
export const OUT = STATE_SIZE;
export const SCRATCH = 2 * STATE_SIZE;
export const SCRATCH_SIZE = 1024;
export const RECORD_SIZE = SCRATCH + SCRATCH_SIZE;
/** Base registers for loads/stores point here (the middle of scratch) so ± displacements fit. */
export const SCRATCH_BASE = SCRATCH + SCRATCH_SIZE / 2;
/** Where the linker places the records (-Wl,-Tdata=…); code addresses them absolutely. */
export const DATA_ADDR = 0x20000000;
/** r31 holds the record address throughout a case, so sequences never write it. */
export const RECORD_REG = 31;

/** FPSCR bits (IBM numbering in comments; value = 1 << (31 - bit)). */
export const FPSCR_FX = 0x80000000; // 0
export const FPSCR_VXSNAN = 0x01000000; // 7
export const FPSCR_FR = 0x00040000; // 13
export const FPSCR_RESERVED20 = 0x00000800; // 20
/** XER bits software can rely on: SO OV CA and the string byte count. The rest is reserved. */
export const XER_DEFINED = 0xe000007f;
