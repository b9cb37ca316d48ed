import { type FlatMemory, PAGE_SIZE, Prot } from '../../runtime/flat-memory.js';
import { Errno, SyscallError } from './abi.js';

export const pageUp = (n: number) => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
export const pageDown = (n: number) => Math.floor(n / PAGE_SIZE) * PAGE_SIZE;

/**
 * The process's virtual memory layout below 4 GiB:
 *
 *   0x10000000…   ELF segments, then the brk heap (grows up)
 *   0x40000000…   mmap area (first fit, page granular) up to MMAP_END
 *   STACK_GUARD   one unmapped gap so runaway recursion faults (SIGSEGV)
 *   STACK_BOTTOM…STACK_TOP  the main stack (8 MiB, RW)
 *   TRAMPOLINE    one R+X page with the rt_sigreturn trampoline (our "vDSO")
 *
 * Fresh pages read as zero: the flat buffer starts zeroed and unmapping zeroes the range.
 */
export const MMAP_BASE = 0x40000000;
export const STACK_TOP = 0x7fff0000;
export const STACK_SIZE = 8 << 20;
export const STACK_BOTTOM = STACK_TOP - STACK_SIZE;
/** mmap never hands out memory within 16 MiB below the stack: that gap is the guard. */
export const MMAP_END = STACK_BOTTOM - (16 << 20);
export const TRAMPOLINE = 0x7fff0000;

/** What /proc/self/maps names a range by: the file it was loaded or mapped from, or `[stack]`. */
export interface MapLabel {
  start: number;
  end: number;
  name: string;
  /** File offset of `start` (0 for a name that is no file). */
  offset: number;
  /** A host file (its device and inode are shown). */
  isFile: boolean;
}

/** Removes [start, end) from a sorted range list, splitting the ranges it cuts. */
function cut<T extends { start: number; end: number }>(
  list: T[],
  start: number,
  end: number,
  shift: (r: T, by: number) => T,
) {
  const kept: T[] = [];
  for (const r of list) {
    if (r.end <= start || r.start >= end) kept.push(r);
    else {
      if (r.start < start) kept.push({ ...r, end: start });
      if (r.end > end) kept.push(shift({ ...r, start: end }, end - r.start));
    }
  }
  list.length = 0;
  list.push(...kept);
}

/**
 * The memory all guest processes of a run may hold through mmap/brk (`ppcjit run --max-memory`):
 * beyond it mmap and mremap fail with ENOMEM and brk leaves the break where it was, as under an
 * RLIMIT_AS, instead of the host running out of memory.
 */
export interface MemoryBudget {
  limitBytes: number;
  /** Bytes every live process's mmap regions and heap take now. */
  inUse(): number;
}

export class AddressSpace {
  /** Set by the kernel the process joins (Kernel.register). */
  budget: MemoryBudget | undefined;
  /** Mapped regions of the mmap area, sorted by start: [start, end) with their protections. */
  private readonly regions: { start: number; end: number }[] = [];
  /** Names of mapped ranges, sorted by start (/proc/self/maps). */
  private readonly labels: MapLabel[] = [];
  brkStart = 0;
  brk = 0;

  constructor(readonly mem: FlatMemory) {}

  /** Called by the loader: the heap starts at the page after the highest segment. */
  setBrkStart(addr: number): void {
    this.brkStart = pageUp(addr);
    this.brk = this.brkStart;
  }

  /** brk(2): returns the new break (the old one when the request is refused). */
  setBrk(requested: number): number {
    requested >>>= 0;
    if (requested === 0 || requested < this.brkStart) return this.brk;
    if (requested >= MMAP_BASE || this.overlapsMmap(this.brkStart, pageUp(requested))) return this.brk;
    const oldTop = pageUp(this.brk);
    const newTop = pageUp(requested);
    if (newTop > oldTop && !this.mayGrow(newTop - oldTop)) return this.brk;
    if (newTop > oldTop) this.mem.map(oldTop, newTop - oldTop, Prot.RW);
    else if (newTop < oldTop) this.unmapRange(newTop, oldTop - newTop);
    // Bytes between the old and new break inside one page must read as zero when regrown.
    if (requested < this.brk) this.mem.bytes.fill(0, requested, Math.min(this.brk, newTop));
    this.brk = requested;
    return this.brk;
  }

  private overlapsMmap(start: number, end: number): boolean {
    return this.regions.some((r) => r.start < end && start < r.end);
  }

  /** Finds `length` free bytes (page multiple) in the mmap area, first fit. */
  findFree(length: number): number | undefined {
    let candidate = MMAP_BASE;
    for (const r of this.regions) {
      if (r.start - candidate >= length) break;
      candidate = Math.max(candidate, r.end);
    }
    return candidate + length <= MMAP_END ? candidate : undefined;
  }

  /** Bytes of mmap regions and heap (what the memory budget counts). */
  mappedBytes(): number {
    let n = pageUp(this.brk) - this.brkStart;
    for (const r of this.regions) n += r.end - r.start;
    return n;
  }

  /** Would `bytes` more stay within the budget? */
  mayGrow(bytes: number): boolean {
    return !this.budget || this.budget.inUse() + bytes <= this.budget.limitBytes;
  }

  /**
   * Records [start, start+length) as mapped with `prot` (removing any overlap first); ENOMEM
   * when the new part would pass the memory budget.
   */
  mapFixed(start: number, length: number, prot: number): void {
    let overlap = 0;
    for (const r of this.regions) overlap += Math.max(0, Math.min(r.end, start + length) - Math.max(r.start, start));
    if (!this.mayGrow(length - overlap)) throw new SyscallError(Errno.ENOMEM);
    this.forget(start, start + length);
    this.unlabel(start, start + length);
    this.regions.push({ start, end: start + length });
    this.regions.sort((a, b) => a.start - b.start);
    this.unmapRange(start, length); // MAP_FIXED over old pages: they read as zero again
    this.mem.map(start, length, prot);
  }

  /** munmap: unmaps and zeroes any pages in the range. */
  unmap(start: number, length: number): void {
    this.forget(start, start + length);
    this.unlabel(start, start + length);
    this.unmapRange(start, length);
  }

  private unmapRange(start: number, length: number): void {
    // Zero only pages that were mapped: untouched pages are zero and need no commit.
    for (let a = start; a < start + length; a += PAGE_SIZE) {
      if (this.mem.prot[a >>> 12] !== Prot.None) this.mem.bytes.fill(0, a, a + PAGE_SIZE);
    }
    this.mem.map(start, length, Prot.None);
  }

  /** Removes [start, end) from the region list, splitting regions it cuts. */
  private forget(start: number, end: number): void {
    cut(this.regions, start, end, (r) => r);
  }

  private unlabel(start: number, end: number): void {
    cut(this.labels, start, end, (l, by) => ({ ...l, offset: l.offset + by }));
  }

  /** Names [start, end) for /proc/self/maps (a file with the offset of `start`, or `[stack]`). */
  label(start: number, end: number, name: string, offset: number, isFile: boolean): void {
    this.unlabel(start, end);
    this.labels.push({ start, end, name, offset, isFile });
    this.labels.sort((a, b) => a.start - b.start);
  }

  /** The label covering `addr`, if any. */
  labelAt(addr: number): MapLabel | undefined {
    return this.labels.find((l) => l.start <= addr && addr < l.end);
  }

  /** Is `addr` inside an mmap region (mapped even when PROT_NONE)? */
  inRegion(addr: number): boolean {
    return this.regions.some((r) => r.start <= addr && addr < r.end);
  }

  /** Is [start, start+length) free of mappings (no region, no ELF/brk/stack page)? */
  isFree(start: number, length: number): boolean {
    if (start < 0x10000 || start + length > 2 ** 32) return false;
    for (let a = start; a < start + length; a += PAGE_SIZE) if (this.mem.prot[a >>> 12] !== Prot.None) return false;
    return !this.overlapsMmap(start, start + length) && !(start < pageUp(this.brk) && this.brkStart < start + length);
  }

  /** Merges the regions covering [start, end) into one (mremap grown in place). */
  join(start: number, end: number): void {
    this.forget(start, end);
    this.regions.push({ start, end });
    this.regions.sort((a, b) => a.start - b.start);
  }

  /** Is every page of [start, start+length) mapped (any protection, PROT_NONE mmap regions too)? */
  isMapped(start: number, length: number): boolean {
    for (let a = start; a < start + length; a += PAGE_SIZE) {
      if (this.mem.prot[a >>> 12] === Prot.None && !this.inRegion(a)) return false;
    }
    return true;
  }

  /** fork: the same layout (the pages themselves are copied by the caller). */
  copyFrom(parent: AddressSpace): void {
    this.regions.push(...parent.regions.map((r) => ({ ...r })));
    this.labels.push(...parent.labels.map((l) => ({ ...l })));
    this.brkStart = parent.brkStart;
    this.brk = parent.brk;
  }

  /** The region list (for tests and /proc/self/maps-like dumps). */
  mappings(): readonly { start: number; end: number }[] {
    return this.regions;
  }
}
