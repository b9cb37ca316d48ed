/**
 * PowerPC registers in gdb's numbering and the target description that announces them. The
 * numbers are those of gdb's features/rs6000/power-core.xml, power-fpu.xml and
 * power-altivec.xml (regnum attributes: r0–r31 0–31, f0–f31 32–63, pc 64, msr 65, cr 66, lr 67,
 * ctr 68, xer 69, fpscr 70, then vr0–vr31 71–102, vscr 103, vrsave 104); the XML below is gdb's
 * own, which the protocol carries verbatim (QEMU's gdb-xml/ ships the same files). Values go out
 * big-endian, as QEMU's target/ppc/gdbstub.c sends them for a big-endian guest.
 */
import { type CpuState, R } from '../runtime/cpu-state.js';

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const GPR = 0;
const FPR = 32;
const PC = 64;
const MSR = 65;
const CR = 66;
const LR = 67;
const CTR = 68;
const XER = 69;
const FPSCR = 70;
const VR = 71;
const VSCR = 103;
const VRSAVE = 104;

const COPYRIGHT = (years: string) =>
  `<!-- Copyright (C) ${years} Free Software Foundation, Inc.

     Copying and distribution of this file, with or without modification,
     are permitted in any medium without royalty provided the copyright
     notice and this notice are preserved.  -->
`;

const regs = (prefix: string, count: number, attrs: string, first = '') =>
  Array.from({ length: count }, (_, i) => `  <reg name="${prefix}${i}" ${attrs}${i === 0 ? first : ''}/>`).join('\n');

/** gdb's gdb/features/rs6000/power-core.xml. */
const POWER_CORE = `<?xml version="1.0"?>
${COPYRIGHT('2007-2012')}
<!DOCTYPE feature SYSTEM "gdb-target.dtd">
<feature name="org.gnu.gdb.power.core">
${regs('r', 32, 'bitsize="32" type="uint32"')}

  <reg name="pc" bitsize="32" type="code_ptr" regnum="64"/>
  <reg name="msr" bitsize="32" type="uint32"/>
  <reg name="cr" bitsize="32" type="uint32"/>
  <reg name="lr" bitsize="32" type="code_ptr"/>
  <reg name="ctr" bitsize="32" type="uint32"/>
  <reg name="xer" bitsize="32" type="uint32"/>
</feature>
`;

/** gdb's gdb/features/rs6000/power-fpu.xml. */
const POWER_FPU = `<?xml version="1.0"?>
${COPYRIGHT('2007, 2008, 2009')}
<!DOCTYPE feature SYSTEM "gdb-target.dtd">
<feature name="org.gnu.gdb.power.fpu">
${regs('f', 32, 'bitsize="64" type="ieee_double"', ' regnum="32"')}

  <reg name="fpscr" bitsize="32" group="float" regnum="70"/>
</feature>
`;

/** gdb's gdb/features/rs6000/power-altivec.xml. */
const POWER_ALTIVEC = `<?xml version="1.0"?>
${COPYRIGHT('2007, 2008, 2009')}
<!DOCTYPE feature SYSTEM "gdb-target.dtd">
<feature name="org.gnu.gdb.power.altivec">
  <vector id="v4f" type="ieee_single" count="4"/>
  <vector id="v4i32" type="int32" count="4"/>
  <vector id="v8i16" type="int16" count="8"/>
  <vector id="v16i8" type="int8" count="16"/>
  <union id="vec128">
    <field name="uint128" type="uint128"/>
    <field name="v4_float" type="v4f"/>
    <field name="v4_int32" type="v4i32"/>
    <field name="v8_int16" type="v8i16"/>
    <field name="v16_int8" type="v16i8"/>
  </union>

${regs('vr', 32, 'bitsize="128" type="vec128"')}

  <reg name="vscr" bitsize="32" group="vector"/>
  <reg name="vrsave" bitsize="32" group="vector"/>
</feature>
`;

/** The description of a 32-bit PowerPC with an FPU, and AltiVec when the model has it. */
export function ppcTargetXml(annex: string, altivec: boolean): string | undefined {
  switch (annex) {
    case 'target.xml':
      return [
        '<?xml version="1.0"?><!DOCTYPE target SYSTEM "gdb-target.dtd"><target>',
        '<architecture>powerpc:common</architecture>',
        '<xi:include href="power-core.xml"/><xi:include href="power-fpu.xml"/>',
        altivec ? '<xi:include href="power-altivec.xml"/>' : '',
        '</target>',
      ].join('');
    case 'power-core.xml':
      return POWER_CORE;
    case 'power-fpu.xml':
      return POWER_FPU;
    case 'power-altivec.xml':
      return altivec ? POWER_ALTIVEC : undefined;
    default:
      return undefined;
  }
}

/** Registers of the `g` packet: up to fpscr, or up to vrsave with AltiVec. */
export const ppcRegisterCount = (altivec: boolean) => (altivec ? VRSAVE + 1 : FPSCR + 1);

const u32 = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0);
  return b;
};
const readU32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0);

/** How a machine shows registers that differ from the CpuState slot (user mode's MSR). */
export interface PpcRegisterView {
  altivec: boolean;
  /** The MSR value to show (user mode shows QEMU's, whose CPU state has one; system mode the real one). */
  msr?: () => number;
}

/** Reads register `n` of `s` as gdb's big-endian bytes; undefined when the target lacks it. */
export function readPpcRegister(s: CpuState, n: number, view: PpcRegisterView): Uint8Array | undefined {
  if (n >= GPR && n < GPR + 32) return u32(s.gpr[n]);
  if (n >= FPR && n < FPR + 32) {
    const b = new Uint8Array(8);
    const i = n - FPR;
    // fprBits holds the double's bits in host order: low word at 2i on a little-endian host.
    const hi = HOST_LITTLE ? s.fprBits[2 * i + 1] : s.fprBits[2 * i];
    const lo = HOST_LITTLE ? s.fprBits[2 * i] : s.fprBits[2 * i + 1];
    const dv = new DataView(b.buffer);
    dv.setUint32(0, hi >>> 0);
    dv.setUint32(4, lo >>> 0);
    return b;
  }
  switch (n) {
    case PC:
      return u32(s.pc);
    case MSR:
      return u32(view.msr ? view.msr() : s.r[R.MSR]);
    case CR:
      return u32(s.r[R.CR]);
    case LR:
      return u32(s.r[R.LR]);
    case CTR:
      return u32(s.r[R.CTR]);
    case XER:
      return u32(s.xer);
    case FPSCR:
      return u32(s.r[R.FPSCR]);
  }
  if (!view.altivec) return undefined;
  if (n >= VR && n < VR + 32) {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    for (let k = 0; k < 4; k++) dv.setUint32(4 * k, s.vr[4 * (n - VR) + k] >>> 0);
    return b;
  }
  if (n === VSCR) return u32(s.r[R.VSCR]);
  if (n === VRSAVE) return u32(s.r[R.VRSAVE]);
  return undefined;
}

/** Writes register `n` from gdb's big-endian bytes; false for a register the target lacks. */
export function writePpcRegister(s: CpuState, n: number, bytes: Uint8Array, view: PpcRegisterView): boolean {
  const size = readPpcRegister(s, n, view)?.length;
  if (size === undefined || bytes.length !== size) return false;
  if (n >= FPR && n < FPR + 32) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, 8);
    const i = n - FPR;
    s.fprBits[HOST_LITTLE ? 2 * i + 1 : 2 * i] = dv.getUint32(0);
    s.fprBits[HOST_LITTLE ? 2 * i : 2 * i + 1] = dv.getUint32(4);
    return true;
  }
  if (n >= VR && n < VR + 32) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, 16);
    for (let k = 0; k < 4; k++) s.vr[4 * (n - VR) + k] = dv.getUint32(4 * k);
    return true;
  }
  const v = readU32(bytes);
  if (n < GPR + 32) s.gpr[n] = v;
  else if (n === PC) s.pc = v;
  else if (n === MSR) {
    // User mode shows a fixed MSR (view.msr); writes to it are ignored there, as the guest cannot change it.
    if (!view.msr) s.r[R.MSR] = v;
  } else if (n === CR) s.r[R.CR] = v;
  else if (n === LR) s.r[R.LR] = v;
  else if (n === CTR) s.r[R.CTR] = v;
  else if (n === XER) s.xer = v;
  else if (n === FPSCR) s.r[R.FPSCR] = v;
  else if (n === VSCR) s.r[R.VSCR] = v;
  else if (n === VRSAVE) s.r[R.VRSAVE] = v;
  return true;
}
