import { FlatMemory, PAGE_SHIFT, PAGE_SIZE, Prot } from '../../runtime/flat-memory.js';
import type { AddressSpace } from './address-space.js';

/**
 * Recycled 4 GiB guest memories. Every `new ArrayBuffer(2 ** 32)` counts as 4 GiB of external
 * memory to V8, which answers with a full garbage collection: a shell forking for every `$(…)`
 * spent ~60 ms per fork in the collector. A process that exits or execs gives its memory back
 * (zeroed where it held data), and fork/execve take one from here first.
 */
const pool: FlatMemory[] = [];
const POOL_LIMIT = 8;
const PAGES = 2 ** 32 / PAGE_SIZE;

/** Calls `visit(page)` for every page that may hold data: mapped, or inside an mmap region. */
export function forEachDataPage(mem: FlatMemory, as: AddressSpace, visit: (page: number) => void): void {
  // Four protection bytes at a time: most of the 2^20 pages are unmapped.
  const quads = new Uint32Array(mem.prot.buffer, mem.prot.byteOffset, PAGES / 4);
  for (let q = 0; q < quads.length; q++) {
    if (quads[q] === 0) continue;
    for (let page = 4 * q; page < 4 * q + 4; page++) if (mem.prot[page] !== Prot.None) visit(page);
  }
  // PROT_NONE pages inside mmap regions keep their bytes (an mprotect back must find them).
  for (const r of as.mappings()) {
    for (let a = r.start; a < r.end; a += PAGE_SIZE)
      if (mem.prot[a >>> PAGE_SHIFT] === Prot.None) visit(a >>> PAGE_SHIFT);
  }
}

const ZERO_PAGE = Buffer.alloc(PAGE_SIZE);

/** Is the page all zero? (a native compare; reading an untouched page commits no host memory) */
export function pageIsZero(mem: FlatMemory, page: number): boolean {
  return Buffer.from(mem.buffer, page * PAGE_SIZE, PAGE_SIZE).equals(ZERO_PAGE);
}

export function acquireMemory(): FlatMemory {
  return pool.pop() ?? new FlatMemory();
}

/** Gives back a memory no process uses any more: its data pages are zeroed, protections cleared. */
export function releaseMemory(mem: FlatMemory, as: AddressSpace): void {
  if (pool.length >= POOL_LIMIT) return;
  forEachDataPage(mem, as, (page) => {
    if (!pageIsZero(mem, page)) mem.bytes.fill(0, page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  });
  mem.prot.fill(Prot.None);
  mem.codePages.fill(0);
  mem.onCodeWrite = () => {};
  pool.push(mem);
}
