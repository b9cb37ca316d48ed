import type { ElfSymbol } from './elf.js';

const STT_FUNC = 2;
const STT_NOTYPE = 0;

/** Address → "symbol+0xoffset" lookups over ELF function symbols or a System.map. */
export class SymbolTable {
  private readonly starts: number[];
  private readonly names: string[];
  private readonly sizes: number[];

  constructor(symbols: readonly { name: string; value: number; size: number }[]) {
    const sorted = [...symbols].sort((a, b) => a.value - b.value || b.size - a.size);
    this.starts = sorted.map((s) => s.value >>> 0);
    this.names = sorted.map((s) => s.name);
    this.sizes = sorted.map((s) => s.size);
  }

  static fromElf(symbols: readonly ElfSymbol[]): SymbolTable {
    return new SymbolTable(symbols.filter((s) => s.type === STT_FUNC || (s.type === STT_NOTYPE && s.value !== 0)));
  }

  /** Parses `nm`/System.map lines: "c0000000 T _stext". */
  static fromSystemMap(text: string): SymbolTable {
    const symbols: { name: string; value: number; size: number }[] = [];
    for (const line of text.split('\n')) {
      const m = /^([0-9a-fA-F]+)\s+([a-zA-Z])\s+(\S+)/.exec(line);
      if (m && 'tTwW'.includes(m[2])) symbols.push({ name: m[3], value: Number.parseInt(m[1], 16), size: 0 });
    }
    return new SymbolTable(symbols);
  }

  get size(): number {
    return this.starts.length;
  }

  /** The symbol containing `addr` (the nearest one below when sizes are unknown). */
  find(addr: number): { name: string; start: number } | undefined {
    addr >>>= 0;
    let lo = 0;
    let hi = this.starts.length - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= addr) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return undefined;
    const size = this.sizes[best];
    if (size !== 0 && addr >= this.starts[best] + size) return undefined;
    return { name: this.names[best], start: this.starts[best] };
  }

  describe(addr: number): string {
    const sym = this.find(addr);
    if (!sym) return `0x${(addr >>> 0).toString(16)}`;
    const off = (addr >>> 0) - sym.start;
    return off === 0 ? sym.name : `${sym.name}+0x${off.toString(16)}`;
  }
}
