import { readFileSync } from 'node:fs';
import { disassemble } from '../decoder/disasm.js';
import { UserError } from '../errors.js';
import { isElf, parseElf, SHF_EXECINSTR } from '../machine/elf.js';
import { BufferedOut } from './output.js';

export function parseHexWord(text: string): number {
  const digits = text.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length > 8) {
    throw new UserError(`invalid hex word '${text}': expected 1 to 8 hex digits`);
  }
  if (digits.length % 2 !== 0) throw new UserError(`invalid hex word '${text}': odd number of hex digits`);
  return Number.parseInt(digits, 16) >>> 0;
}

export function parseAddress(text: string): number {
  const n = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || n > 0xffffffff) throw new UserError(`invalid address '${text}'`);
  return n >>> 0;
}

function line(out: BufferedOut, addr: number, w: number): void {
  out.line(`${addr.toString(16)}: ${w.toString(16).padStart(8, '0')} ${disassemble(w, addr)}`);
}

function disasmBytes(out: BufferedOut, bytes: Uint8Array, vma: number): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let o = 0; o + 4 <= bytes.length; o += 4) line(out, (vma + o) >>> 0, dv.getUint32(o, false));
}

export function runDisasm(args: { hex?: string[]; file?: string; vma?: string }): void {
  const out = new BufferedOut();
  const vma = args.vma === undefined ? undefined : parseAddress(args.vma);
  if (args.hex && args.hex.length > 0) {
    const words = args.hex.map(parseHexWord);
    words.forEach((w, i) => line(out, ((vma ?? 0) + i * 4) >>> 0, w));
  } else if (args.file) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(args.file);
    } catch (e) {
      throw new UserError(`cannot read '${args.file}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (isElf(bytes)) {
      const elf = parseElf(bytes, args.file);
      for (const s of elf.sections) {
        if (!(s.flags & SHF_EXECINSTR) || s.type === 8) continue;
        disasmBytes(out, bytes.subarray(s.offset, s.offset + s.size), (s.addr + (vma ?? 0)) >>> 0);
      }
    } else {
      disasmBytes(out, bytes, vma ?? 0);
    }
  } else {
    throw new UserError('disasm needs a FILE or --hex WORD...');
  }
  out.flush();
}
