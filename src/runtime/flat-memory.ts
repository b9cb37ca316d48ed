import { doubleToSingleBits, singleBitsToDouble } from './float-bits.js';
import { FaultKind, GuestFault, type GuestMemory } from './memory.js';

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGES = 1 << (32 - PAGE_SHIFT);

export enum Prot {
  None = 0,
  Read = 1,
  Write = 2,
  Exec = 4,
  RW = 3,
  RWX = 7,
}

/**
 * A flat 4 GiB big-endian address space (user mode). The ArrayBuffer is committed lazily by
 * the OS, so only touched pages cost memory. Every access checks the page's protection;
 * stores to pages holding translated code call `onCodeWrite` so the JIT drops stale blocks.
 */
export class FlatMemory implements GuestMemory {
  readonly buffer = new ArrayBuffer(2 ** 32);
  readonly bytes = new Uint8Array(this.buffer);
  // bytes, dv, prot and codePages are read directly by generated code (jit/emit/memory-access.ts
  // repeats `check`'s first test and `written`'s code-page test inline, calling the accessor
  // for anything else): their meaning is part of that contract.
  readonly dv = new DataView(this.buffer);
  readonly prot = new Uint8Array(PAGES);
  /** Non-zero for pages with translated code. */
  readonly codePages = new Uint8Array(PAGES);
  onCodeWrite: (ea: number) => void = () => {};

  map(start: number, length: number, prot: number): void {
    const first = start >>> PAGE_SHIFT;
    const last = (start + length - 1) >>> PAGE_SHIFT;
    for (let p = first; p <= last; p++) this.prot[p] = prot;
  }

  private check(ea: number, size: number, need: number, write: boolean): void {
    if ((this.prot[ea >>> PAGE_SHIFT] & need) === 0) throw new GuestFault(FaultKind.Data, ea, write);
    if ((ea & (PAGE_SIZE - 1)) <= PAGE_SIZE - size) return; // within one page
    const end = (ea + size - 1) >>> 0;
    if (end < ea || (this.prot[end >>> PAGE_SHIFT] & need) === 0) throw new GuestFault(FaultKind.Data, end, write);
  }
  private written(ea: number, size: number): void {
    if (this.codePages[ea >>> PAGE_SHIFT] || this.codePages[((ea + size - 1) >>> 0) >>> PAGE_SHIFT]) {
      this.onCodeWrite(ea);
    }
  }

  r8(ea: number): number {
    ea >>>= 0;
    if ((this.prot[ea >>> PAGE_SHIFT] & Prot.Read) === 0) throw new GuestFault(FaultKind.Data, ea, false);
    return this.bytes[ea];
  }
  r16(ea: number): number {
    ea >>>= 0;
    this.check(ea, 2, Prot.Read, false);
    return this.dv.getUint16(ea, false);
  }
  r16s(ea: number): number {
    ea >>>= 0;
    this.check(ea, 2, Prot.Read, false);
    return this.dv.getInt16(ea, false);
  }
  r32(ea: number): number {
    ea >>>= 0;
    this.check(ea, 4, Prot.Read, false);
    return this.dv.getInt32(ea, false);
  }
  w8(ea: number, v: number): void {
    ea >>>= 0;
    if ((this.prot[ea >>> PAGE_SHIFT] & Prot.Write) === 0) throw new GuestFault(FaultKind.Data, ea, true);
    this.bytes[ea] = v;
    if (this.codePages[ea >>> PAGE_SHIFT]) this.onCodeWrite(ea);
  }
  w16(ea: number, v: number): void {
    ea >>>= 0;
    this.check(ea, 2, Prot.Write, true);
    this.dv.setUint16(ea, v, false);
    this.written(ea, 2);
  }
  w32(ea: number, v: number): void {
    ea >>>= 0;
    this.check(ea, 4, Prot.Write, true);
    this.dv.setInt32(ea, v, false);
    this.written(ea, 4);
  }
  rf64(ea: number): number {
    ea >>>= 0;
    this.check(ea, 8, Prot.Read, false);
    return this.dv.getFloat64(ea, false);
  }
  wf64(ea: number, v: number): void {
    ea >>>= 0;
    this.check(ea, 8, Prot.Write, true);
    this.dv.setFloat64(ea, v, false);
    this.written(ea, 8);
  }
  rf32(ea: number): number {
    ea >>>= 0;
    this.check(ea, 4, Prot.Read, false);
    // Not getFloat32: it quiets signalling NaNs (lfs keeps them).
    return singleBitsToDouble(this.dv.getInt32(ea, false));
  }
  wf32(ea: number, v: number): void {
    ea >>>= 0;
    this.check(ea, 4, Prot.Write, true);
    // Not setFloat32: it rounds and quiets NaNs (stfs truncates and keeps them).
    this.dv.setInt32(ea, doubleToSingleBits(v), false);
    this.written(ea, 4);
  }
  fetch(ea: number): number {
    ea >>>= 0;
    if ((this.prot[ea >>> PAGE_SHIFT] & Prot.Exec) === 0) throw new GuestFault(FaultKind.Instruction, ea, false);
    return this.dv.getInt32(ea, false);
  }
  /** Bulk copy into guest memory without protection checks (loaders). */
  load(ea: number, data: Uint8Array): void {
    this.bytes.set(data, ea >>> 0);
  }
}
