import { type CpuState, R } from '../../runtime/cpu-state.js';
import {
  doubleFromWords,
  doubleHighWord,
  doubleLowWord,
  doubleToSingleBits,
  singleBitsToDouble,
} from '../../runtime/float-bits.js';
import { MSR } from '../../runtime/interrupts.js';
import { FaultKind, GuestFault, type GuestMemory, SOFT_TLB_ENTRIES } from '../../runtime/memory.js';
import { Access, type PhysicalAccess, translate } from './mmu.js';

/** A memory-mapped device window. Offsets are relative to the region base; values big-endian. */
export interface MmioDevice {
  read(offset: number, size: 1 | 2 | 4): number;
  write(offset: number, size: 1 | 2 | 4, value: number): void;
}

interface Region {
  base: number;
  size: number;
  device: MmioDevice;
}

/** A DSI/ISI with the DSISR (data) or SRR1 (instruction) bits the interrupt reports. */
export class TranslationFault extends GuestFault {
  constructor(
    kind: FaultKind,
    address: number,
    isWrite: boolean,
    readonly bits: number,
  ) {
    super(kind, address, isWrite);
  }
}

const TLB_SIZE = SOFT_TLB_ENTRIES;
const INVALID = -1;

/**
 * Guest memory of a system machine: RAM from physical 0, MMIO regions, and translation through
 * the OEA MMU when MSR[IR]/[DR] are set. A direct-mapped soft TLB per access kind caches
 * EA page → RAM page; MMIO and unassigned pages always take the slow path. Flush it whenever
 * MSR[IR/DR/PR], a segment register, a BAT, SDR1 or a PTE (tlbie) changes.
 */
export class SystemMemory implements GuestMemory, PhysicalAccess {
  readonly ram: ArrayBuffer;
  readonly bytes: Uint8Array;
  /** Read by generated code with `bytes`, `codePages` and the TLB arrays (jit/emit/memory-access.ts). */
  readonly dv: DataView;
  private readonly regions: Region[] = [];
  /** Physical pages holding translated code (stores there invalidate blocks). */
  readonly codePages: Uint8Array;
  onCodeWrite: (pa: number) => void = () => {};
  /** Reads of unassigned physical addresses (QEMU returns 0 for them; counted for diagnostics). */
  unassignedAccesses = 0;

  private readonly tag = [new Int32Array(TLB_SIZE), new Int32Array(TLB_SIZE), new Int32Array(TLB_SIZE)];
  private readonly page = [new Int32Array(TLB_SIZE), new Int32Array(TLB_SIZE), new Int32Array(TLB_SIZE)];
  // The read and write TLBs as generated code sees them: slot (EA >>> 12) & (TLB_SIZE - 1)
  // holds EA >>> 12 (or INVALID) and the RAM address of that page. A hit there is what `hit`
  // tests; generated code then reads or writes `bytes`/`dv` itself (jit/emit/memory-access.ts).
  readonly readTag = this.tag[Access.Read];
  readonly readPage = this.page[Access.Read];
  readonly writeTag = this.tag[Access.Write];
  readonly writePage = this.page[Access.Write];

  /**
   * `ram`: a buffer to reuse (all zero, or `recycle()`d from a machine restored from the same
   * image); a new zeroed one by default.
   */
  constructor(
    readonly ramSize: number,
    private readonly s: CpuState,
    ram?: ArrayBuffer,
  ) {
    if (ram && ram.byteLength !== ramSize) throw new Error('reused RAM buffer has the wrong size');
    this.ram = ram ?? new ArrayBuffer(ramSize);
    this.bytes = new Uint8Array(this.ram);
    this.dv = new DataView(this.ram);
    this.codePages = new Uint8Array(ramSize >>> 12);
    this.flushTlb();
  }

  addRegion(base: number, size: number, device: MmioDevice): void {
    this.regions.push({ base: base >>> 0, size, device });
    this.flushTlb();
  }

  flushTlb(): void {
    for (const t of this.tag) t.fill(INVALID);
  }

  // ---- physical access (table walks, DMA-like device access, loaders) ----
  read32(pa: number): number {
    pa >>>= 0;
    if (pa + 4 <= this.ramSize) return this.dv.getInt32(pa, false);
    return this.physRead(pa, 4);
  }
  write32(pa: number, v: number): void {
    pa >>>= 0;
    if (pa + 4 <= this.ramSize) {
      this.dv.setInt32(pa, v, false);
      if (this.written) this.written[pa >>> 12] = 1;
    } else this.physWrite(pa, 4, v);
  }

  private region(pa: number): Region | undefined {
    for (const r of this.regions) if (pa - r.base >= 0 && pa - r.base < r.size) return r;
    return undefined;
  }
  private physRead(pa: number, size: 1 | 2 | 4): number {
    if (pa + size <= this.ramSize) {
      return size === 4 ? this.dv.getInt32(pa, false) : size === 2 ? this.dv.getUint16(pa, false) : this.bytes[pa];
    }
    const r = this.region(pa);
    if (r) return r.device.read(pa - r.base, size);
    this.unassignedAccesses++;
    return 0;
  }
  private physWrite(pa: number, size: 1 | 2 | 4, v: number): void {
    if (pa + size <= this.ramSize) {
      if (this.written) this.written[pa >>> 12] = 1;
      if (size === 4) this.dv.setInt32(pa, v, false);
      else if (size === 2) this.dv.setUint16(pa, v, false);
      else this.bytes[pa] = v;
      if (this.codePages[pa >>> 12]) this.onCodeWrite(pa);
      return;
    }
    const r = this.region(pa);
    if (r) r.device.write(pa - r.base, size, v);
    else this.unassignedAccesses++;
  }

  // ---- translation ----
  /** Physical address of `ea` for `access`; fills the soft TLB for RAM pages. */
  translate(ea: number, access: Access): number {
    ea >>>= 0;
    const msr = this.s.r[R.MSR];
    const relocate = access === Access.Execute ? msr & MSR.IR : msr & MSR.DR;
    let pa: number;
    let writable = true;
    if (!relocate) pa = ea;
    else {
      const t = translate(this.s, this, ea, access);
      if ('fault' in t) {
        throw new TranslationFault(
          access === Access.Execute ? FaultKind.Instruction : FaultKind.Data,
          ea,
          access === Access.Write,
          t.fault,
        );
      }
      pa = t.pa;
      writable = t.writable;
    }
    const pageBase = (pa & ~0xfff) >>> 0;
    if (access === Access.Write && this.written && pageBase < this.ramSize) this.written[pageBase >>> 12] = 1;
    if (pageBase + 0x1000 <= this.ramSize && (access !== Access.Write || writable)) {
      const i = (ea >>> 12) & (TLB_SIZE - 1);
      this.tag[access][i] = ea >>> 12;
      this.page[access][i] = pageBase;
    }
    return pa;
  }

  private slowRead(ea: number, size: 1 | 2 | 4): number {
    if ((ea & 0xfff) + size > 0x1000) {
      let v = 0;
      for (let k = 0; k < size; k++) v = (v << 8) | this.slowRead((ea + k) >>> 0, 1);
      return v;
    }
    return this.physRead(this.translate(ea, Access.Read), size);
  }
  private slowWrite(ea: number, size: 1 | 2 | 4, v: number): void {
    if ((ea & 0xfff) + size > 0x1000) {
      // Translate every byte first so a fault leaves memory untouched, then store.
      const pas = Array.from({ length: size }, (_, k) => this.translate((ea + k) >>> 0, Access.Write));
      pas.forEach((pa, k) => this.physWrite(pa, 1, (v >>> (8 * (size - 1 - k))) & 0xff));
      return;
    }
    this.physWrite(this.translate(ea, Access.Write), size, v);
  }

  private hit(access: Access, ea: number): number {
    const i = (ea >>> 12) & (TLB_SIZE - 1);
    return this.tag[access][i] === ea >>> 12 ? this.page[access][i] : INVALID;
  }

  r8(ea: number): number {
    ea >>>= 0;
    const p = this.hit(Access.Read, ea);
    return p !== INVALID ? this.bytes[p | (ea & 0xfff)] : this.slowRead(ea, 1) & 0xff;
  }
  r16(ea: number): number {
    ea >>>= 0;
    const p = this.hit(Access.Read, ea);
    if (p !== INVALID && (ea & 0xfff) <= 0xffe) return this.dv.getUint16(p | (ea & 0xfff), false);
    return this.slowRead(ea, 2) & 0xffff;
  }
  r16s(ea: number): number {
    return (this.r16(ea) << 16) >> 16;
  }
  r32(ea: number): number {
    ea >>>= 0;
    const p = this.hit(Access.Read, ea);
    if (p !== INVALID && (ea & 0xfff) <= 0xffc) return this.dv.getInt32(p | (ea & 0xfff), false);
    return this.slowRead(ea, 4) | 0;
  }
  w8(ea: number, v: number): void {
    ea >>>= 0;
    const p = this.hit(Access.Write, ea);
    if (p !== INVALID && !this.codePages[p >>> 12]) this.bytes[p | (ea & 0xfff)] = v;
    else this.slowWrite(ea, 1, v & 0xff);
  }
  w16(ea: number, v: number): void {
    ea >>>= 0;
    const p = this.hit(Access.Write, ea);
    if (p !== INVALID && (ea & 0xfff) <= 0xffe && !this.codePages[p >>> 12])
      this.dv.setUint16(p | (ea & 0xfff), v, false);
    else this.slowWrite(ea, 2, v & 0xffff);
  }
  w32(ea: number, v: number): void {
    ea >>>= 0;
    const p = this.hit(Access.Write, ea);
    if (p !== INVALID && (ea & 0xfff) <= 0xffc && !this.codePages[p >>> 12])
      this.dv.setInt32(p | (ea & 0xfff), v, false);
    else this.slowWrite(ea, 4, v | 0);
  }
  rf64(ea: number): number {
    ea >>>= 0;
    const hi = this.r32(ea);
    return doubleFromWords(hi, this.r32(ea + 4));
  }
  wf64(ea: number, v: number): void {
    const lo = doubleLowWord(v);
    const hi = doubleHighWord(v);
    // Translate both words before storing either, so a fault on the second stores nothing.
    this.translate(ea, Access.Write);
    this.translate((ea + 4) >>> 0, Access.Write);
    this.w32(ea, hi);
    this.w32(ea + 4, lo);
  }
  /** lfs: exact single → double widening (a signalling NaN stays signalling). */
  rf32(ea: number): number {
    return singleBitsToDouble(this.r32(ea));
  }
  /** stfs: the architecture's store-single conversion (no rounding, no NaN quieting). */
  wf32(ea: number, v: number): void {
    this.w32(ea, doubleToSingleBits(v));
  }
  fetch(ea: number): number {
    ea >>>= 0;
    const p = this.hit(Access.Execute, ea);
    if (p !== INVALID) return this.dv.getInt32(p | (ea & 0xfff), false);
    return this.physRead(this.translate(ea, Access.Execute), 4) | 0;
  }
  /** Physical page of the instruction at `ea` (the JIT's block key check). */
  codePage(ea: number): number {
    return this.translate(ea, Access.Execute) >>> 12;
  }

  /**
   * RAM for a snapshot: the indices of the 4 KiB pages holding any non-zero byte and their
   * contents back to back (all-zero pages are left out).
   */
  captureRamPages(): { pages: Uint32Array; data: Uint8Array } {
    const words = new Int32Array(this.ram, 0, this.ramSize >>> 2);
    const found: number[] = [];
    for (let page = 0, w = 0; w < words.length; page++, w += 1024) {
      for (let k = w; k < w + 1024; k++) {
        if (words[k] !== 0) {
          found.push(page);
          break;
        }
      }
    }
    const data = new Uint8Array(found.length * 4096);
    found.forEach((page, i) => data.set(this.bytes.subarray(page * 4096, page * 4096 + 4096), i * 4096));
    return { pages: Uint32Array.from(found), data };
  }

  /**
   * Restores RAM from `captureRamPages` output. Pages not listed must already be zero (a fresh
   * machine's RAM is). Cached translations go: the soft TLB is flushed.
   */
  restoreRamPages(pages: Uint32Array, data: Uint8Array): void {
    if (data.length !== pages.length * 4096) throw new Error('RAM pages and data differ in size');
    pages.forEach((page, i) => {
      if (page >= this.ramSize >>> 12) throw new Error(`RAM page ${page} lies beyond RAM`);
      this.bytes.set(data.subarray(i * 4096, i * 4096 + 4096), page * 4096);
    });
    this.flushTlb();
  }

  /** Copies bytes into RAM at a physical address (loaders); false when it does not fit. */
  load(pa: number, data: Uint8Array): boolean {
    if (pa < 0 || pa + data.length > this.ramSize) return false;
    this.bytes.set(data, pa);
    if (this.written) this.written.fill(1, pa >>> 12, (pa + data.length + 0xfff) >>> 12);
    return true;
  }

  /** Pages written since `trackWrites` (null: not tracked). */
  private written: Uint8Array | null = null;

  /**
   * From now on, remember which pages are written, so `pristinePage` can tell which still hold
   * the current image (a restored snapshot). Costs nothing per store: a page is marked when a
   * store to it is first translated into the soft TLB, or written on the slow path.
   */
  trackWrites(): void {
    this.written = new Uint8Array(this.ramSize >>> 12);
    this.flushTlb();
  }

  /**
   * This machine's RAM for the next guest restored from the same image: the pages written since
   * `trackWrites` are zeroed, so the buffer again holds only what every machine of that image
   * loads before tracking starts (and the restore overwrites). Saves allocating and
   * garbage-collecting a RAM-sized buffer per guest. The machine must not run afterwards.
   */
  recycle(): ArrayBuffer {
    if (!this.written) throw new Error('recycle() needs trackWrites()');
    for (let page = 0; page < this.written.length; page++) {
      if (this.written[page]) this.bytes.fill(0, page * 4096, page * 4096 + 4096);
    }
    this.written = null;
    return this.ram;
  }

  pristinePage(page: number): boolean {
    return this.written !== null && page < this.written.length && this.written[page] === 0;
  }
}
