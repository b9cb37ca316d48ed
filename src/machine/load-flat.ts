import type { FlatMemory } from '../runtime/flat-memory.js';
import { PAGE_SIZE, Prot } from '../runtime/flat-memory.js';
import { type Elf32, PT_LOAD } from './elf.js';

/**
 * Maps every PT_LOAD segment of a static ELF read-write-execute at its virtual address and copies
 * its file bytes (bss stays zero): the bare loader of benches and differential harnesses, which
 * run guests without the Linux user-mode machine.
 */
export function loadElfFlat(m: FlatMemory, elf: Elf32): void {
  for (const ph of elf.programHeaders) {
    if (ph.type !== PT_LOAD) continue;
    const start = ph.vaddr & ~(PAGE_SIZE - 1);
    m.map(start, ph.vaddr + ph.memsz - start, Prot.RWX);
    m.bytes.set(elf.bytes.subarray(ph.offset, ph.offset + ph.filesz), ph.vaddr);
  }
}
