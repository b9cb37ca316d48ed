import * as F from '../fields.js';
import type { OperandKind } from '../operands.js';
import type { Family, InsnDef } from '../types.js';
import { Flag } from '../types.js';
import { D, X, X0 } from './forms.js';

// Integer, floating-point and vector loads and stores (primary opcodes 32–55 and the indexed
// forms of opcode 31), as the MPC7450 implements them and `objdump -M 7450` prints them
// (binutils opcodes/ppc-opc.c: the lwz…stfdu D-form entries and the X(31, …) load/store rows).
//
// Invalid forms. objdump checks some RA/RB fields while disassembling (ppc-opc.c
// extract_ral / extract_ras / extract_ram / extract_raq / extract_rbx) and prints `.long`
// when the check fails; the `format` hooks below reproduce exactly those checks. The
// decoder still returns the entry, so the JIT executes the word; what it does is documented
// in src/jit/emit/loadstore.ts (where qemu-ppc 7.2 differs, it is noted there too).

const LOAD = Flag.CanFault | Flag.Load;
const STORE = Flag.CanFault | Flag.Store;

const word = (w: number) => `.long 0x${(w >>> 0).toString(16)}`;

/** Update-form load (ppc-opc.c RAL): RA = 0 or RA = RT is invalid. */
const loadUpdateInvalid = (w: number) => F.ra(w) === 0 || F.ra(w) === F.rt(w);
/** Update-form store or FP load (ppc-opc.c RAS): RA = 0 is invalid. */
const updateRa0Invalid = (w: number) => F.ra(w) === 0;
/** lmw (ppc-opc.c RAM): RA in the range of registers loaded (RA ≥ RT) is invalid. */
const lmwInvalid = (w: number) => F.ra(w) >= F.rt(w);
/** lswx (ppc-opc.c RAQ, RBX): RA = RT or RB = RT is invalid. */
const lswxInvalid = (w: number) => F.ra(w) === F.rt(w) || F.rb(w) === F.rt(w);
/** lswi (ppc-opc.c RAX = RAQ): only RA = RT is rejected; other overlaps still print. */
const lswiInvalid = (w: number) => F.ra(w) === F.rt(w);

const invalidAsWord = (invalid: (w: number) => boolean) => (w: number) => (invalid(w) ? word(w) : undefined);

function def(
  name: string,
  form: { match: number; mask: number },
  operands: readonly OperandKind[],
  family: Family,
  flags: number,
  invalid?: (w: number) => boolean,
): InsnDef {
  const entry: InsnDef = { name, ...form, operands, family, flags };
  if (invalid) entry.format = invalidAsWord(invalid);
  return entry;
}

// Operand lists.
const GPR_D: readonly OperandKind[] = ['rt', 'dra0'];
const GPR_DU: readonly OperandKind[] = ['rt', 'dra'];
const FPR_D: readonly OperandKind[] = ['frt', 'dra0'];
const FPR_DU: readonly OperandKind[] = ['frt', 'dra'];
const GPR_X: readonly OperandKind[] = ['rt', 'ra0', 'rb'];
const GPR_XU: readonly OperandKind[] = ['rt', 'ra', 'rb'];
const FPR_X: readonly OperandKind[] = ['frt', 'ra0', 'rb'];
const FPR_XU: readonly OperandKind[] = ['frt', 'ra', 'rb'];
const VR_X: readonly OperandKind[] = ['vrt', 'ra0', 'rb'];

/** lwarx's optional EH hint (bit 31): objdump appends ",1" when it is set. */
function lwarxFormat(w: number): string | undefined {
  if ((w & 1) === 0) return undefined;
  const ra = F.ra(w) === 0 ? '0' : `r${F.ra(w)}`;
  // objdump pads the mnemonic to 7 columns (see disasm.ts).
  return `${'lwarx'.padEnd(7)} r${F.rt(w)},${ra},r${F.rb(w)},1`;
}

const stwcx = X0(31, 150);

export const loadstore: InsnDef[] = [
  // D-form integer loads and stores (opcodes 32–47).
  def('lwz', D(32), GPR_D, 'load', LOAD),
  def('lwzu', D(33), GPR_DU, 'load', LOAD, loadUpdateInvalid),
  def('lbz', D(34), GPR_D, 'load', LOAD),
  def('lbzu', D(35), GPR_DU, 'load', LOAD, loadUpdateInvalid),
  def('stw', D(36), GPR_D, 'store', STORE),
  def('stwu', D(37), GPR_DU, 'store', STORE, updateRa0Invalid),
  def('stb', D(38), GPR_D, 'store', STORE),
  def('stbu', D(39), GPR_DU, 'store', STORE, updateRa0Invalid),
  def('lhz', D(40), GPR_D, 'load', LOAD),
  def('lhzu', D(41), GPR_DU, 'load', LOAD, loadUpdateInvalid),
  def('lha', D(42), GPR_D, 'load', LOAD),
  def('lhau', D(43), GPR_DU, 'load', LOAD, loadUpdateInvalid),
  def('sth', D(44), GPR_D, 'store', STORE),
  def('sthu', D(45), GPR_DU, 'store', STORE, updateRa0Invalid),
  def('lmw', D(46), GPR_D, 'load', LOAD, lmwInvalid),
  def('stmw', D(47), GPR_D, 'store', STORE),
  // D-form floating-point loads and stores (opcodes 48–55).
  def('lfs', D(48), FPR_D, 'fpload', LOAD),
  def('lfsu', D(49), FPR_DU, 'fpload', LOAD, updateRa0Invalid),
  def('lfd', D(50), FPR_D, 'fpload', LOAD),
  def('lfdu', D(51), FPR_DU, 'fpload', LOAD, updateRa0Invalid),
  def('stfs', D(52), FPR_D, 'fpstore', STORE),
  def('stfsu', D(53), FPR_DU, 'fpstore', STORE, updateRa0Invalid),
  def('stfd', D(54), FPR_D, 'fpstore', STORE),
  def('stfdu', D(55), FPR_DU, 'fpstore', STORE, updateRa0Invalid),

  // Opcode 31, X-form, in extended-opcode order. Bit 31 is reserved (must be 0) except in
  // lwarx (EH hint) and stwcx. (always 1).
  def('lvsl', X0(31, 6), VR_X, 'altivec', 0),
  def('lvebx', X0(31, 7), VR_X, 'load', LOAD),
  { ...def('lwarx', X(31, 20), GPR_X, 'load', LOAD), format: lwarxFormat },
  def('lwzx', X0(31, 23), GPR_X, 'load', LOAD),
  def('lvsr', X0(31, 38), VR_X, 'altivec', 0),
  def('lvehx', X0(31, 39), VR_X, 'load', LOAD),
  def('lwzux', X0(31, 55), GPR_XU, 'load', LOAD, loadUpdateInvalid),
  def('lvewx', X0(31, 71), VR_X, 'load', LOAD),
  def('lbzx', X0(31, 87), GPR_X, 'load', LOAD),
  def('lvx', X0(31, 103), VR_X, 'load', LOAD),
  def('lbzux', X0(31, 119), GPR_XU, 'load', LOAD, loadUpdateInvalid),
  def('stvebx', X0(31, 135), VR_X, 'store', STORE),
  def('stwcx.', { match: (stwcx.match | 1) >>> 0, mask: stwcx.mask }, GPR_X, 'store', STORE | Flag.WritesCR),
  def('stwx', X0(31, 151), GPR_X, 'store', STORE),
  def('stvehx', X0(31, 167), VR_X, 'store', STORE),
  def('stwux', X0(31, 183), GPR_XU, 'store', STORE, updateRa0Invalid),
  def('stvewx', X0(31, 199), VR_X, 'store', STORE),
  def('stbx', X0(31, 215), GPR_X, 'store', STORE),
  def('stvx', X0(31, 231), VR_X, 'store', STORE),
  def('stbux', X0(31, 247), GPR_XU, 'store', STORE, updateRa0Invalid),
  def('lhzx', X0(31, 279), GPR_X, 'load', LOAD),
  def('lhzux', X0(31, 311), GPR_XU, 'load', LOAD, loadUpdateInvalid),
  def('lhax', X0(31, 343), GPR_X, 'load', LOAD),
  def('lvxl', X0(31, 359), VR_X, 'load', LOAD),
  def('lhaux', X0(31, 375), GPR_XU, 'load', LOAD, loadUpdateInvalid),
  def('sthx', X0(31, 407), GPR_X, 'store', STORE),
  def('sthux', X0(31, 439), GPR_XU, 'store', STORE, updateRa0Invalid),
  def('stvxl', X0(31, 487), VR_X, 'store', STORE),
  def('lswx', X0(31, 533), GPR_X, 'load', LOAD, lswxInvalid),
  def('lwbrx', X0(31, 534), GPR_X, 'load', LOAD),
  def('lfsx', X0(31, 535), FPR_X, 'fpload', LOAD),
  def('lfsux', X0(31, 567), FPR_XU, 'fpload', LOAD, updateRa0Invalid),
  def('lswi', X0(31, 597), ['rt', 'ra0', 'nb'], 'load', LOAD, lswiInvalid),
  def('lfdx', X0(31, 599), FPR_X, 'fpload', LOAD),
  def('lfdux', X0(31, 631), FPR_XU, 'fpload', LOAD, updateRa0Invalid),
  def('stswx', X0(31, 661), GPR_X, 'store', STORE),
  def('stwbrx', X0(31, 662), GPR_X, 'store', STORE),
  def('stfsx', X0(31, 663), FPR_X, 'fpstore', STORE),
  def('stfsux', X0(31, 695), FPR_XU, 'fpstore', STORE, updateRa0Invalid),
  def('stswi', X0(31, 725), ['rt', 'ra0', 'nb'], 'store', STORE),
  def('stfdx', X0(31, 727), FPR_X, 'fpstore', STORE),
  def('stfdux', X0(31, 759), FPR_XU, 'fpstore', STORE, updateRa0Invalid),
  def('lhbrx', X0(31, 790), GPR_X, 'load', LOAD),
  def('sthbrx', X0(31, 918), GPR_X, 'store', STORE),
  def('stfiwx', X0(31, 983), FPR_X, 'fpstore', STORE),
];

// FP loads and stores are floating-point instructions (FP unavailable when MSR[FP] = 0);
// AltiVec loads and stores, lvsl/lvsr included, need the vector unit.
for (const entry of loadstore) {
  if (entry.family === 'fpload' || entry.family === 'fpstore') entry.feature = 'fpu';
  else if (entry.operands[0] === 'vrt') entry.feature = 'altivec';
}
