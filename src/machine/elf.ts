import { UserError } from '../errors.js';

export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_GNU_STACK = 0x6474e551;
export const SHF_EXECINSTR = 4;
const SHT_SYMTAB = 2;
const EM_PPC = 20;

export interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  align: number;
}

export interface SectionHeader {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: number;
}

export interface Elf32 {
  type: number;
  entry: number;
  phoff: number;
  phentsize: number;
  programHeaders: ProgramHeader[];
  sections: SectionHeader[];
  symbols: ElfSymbol[];
  bytes: Uint8Array;
}

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/** Parses a 32-bit big-endian PowerPC ELF; every malformation is a one-line UserError. */
export function parseElf(bytes: Uint8Array, what = 'ELF file'): Elf32 {
  const fail = (why: string): never => {
    throw new UserError(`${what}: ${why}`);
  };
  if (!isElf(bytes)) fail('not an ELF file');
  if (bytes.length < 52) fail('truncated ELF header');
  if (bytes[4] !== 1) fail('not a 32-bit ELF (ELFCLASS32 expected)');
  if (bytes[5] !== 2) fail('not a big-endian ELF (ELFDATA2MSB expected)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, false);
  const u32 = (o: number) => dv.getUint32(o, false);
  const machine = u16(18);
  if (machine !== EM_PPC) fail(`not a 32-bit PowerPC ELF (e_machine ${machine})`);
  const inFile = (off: number, len: number, part: string) => {
    if (off + len > bytes.length || off < 0) fail(`truncated: ${part} lies past the end of the file`);
  };
  const phoff = u32(28);
  const shoff = u32(32);
  const phentsize = u16(42);
  const phnum = u16(44);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);

  const programHeaders: ProgramHeader[] = [];
  if (phnum > 0) {
    if (phentsize < 32) fail('bad program header size');
    inFile(phoff, phnum * phentsize, 'program headers');
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phentsize;
      const ph: ProgramHeader = {
        type: u32(o),
        offset: u32(o + 4),
        vaddr: u32(o + 8),
        paddr: u32(o + 12),
        filesz: u32(o + 16),
        memsz: u32(o + 20),
        flags: u32(o + 24),
        align: u32(o + 28),
      };
      if (ph.type === PT_LOAD) {
        inFile(ph.offset, ph.filesz, `segment ${i}`);
        if (ph.memsz < ph.filesz) fail(`segment ${i}: memsz smaller than filesz`);
      }
      programHeaders.push(ph);
    }
  }

  const sections: SectionHeader[] = [];
  const symbols: ElfSymbol[] = [];
  if (shnum > 0 && shoff !== 0) {
    if (shentsize < 40) fail('bad section header size');
    inFile(shoff, shnum * shentsize, 'section headers');
    const raw = Array.from({ length: shnum }, (_, i) => {
      const o = shoff + i * shentsize;
      return {
        nameOff: u32(o),
        type: u32(o + 4),
        flags: u32(o + 8),
        addr: u32(o + 12),
        offset: u32(o + 16),
        size: u32(o + 20),
        link: u32(o + 24),
        entsize: u32(o + 36),
      };
    });
    const cstr = (off: number) => {
      let end = off;
      while (end < bytes.length && bytes[end] !== 0) end++;
      return new TextDecoder().decode(bytes.subarray(off, end));
    };
    const strtab = shstrndx < shnum ? raw[shstrndx] : undefined;
    for (const s of raw) {
      const name = strtab && strtab.offset + s.nameOff < bytes.length ? cstr(strtab.offset + s.nameOff) : '';
      if (s.type !== 8 /* NOBITS */) inFile(s.offset, s.size, `section ${name || '?'}`);
      sections.push({ name, type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size });
    }
    for (const s of raw) {
      if (s.type !== SHT_SYMTAB || s.link >= shnum) continue;
      const names = raw[s.link];
      const n = Math.floor(s.size / 16);
      for (let i = 1; i < n; i++) {
        const o = s.offset + i * 16;
        const info = bytes[o + 12];
        const name = cstr(names.offset + u32(o));
        if (name) symbols.push({ name, value: u32(o + 4), size: u32(o + 8), type: info & 15 });
      }
    }
  }
  return { type: u16(16), entry: u32(24), phoff, phentsize, programHeaders, sections, symbols, bytes };
}
