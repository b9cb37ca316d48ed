// "Where is the guest": PC, LR and MSR with `<symbol+0xoff>` from the kernel's symbols, for the
// one-line diagnostics of `ppcjit boot` (timeout, hang, kernel crash, interrupt into the empty ROM).
import type { SymbolTable } from '../machine/symbols.js';
import { MSR } from '../runtime/interrupts.js';

/** A loaded segment: its physical load address, link (virtual) address and size in memory. */
export interface LoadSegment {
  paddr: number;
  vaddr: number;
  memsz: number;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/**
 * Turns guest addresses into symbol names. Symbols (ELF or System.map) are link addresses; an
 * address fetched with translation off (MSR[IR]=0) is physical, so it is mapped back first:
 * - inside a loaded segment's physical range: as loaded (a Linux kernel runs `prom_init` from
 *   its load address, 0x400000 for the shared pegasos2 kernel, linked at 0xc0000000);
 * - else, for an image linked away from its load address, below the image size: as the kernel
 *   relocated to physical 0 (arch/powerpc/kernel/head_book3s_32.S copies itself to 0 before
 *   turning the MMU on).
 */
export class GuestSymbolizer {
  constructor(
    private readonly symbols: SymbolTable | undefined,
    private readonly segments: readonly LoadSegment[] = [],
  ) {}

  /** The link address `addr` stands for (identity when translated). */
  linkAddress(addr: number, translated: boolean): number {
    addr >>>= 0;
    if (translated || this.segments.length === 0) return addr;
    for (const s of this.segments) {
      if (addr >= s.paddr && addr - s.paddr < s.memsz) return (addr - s.paddr + s.vaddr) >>> 0;
    }
    // Only an image linked away from where it was loaded can have relocated itself.
    if (this.segments.every((s) => s.vaddr === s.paddr)) return addr;
    const base = Math.min(...this.segments.map((s) => s.vaddr));
    const end = Math.max(...this.segments.map((s) => s.vaddr + s.memsz));
    return addr < end - base ? (addr + base) >>> 0 : addr;
  }

  /** `0xADDRESS` followed by ` <symbol+0xoff>` when a symbol covers it. */
  describe(addr: number, translated: boolean): string {
    const at = hex(addr);
    if (!this.symbols) return at;
    const link = this.linkAddress(addr, translated);
    const sym = this.symbols.find(link);
    if (!sym) return at;
    const off = link - sym.start;
    return `${at} <${sym.name}${off ? `+0x${off.toString(16)}` : ''}>`;
  }
}

/** MSR[IR]: instruction fetches (and so PC and LR values) are translated. */
export const translatedFetch = (msr: number) => (msr & MSR.IR) !== 0;

/** "pc 0x… <sym+0x…>, lr 0x… <sym+0x…>, msr 0x…" for a PC and LR seen under `msr`. */
export function describeLocation(where: { pc: number; lr: number; msr: number }, symbols: GuestSymbolizer): string {
  const translated = translatedFetch(where.msr);
  return `pc ${symbols.describe(where.pc, translated)}, lr ${symbols.describe(where.lr, translated)}, msr ${hex(where.msr)}`;
}
