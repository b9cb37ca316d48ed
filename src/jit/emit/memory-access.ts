import { SOFT_TLB_ENTRIES } from '../../runtime/memory.js';
import type { EmitContext } from './context.js';

// The memory fast path in generated code. A guest load or store is one page-table (user
// mode) or soft-TLB (system mode) lookup and a typed-array access written inline, as QEMU's
// softmmu TLB fast path and Dolphin's fastmem do; everything else (unmapped or protected
// pages, MMIO, TLB misses, pages holding translated code, accesses crossing a page) calls the
// memory object's own accessor, so those cases behave exactly as without the fast path. The
// fast path only repeats the accessor's own first test (FlatMemory.check, SystemMemory.hit).
//
// Generated code is shared between guests (SharedBlocks) and templates between every engine
// of the process, so it never closes over a memory object: the block's prologue loads the
// arrays it needs from `m` (memoryPrologue).
//
// `ea` is always a side-effect-free int32 expression (a local, or a local plus a constant):
// it is evaluated more than once. Generated code names:
//   mProt  FlatMemory.prot (Prot bits by page)        mBytes  the memory's Uint8Array
//   mCode  codePages (pages holding translated code)  mView   the memory's DataView
//   rTag/rPage, wTag/wPage  SystemMemory's soft TLB for reads and writes: the EA page a slot
//   holds (-1: none) and the RAM page base it maps to.

/** How generated code reaches guest memory (a compile option; undefined: accessor calls only). */
export type { MemoryKind } from '../../runtime/memory.js';

/** The memory object's field each generated-code name is loaded from. */
const ARRAYS = {
  mProt: 'prot',
  mBytes: 'bytes',
  mView: 'dv',
  mCode: 'codePages',
  rTag: 'readTag',
  rPage: 'readPage',
  wTag: 'writeTag',
  wPage: 'writePage',
} as const;
type ArrayName = keyof typeof ARRAYS;

// FlatMemory's Prot bits (flat-memory.ts), written as literals into generated code.
const PROT_READ = 1;
const PROT_WRITE = 2;

export type LoadKind = 'u8' | 'u16' | 's16' | 'u32' | 'f64';
export type StoreKind = 'u8' | 'u16' | 'u32' | 'f64';

/** Per access: its size, the accessor the slow path calls and the typed-array access. */
const LOADS: Record<LoadKind, { size: number; slow: (ea: string) => string; fast: (at: string) => string }> = {
  u8: { size: 1, slow: (ea) => `m.r8(${ea})`, fast: (at) => `mBytes[${at}]` },
  u16: { size: 2, slow: (ea) => `m.r16(${ea})`, fast: (at) => `mView.getUint16(${at})` },
  s16: { size: 2, slow: (ea) => `m.r16s(${ea})`, fast: (at) => `mView.getInt16(${at})` },
  u32: { size: 4, slow: (ea) => `(m.r32(${ea}) | 0)`, fast: (at) => `mView.getInt32(${at})` },
  f64: { size: 8, slow: (ea) => `m.rf64(${ea})`, fast: (at) => `mView.getFloat64(${at})` },
};
const STORES: Record<
  StoreKind,
  { size: number; slow: (ea: string, v: string) => string; fast: (at: string, v: string) => string }
> = {
  u8: { size: 1, slow: (ea, v) => `m.w8(${ea}, ${v});`, fast: (at, v) => `mBytes[${at}] = ${v};` },
  u16: { size: 2, slow: (ea, v) => `m.w16(${ea}, ${v});`, fast: (at, v) => `mView.setUint16(${at}, ${v});` },
  u32: { size: 4, slow: (ea, v) => `m.w32(${ea}, ${v});`, fast: (at, v) => `mView.setInt32(${at}, ${v});` },
  f64: { size: 8, slow: (ea, v) => `m.wf64(${ea}, ${v});`, fast: (at, v) => `mView.setFloat64(${at}, ${v});` },
};

function use(c: EmitContext, ...names: ArrayName[]): void {
  for (const n of names) c.memoryArrays.add(n);
}

/** `(ea & 0xfff) <= 0x1000 - size`: the access stays within its page ('' for bytes). */
const withinPage = (ea: string, size: number) =>
  size === 1 ? '' : ` && (${ea} & 0xfff) <= 0x${(0x1000 - size).toString(16)}`;

/** TLB slot of `ea` and the RAM address it maps to (system mode). */
const slot = (ea: string) => `(${ea} >>> 12) & ${SOFT_TLB_ENTRIES - 1}`;
const tlbHit = (tag: string, ea: string) => `${tag}[${slot(ea)}] === ${ea} >>> 12`;
const tlbAddress = (page: string, ea: string) => `(${page}[${slot(ea)}] | (${ea} & 0xfff))`;

/** A JS expression: the value loaded from `ea` (as the accessor returns it). */
export function loadExpr(c: EmitContext, kind: LoadKind, ea: string): string {
  const { size, slow, fast } = LOADS[kind];
  if (c.memory === 'flat') {
    use(c, 'mProt', size === 1 ? 'mBytes' : 'mView');
    return `((mProt[${ea} >>> 12] & ${PROT_READ}) !== 0${withinPage(ea, size)} ? ${fast(`${ea} >>> 0`)} : ${slow(ea)})`;
  }
  if (c.memory === 'tlb') {
    use(c, 'rTag', 'rPage', size === 1 ? 'mBytes' : 'mView');
    return `(${tlbHit('rTag', ea)}${withinPage(ea, size)} ? ${fast(tlbAddress('rPage', ea))} : ${slow(ea)})`;
  }
  return slow(ea);
}

/**
 * A statement storing `value` (evaluated once) at `ea`. A store into a page with translated
 * code takes the accessor, which tells the engine to drop the page's blocks.
 */
export function storeCode(c: EmitContext, kind: StoreKind, ea: string, value: string): string {
  const { size, slow, fast } = STORES[kind];
  if (c.memory === 'flat') {
    use(c, 'mProt', 'mCode', size === 1 ? 'mBytes' : 'mView');
    // A store of 2+ bytes within one page checks one page's code flag, as FlatMemory.written.
    const cond = `(mProt[${ea} >>> 12] & ${PROT_WRITE}) !== 0 && mCode[${ea} >>> 12] === 0${withinPage(ea, size)}`;
    return `if (${cond}) ${fast(`${ea} >>> 0`, value)} else ${slow(ea, value)}`;
  }
  if (c.memory === 'tlb') {
    use(c, 'wTag', 'wPage', 'mCode', size === 1 ? 'mBytes' : 'mView');
    const cond = `${tlbHit('wTag', ea)}${withinPage(ea, size)} && mCode[wPage[${slot(ea)}] >>> 12] === 0`;
    return `if (${cond}) ${fast(tlbAddress('wPage', ea), value)} else ${slow(ea, value)}`;
  }
  return slow(ea, value);
}

/** The prologue line loading the arrays the emitted code used from `m` (none: no line). */
export function memoryPrologue(c: EmitContext): string[] {
  if (c.memoryArrays.size === 0) return [];
  const names = [...c.memoryArrays].sort() as ArrayName[];
  return [`const ${names.map((n) => `${n} = m.${ARRAYS[n]}`).join(', ')};`];
}
