import * as F from '../../decoder/fields.js';
import { R } from '../../runtime/cpu-state.js';
import type { EmitContext, Emitter } from './context.js';
import { loadExpr, storeCode } from './memory-access.js';

// Loads and stores. Memory is big-endian through `m` (GuestMemory), which throws GuestFault
// (memory-access.ts inlines the common case and calls `m`'s accessor for the rest); every
// entry that touches memory carries Flag.CanFault so the block delivers the fault at this
// instruction's PC. Registers change only after the access succeeded: loads assign the
// value returned by `m`, update forms write RA after the access, so a faulting instruction
// leaves the block's registers as they were (lmw/stmw/string ops may have moved some words
// first, which the architecture allows for an interrupted multiple/string access).
//
// Invalid forms (the table prints them as `.long`, as objdump does) execute as the MPC7450
// does, following the Freescale cores' documented choices (e.g. e200z3 RM Table 3-10), since
// the MPC7450 RM leaves them "boundedly undefined":
// - load with update and RA = RT: the loaded value wins (RT written after RA);
// - load/store with update and RA = 0: EA = (r0) + d and r0 receives the EA;
// - lmw with RA in the loaded range, lswi/lswx overlapping RA or RB: EA is computed once up
//   front, then every register is loaded in order (RA included).
// qemu-ppc 7.2 instead raises SIGILL for the update forms with RA = 0 / RA = RT and for lswi
// whose range covers RA (translate.c gen_lswi); lmw and lswx execute there as here. The
// differential tester must not compare those words.
//
// lmw/stmw with an EA that is not word-aligned execute (the MPC7450 takes an alignment
// interrupt and Linux emulates the access, so user code sees it work; qemu-ppc runs them).
// lwarx/stwcx. with an unaligned EA raise the alignment interrupt (SIGBUS in Linux; qemu-ppc
// agrees).

const { rt, ra, rb } = F;

/** EA of a D-form access: (RA|0) + d. */
const eaD = (w: number, c: EmitContext) => `(${c.gpr0(ra(w))} + ${c.field('si', w)}) | 0`;
/** EA of an X-form access: (RA|0) + (RB). */
const eaX = (w: number, c: EmitContext) => `(${c.gpr0(ra(w))} + ${c.gpr(rb(w))}) | 0`;
/** EA of an update form: (RA) + d or (RA) + (RB), RA = 0 meaning r0 (invalid form). */
const eaDU = (w: number, c: EmitContext) => `(${c.gpr(ra(w))} + ${c.field('si', w)}) | 0`;
const eaXU = (w: number, c: EmitContext) => `(${c.gpr(ra(w))} + ${c.gpr(rb(w))}) | 0`;

type EaFn = (w: number, c: EmitContext) => string;
/** Reads memory at `ea` (a local name) and returns a JS expression. */
type Read = (c: EmitContext, ea: string) => string;
/** Code that writes `value` at `ea`. */
type Write = (c: EmitContext, ea: string, value: string) => string;

const bswap32 = (x: string) => `((${x} << 24) | ((${x} & 0xff00) << 8) | ((${x} >>> 8) & 0xff00) | (${x} >>> 24))`;
const bswap16 = (x: string) => `(((${x} & 0xff) << 8) | ((${x} >>> 8) & 0xff))`;

// lfs/stfs convert between single and double bit-exactly (float-bits.ts), which DataView's
// float32 accessors do not (they round and quiet NaNs): they always call the accessor.
const read = {
  u8: (c: EmitContext, ea: string) => loadExpr(c, 'u8', ea),
  u16: (c: EmitContext, ea: string) => loadExpr(c, 'u16', ea),
  s16: (c: EmitContext, ea: string) => loadExpr(c, 's16', ea),
  u32: (c: EmitContext, ea: string) => loadExpr(c, 'u32', ea),
  f32: (_c: EmitContext, ea: string) => `m.rf32(${ea})`,
  f64: (c: EmitContext, ea: string) => loadExpr(c, 'f64', ea),
} satisfies Record<string, Read>;

const write = {
  u8: (c: EmitContext, ea: string, v: string) => storeCode(c, 'u8', ea, `${v} & 0xff`),
  u16: (c: EmitContext, ea: string, v: string) => storeCode(c, 'u16', ea, `${v} & 0xffff`),
  u32: (c: EmitContext, ea: string, v: string) => storeCode(c, 'u32', ea, v),
  u16r: (c: EmitContext, ea: string, v: string) => storeCode(c, 'u16', ea, bswap16(v)),
  u32r: (c: EmitContext, ea: string, v: string) => storeCode(c, 'u32', ea, `${bswap32(v)} | 0`),
  f32: (_c: EmitContext, ea: string, v: string) => `m.wf32(${ea}, ${v});`,
  f64: (c: EmitContext, ea: string, v: string) => storeCode(c, 'f64', ea, v),
  /** stfiwx: the low 32 bits of the FPR's bit pattern. */
  fiw: (c: EmitContext, ea: string, v: string) => storeCode(c, 'u32', ea, `rt.fprLowWord(${v})`),
} satisfies Record<string, Write>;

type Target = 'gpr' | 'fpr';
const setTarget = (c: EmitContext, kind: Target, n: number) => (kind === 'gpr' ? c.setGpr(n) : c.setFpr(n));
const getSource = (c: EmitContext, kind: Target, n: number) => (kind === 'gpr' ? c.gpr(n) : c.fpr(n));

/** Load into RT/FRT; update forms then write the EA to RA, with RT written last (RA = RT invalid form). */
const load =
  (ea: EaFn, r: Read, kind: Target = 'gpr', update = false): Emitter =>
  (w, c) => {
    const at = c.tmp();
    if (!update) return `${at} = ${ea(w, c)}; ${setTarget(c, kind, rt(w))} = ${r(c, at)};`;
    const value = c.tmp();
    return `${at} = ${ea(w, c)}; ${value} = ${r(c, at)}; ${c.setGpr(ra(w))} = ${at}; ${setTarget(c, kind, rt(w))} = ${value};`;
  };

/** Store RS/FRS; update forms write the EA to RA after the store. */
const store =
  (ea: EaFn, wr: Write, kind: Target = 'gpr', update = false): Emitter =>
  (w, c) => {
    const at = c.tmp();
    const code = `${at} = ${ea(w, c)}; ${wr(c, at, getSource(c, kind, rt(w)))}`;
    return update ? `${code} ${c.setGpr(ra(w))} = ${at};` : code;
  };

/** Load/store forms for one access width: D, D-update, X, X-update. */
const loads = (r: Read, kind: Target = 'gpr') => ({
  d: load(eaD, r, kind),
  du: load(eaDU, r, kind, true),
  x: load(eaX, r, kind),
  xu: load(eaXU, r, kind, true),
});
const stores = (wr: Write, kind: Target = 'gpr') => ({
  d: store(eaD, wr, kind),
  du: store(eaDU, wr, kind, true),
  x: store(eaX, wr, kind),
  xu: store(eaXU, wr, kind, true),
});

const lw = loads(read.u32);
const lb = loads(read.u8);
const lh = loads(read.u16);
const lha = loads(read.s16);
const sw = stores(write.u32);
const sb = stores(write.u8);
const sh = stores(write.u16);
const lfs = loads(read.f32, 'fpr');
const lfd = loads(read.f64, 'fpr');
const stfs = stores(write.f32, 'fpr');
const stfd = stores(write.f64, 'fpr');

/** lwbrx/lhbrx: the loaded value goes through a temporary so the swap reads memory once. */
const byteReversedLoad =
  (swap: (x: string) => string, reader: Read): Emitter =>
  (w, c) => {
    const at = c.tmp();
    const value = c.tmp();
    return `${at} = ${eaX(w, c)}; ${value} = ${reader(c, at)}; ${c.setGpr(rt(w))} = ${swap(value)} | 0;`;
  };

/** lmw: RT…r31 from consecutive words, unrolled (RT is a constant). */
const lmw: Emitter = (w, c) => {
  const at = c.tmp();
  const lines = [`${at} = ${eaD(w, c)};`];
  for (let n = rt(w); n < 32; n++) lines.push(`${c.setGpr(n)} = ${read.u32(c, `((${at} + ${4 * (n - rt(w))}) | 0)`)};`);
  return lines.join(' ');
};

const stmw: Emitter = (w, c) => {
  const at = c.tmp();
  const lines = [`${at} = ${eaD(w, c)};`];
  for (let n = rt(w); n < 32; n++) lines.push(write.u32(c, `((${at} + ${4 * (n - rt(w))}) | 0)`, c.gpr(n)));
  return lines.join(' ');
};

/** Byte count of lswi/stswi: NB = 0 means 32. */
const immediateCount = (w: number) => rb(w) || 32;

/**
 * lswi: `count` bytes into RT, RT+1, … (wrapping r31 → r0), four per register, the last
 * one zero-padded. The helper returns the packed words; registers are assigned after it.
 */
const lswi: Emitter = (w, c) => {
  const at = c.tmp();
  const words = c.tmp();
  const count = immediateCount(w);
  const lines = [`${at} = ${c.gpr0(ra(w))}; ${words} = rt.loadString(m, ${at}, ${count});`];
  for (let k = 0; 4 * k < count; k++) lines.push(`${c.setGpr((rt(w) + k) & 31)} = ${words}[${k}];`);
  return lines.join(' ');
};

/** lswx: the byte count is XER[25–31], known only at run time; registers beyond it keep their value. */
const lswx: Emitter = (w, c) => {
  const at = c.tmp();
  const count = c.tmp();
  const words = c.tmp();
  const lines = [
    `${at} = ${eaX(w, c)}; ${count} = ${c.reg('xer_rest')} & 0x7f;`,
    `${words} = rt.loadString(m, ${at}, ${count});`,
  ];
  for (let k = 0; k < 32; k++) lines.push(`if (${count} > ${4 * k}) ${c.setGpr((rt(w) + k) & 31)} = ${words}[${k}];`);
  return lines.join(' ');
};

/** Registers RS, RS+1, … (wrapping), enough for `count` bytes, as a JS array literal. */
const sourceRegs = (w: number, c: EmitContext, count: number) => {
  const regs: string[] = [];
  for (let k = 0; 4 * k < count; k++) regs.push(c.gpr((rt(w) + k) & 31));
  return `[${regs.join(', ')}]`;
};

const stswi: Emitter = (w, c) => {
  const count = immediateCount(w);
  return `rt.storeString(m, ${c.gpr0(ra(w))}, ${count}, ${sourceRegs(w, c, count)});`;
};

const stswx: Emitter = (w, c) => {
  const at = c.tmp();
  return `${at} = ${eaX(w, c)}; rt.storeString(m, ${at}, ${c.reg('xer_rest')} & 0x7f, ${sourceRegs(w, c, 128)});`;
};

const RESV_ADDR = `s.r[${R.RESV_ADDR}]`;
const RESV_VALID = `s.r[${R.RESV_VALID}]`;

/** lwarx: word load that sets the reservation. */
const lwarx: Emitter = (w, c) => {
  const at = c.tmp();
  const value = c.tmp();
  return [
    `${at} = ${eaX(w, c)};`,
    `if ((${at} & 3) !== 0) rt.alignmentFault(${at}, false);`,
    `${value} = ${read.u32(c, at)};`,
    `${RESV_ADDR} = ${at}; ${RESV_VALID} = 1;`,
    `${c.setGpr(rt(w))} = ${value};`,
  ].join(' ');
};

/**
 * stwcx.: stores only while a reservation for the same address exists; CR0 = EQ on success,
 * plus XER[SO]. The reservation is cleared either way. (qemu-ppc additionally fails when the
 * word changed since lwarx — its cmpxchg — which a single-CPU G4 does not.)
 */
const stwcx: Emitter = (w, c) => {
  const at = c.tmp();
  const ok = c.tmp();
  const cr = c.setReg('cr');
  return [
    `${at} = ${eaX(w, c)};`,
    `if ((${at} & 3) !== 0) rt.alignmentFault(${at}, true);`,
    `${ok} = ${RESV_VALID} !== 0 && ${RESV_ADDR} === ${at} ? 1 : 0;`,
    `if (${ok}) { ${write.u32(c, at, c.gpr(rt(w)))} }`,
    `${RESV_VALID} = 0;`,
    `${cr} = (${cr} & 0x0fffffff) | (${ok} << 29) | (${c.reg('so')} << 28);`,
  ].join(' ');
};

// AltiVec. VRn is s.vr[4n … 4n+3], most significant word first.
const vr = (n: number, i: number | string) => (typeof i === 'number' ? `s.vr[${4 * n + i}]` : `s.vr[${4 * n} + ${i}]`);

/** lvx/lvxl: 16 bytes from EA & ~15 (never crosses a page, so the first access is the one that faults). */
const lvx: Emitter = (w, c) => {
  const at = c.tmp();
  const lines = [`${at} = (${eaX(w, c)}) & ~15;`];
  for (let i = 0; i < 4; i++) lines.push(`${vr(rt(w), i)} = ${read.u32(c, `((${at} + ${4 * i}) | 0)`)};`);
  return lines.join(' ');
};

const stvx: Emitter = (w, c) => {
  const at = c.tmp();
  const lines = [`${at} = (${eaX(w, c)}) & ~15;`];
  for (let i = 0; i < 4; i++) lines.push(write.u32(c, `((${at} + ${4 * i}) | 0)`, vr(rt(w), i)));
  return lines.join(' ');
};

/**
 * lve{b,h,w}x: one element into the byte position EA & 15 of VD; the other elements are
 * undefined in the architecture and left unchanged here (as qemu-ppc does).
 */
const lve =
  (size: 1 | 2 | 4): Emitter =>
  (w, c) => {
    const at = c.tmp();
    const index = c.tmp();
    const shift = c.tmp();
    const value = c.tmp();
    const align = size === 1 ? '' : ` & ~${size - 1}`;
    const mask = size === 1 ? 0xff : size === 2 ? 0xffff : -1;
    const reader = size === 1 ? read.u8 : size === 2 ? read.u16 : read.u32;
    return [
      `${at} = (${eaX(w, c)})${align};`,
      `${value} = ${reader(c, at)};`,
      `${index} = (${at} >>> 2) & 3; ${shift} = (${4 - size} - (${at} & 3)) << 3;`,
      size === 4
        ? `${vr(rt(w), index)} = ${value};`
        : `${vr(rt(w), index)} = (${vr(rt(w), index)} & ~(${mask} << ${shift})) | (${value} << ${shift});`,
    ].join(' ');
  };

const stve =
  (size: 1 | 2 | 4): Emitter =>
  (w, c) => {
    const at = c.tmp();
    const element = `${vr(rt(w), `((${at} >>> 2) & 3)`)}`;
    const shifted = `(${element} >>> ((${4 - size} - (${at} & 3)) << 3))`;
    const align = size === 1 ? '' : ` & ~${size - 1}`;
    const code =
      size === 1 ? write.u8(c, at, shifted) : size === 2 ? write.u16(c, at, shifted) : write.u32(c, at, element);
    return `${at} = (${eaX(w, c)})${align}; ${code}`;
  };

/**
 * lvsl/lvsr: the permute control vector for EA & 15 (no memory access). Byte i of lvsl is
 * sh + i; of lvsr, 16 - sh + i. Each word is four consecutive byte values.
 */
const permuteControl =
  (right: boolean): Emitter =>
  (w, c) => {
    const sh = c.tmp();
    const lines = [`${sh} = (${eaX(w, c)}) & 15;`];
    const first = right ? `(16 - ${sh})` : sh;
    for (let i = 0; i < 4; i++) lines.push(`${vr(rt(w), i)} = ((${first} + ${4 * i}) * 0x01010101 + 0x00010203) | 0;`);
    return lines.join(' ');
  };

export const loadstoreEmitters: Record<string, Emitter> = {
  lwz: lw.d,
  lwzu: lw.du,
  lwzx: lw.x,
  lwzux: lw.xu,
  lbz: lb.d,
  lbzu: lb.du,
  lbzx: lb.x,
  lbzux: lb.xu,
  lhz: lh.d,
  lhzu: lh.du,
  lhzx: lh.x,
  lhzux: lh.xu,
  lha: lha.d,
  lhau: lha.du,
  lhax: lha.x,
  lhaux: lha.xu,
  stw: sw.d,
  stwu: sw.du,
  stwx: sw.x,
  stwux: sw.xu,
  stb: sb.d,
  stbu: sb.du,
  stbx: sb.x,
  stbux: sb.xu,
  sth: sh.d,
  sthu: sh.du,
  sthx: sh.x,
  sthux: sh.xu,
  lmw,
  stmw,
  lfs: lfs.d,
  lfsu: lfs.du,
  lfsx: lfs.x,
  lfsux: lfs.xu,
  lfd: lfd.d,
  lfdu: lfd.du,
  lfdx: lfd.x,
  lfdux: lfd.xu,
  stfs: stfs.d,
  stfsu: stfs.du,
  stfsx: stfs.x,
  stfsux: stfs.xu,
  stfd: stfd.d,
  stfdu: stfd.du,
  stfdx: stfd.x,
  stfdux: stfd.xu,
  stfiwx: store(eaX, write.fiw, 'fpr'),
  lwbrx: byteReversedLoad(bswap32, read.u32),
  lhbrx: byteReversedLoad(bswap16, read.u16),
  stwbrx: store(eaX, write.u32r),
  sthbrx: store(eaX, write.u16r),
  lswi,
  lswx,
  stswi,
  stswx,
  lwarx,
  'stwcx.': stwcx,
  lvx,
  lvxl: lvx,
  stvx,
  stvxl: stvx,
  lvebx: lve(1),
  lvehx: lve(2),
  lvewx: lve(4),
  stvebx: stve(1),
  stvehx: stve(2),
  stvewx: stve(4),
  lvsl: permuteControl(false),
  lvsr: permuteControl(true),
};
