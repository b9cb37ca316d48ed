import { randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../../errors.js';
import { LINUX_INITIAL_VSCR } from '../../runtime/altivec/lanes.js';
import { R } from '../../runtime/cpu-state.js';
import { PAGE_SIZE, Prot } from '../../runtime/flat-memory.js';
import { MSR } from '../../runtime/interrupts.js';
import { type Elf32, PT_GNU_STACK, PT_INTERP, PT_LOAD, parseElf } from '../elf.js';
import { pageDown, pageUp, STACK_BOTTOM, STACK_SIZE, STACK_TOP, TRAMPOLINE } from './address-space.js';
import type { LinuxProcess } from './linux-process.js';
import { SIGRETURN_CODE } from './signals.js';

/** Auxiliary vector types (linux/auxvec.h, asm/auxvec.h for powerpc). */
export const AT = {
  NULL: 0,
  PHDR: 3,
  PHENT: 4,
  PHNUM: 5,
  PAGESZ: 6,
  BASE: 7,
  FLAGS: 8,
  ENTRY: 9,
  UID: 11,
  EUID: 12,
  GID: 13,
  EGID: 14,
  PLATFORM: 15,
  HWCAP: 16,
  CLKTCK: 17,
  DCACHEBSIZE: 19,
  ICACHEBSIZE: 20,
  UCACHEBSIZE: 21,
  IGNOREPPC: 22,
  SECURE: 23,
  RANDOM: 25,
  HWCAP2: 26,
  EXECFN: 31,
} as const;

const PF_X = 1;
const PF_W = 2;
const PF_R = 4;
const protOf = (flags: number) =>
  (flags & PF_R ? Prot.Read : 0) | (flags & PF_W ? Prot.Write : 0) | (flags & PF_X ? Prot.Exec : 0);

/** 32-byte cache blocks on every 32-bit model qemu-ppc knows (7xx/74xx: dcache_line_size 32). */
const CACHE_BLOCK = 32;
const CLOCK_TICKS = 100;

export interface LoadedProgram {
  elf: Elf32;
  entry: number;
  /** Address of the program headers in guest memory (AT_PHDR). */
  phdr: number;
  sp: number;
}

/** Linux's ELF_ET_DYN_BASE for a 32-bit powerpc task: where a position-independent program goes. */
const ET_DYN_BASE = 0x00400000;
const ET_EXEC = 2;
const ET_DYN = 3;

/** The page-aligned span [low, high) of an ELF's PT_LOAD segments (before relocation). */
function loadSpan(elf: Elf32): { low: number; high: number } {
  let low = 2 ** 32;
  let high = 0;
  for (const ph of elf.programHeaders) {
    if (ph.type !== PT_LOAD || ph.memsz === 0) continue;
    low = Math.min(low, pageDown(ph.vaddr));
    high = Math.max(high, pageUp(ph.vaddr + ph.memsz));
  }
  return { low, high };
}

/**
 * Maps PT_LOAD segments `bias` bytes above their p_vaddr (file bytes, then zeroed bss) and
 * returns the highest end address and where the program headers landed (AT_PHDR).
 */
function mapSegments(
  p: LinuxProcess,
  elf: Elf32,
  bias: number,
  name: string,
  hostPath: string,
): { end: number; phdr: number; execStack: boolean } {
  let end = 0;
  let phdr = 0;
  let execStack = true; // no PT_GNU_STACK: the stack is executable (Linux's default for ppc32)
  const pageProt = new Map<number, number>();
  for (const ph of elf.programHeaders) {
    if (ph.type === PT_GNU_STACK) execStack = (ph.flags & PF_X) !== 0;
    if (ph.type !== PT_LOAD || ph.memsz === 0) continue;
    const vaddr = ph.vaddr + bias;
    const start = pageDown(vaddr);
    const stop = pageUp(vaddr + ph.memsz);
    if (start < PAGE_SIZE || stop > STACK_BOTTOM) {
      throw new UserError(`${name}: segment at 0x${vaddr.toString(16)} lies outside user memory`);
    }
    p.mem.load(vaddr, elf.bytes.subarray(ph.offset, ph.offset + ph.filesz));
    // A page shared by two segments gets both protections, as the kernel's mappings overlap.
    for (let a = start; a < stop; a += PAGE_SIZE) pageProt.set(a, (pageProt.get(a) ?? 0) | protOf(ph.flags));
    p.as.label(start, stop, hostPath, pageDown(ph.offset), true);
    if (ph.offset <= elf.phoff && elf.phoff < ph.offset + ph.filesz) phdr = vaddr + (elf.phoff - ph.offset);
    end = Math.max(end, vaddr + ph.memsz);
  }
  for (const [page, prot] of pageProt) p.mem.map(page, PAGE_SIZE, prot);
  return { end, phdr, execStack };
}

/** The PT_INTERP path of a dynamic executable (undefined: static). */
export function interpreterOf(elf: Elf32): string | undefined {
  const ph = elf.programHeaders.find((h) => h.type === PT_INTERP);
  if (!ph) return undefined;
  const name = elf.bytes.subarray(ph.offset, Math.min(ph.offset + ph.filesz, elf.bytes.length));
  const nul = name.indexOf(0);
  return new TextDecoder('latin1').decode(nul < 0 ? name : name.subarray(0, nul));
}

/**
 * Loads the program interpreter (ld.so.1) where the mmap area has room, as the kernel's
 * load_elf_interp does (the whole span reserved, holes between segments left PROT_NONE).
 * Returns its load bias (AT_BASE) and entry point.
 */
function loadInterpreter(p: LinuxProcess, path: string, shownName: string): { base: number; entry: number } {
  let bytes: Uint8Array;
  const hostPath = p.hostPath(path);
  try {
    bytes = readFileSync(hostPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`${shownName}: cannot open its interpreter ${path}: ${code}${p.ldPrefix ? '' : ' (try -L)'}`);
  }
  const elf = parseElf(bytes, path);
  if (elf.type !== ET_DYN && elf.type !== ET_EXEC) throw new UserError(`${path}: not an executable ELF`);
  if (interpreterOf(elf) !== undefined) throw new UserError(`${path}: an interpreter needs no interpreter`);
  const { low, high } = loadSpan(elf);
  if (high <= low) throw new UserError(`${path}: no loadable segments`);
  let bias = 0;
  if (elf.type === ET_DYN) {
    const start = p.as.findFree(high - low);
    if (start === undefined) throw new UserError(`${path}: no room to load it`);
    bias = start - low;
  }
  p.as.mapFixed(low + bias, high - low, Prot.None);
  mapSegments(p, elf, bias, path, hostPath);
  return { base: bias, entry: (elf.entry + bias) >>> 0 };
}

/**
 * Builds the initial stack as Linux's create_elf_tables does (fs/binfmt_elf.c): strings at the
 * top (execfn, environment, arguments), the 16 AT_RANDOM bytes, then 16-byte aligned
 * argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL. The auxv entries and their order are
 * qemu-ppc 7.2's (linux-user/elfload.c create_elf_tables: ARCH_DLINFO's two AT_IGNOREPPC and
 * the cache sizes first, no AT_PLATFORM, AT_HWCAP2 last), as a guest printing its auxv sees
 * under `qemu-ppc -L /usr/powerpc-linux-gnu`.
 */
export function buildInitialStack(
  p: LinuxProcess,
  info: { phdr: number; phnum: number; phent: number; entry: number; base: number; execfn: string },
  argv: readonly string[],
  envp: readonly string[],
): number {
  let sp = STACK_TOP;
  const pushBytes = (bytes: Uint8Array) => {
    sp -= bytes.length;
    p.mem.load(sp, bytes);
    return sp;
  };
  const pushString = (s: string) => pushBytes(Buffer.from(`${s}\0`, 'utf8'));
  sp -= 4; // a NULL word at the very top, as Linux leaves
  const execfn = pushString(info.execfn);
  const envAddrs = envp.map(pushString);
  const argAddrs = argv.map(pushString);
  sp &= ~15;
  const random = new Uint8Array(16);
  randomFillSync(random);
  const randomAddr = pushBytes(random);
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const auxv: [number, number][] = [
    [AT.IGNOREPPC, AT.IGNOREPPC],
    [AT.IGNOREPPC, AT.IGNOREPPC],
    [AT.DCACHEBSIZE, CACHE_BLOCK],
    [AT.ICACHEBSIZE, CACHE_BLOCK],
    [AT.UCACHEBSIZE, 0],
    [AT.PHDR, info.phdr],
    [AT.PHENT, info.phent],
    [AT.PHNUM, info.phnum],
    [AT.PAGESZ, PAGE_SIZE],
    [AT.BASE, info.base],
    [AT.FLAGS, 0],
    [AT.ENTRY, info.entry],
    [AT.UID, uid],
    [AT.EUID, process.geteuid?.() ?? uid],
    [AT.GID, gid],
    [AT.EGID, process.getegid?.() ?? gid],
    [AT.HWCAP, p.model.hwcap],
    [AT.CLKTCK, CLOCK_TICKS],
    [AT.RANDOM, randomAddr],
    [AT.SECURE, 0],
    [AT.EXECFN, execfn],
    [AT.HWCAP2, 0],
    [AT.NULL, 0],
  ];
  p.auxv = auxv;
  const words = [argv.length, ...argAddrs, 0, ...envAddrs, 0, ...auxv.flat()];
  sp = (sp - 4 * words.length) & ~15;
  words.forEach((w, i) => {
    p.mem.bytes[sp + 4 * i] = w >>> 24;
    p.mem.bytes[sp + 4 * i + 1] = (w >>> 16) & 0xff;
    p.mem.bytes[sp + 4 * i + 2] = (w >>> 8) & 0xff;
    p.mem.bytes[sp + 4 * i + 3] = w & 0xff;
  });
  return sp;
}

/**
 * Loads an ELF32 big-endian PowerPC executable into the process and sets up the CPU for its
 * entry point: a static one, or a dynamic one with its PT_INTERP interpreter (ld.so.1, looked up
 * under the -L prefix first as qemu-ppc does), which then starts at the interpreter's entry with
 * AT_BASE/AT_PHDR/AT_ENTRY telling it where the program is. A position-independent program
 * (ET_DYN) is placed at ELF_ET_DYN_BASE.
 */
export function loadProgram(
  p: LinuxProcess,
  bytes: Uint8Array,
  argv: readonly string[],
  envp: readonly string[],
): LoadedProgram {
  const shownName = argv[0] ?? p.exePath; // errors name the file as the user typed it
  const elf = parseElf(bytes, shownName);
  if (elf.type !== ET_EXEC && elf.type !== ET_DYN) throw new UserError(`${shownName}: not an executable ELF`);
  const span = loadSpan(elf);
  if (span.high <= span.low) throw new UserError(`${shownName}: no loadable segments`);
  const bias = elf.type === ET_DYN && span.low === 0 ? ET_DYN_BASE : 0;
  const { end, phdr, execStack } = mapSegments(p, elf, bias, shownName, p.exePath);
  p.as.setBrkStart(end);
  const interpPath = interpreterOf(elf);
  const entry = (elf.entry + bias) >>> 0;
  const interp = interpPath === undefined ? { base: 0, entry } : loadInterpreter(p, interpPath, shownName);
  p.mem.map(STACK_BOTTOM, STACK_SIZE, execStack ? Prot.RWX : Prot.RW);
  p.as.label(STACK_BOTTOM, STACK_TOP, '[stack]', 0, false);
  // The signal return trampoline page (Linux: the vDSO's __kernel_sigtramp_rt32).
  p.mem.map(TRAMPOLINE, PAGE_SIZE, Prot.RWX);
  p.mem.load(
    TRAMPOLINE,
    Uint8Array.from(SIGRETURN_CODE.flatMap((w) => [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255])),
  );
  p.mem.map(TRAMPOLINE, PAGE_SIZE, Prot.Read | Prot.Exec);
  const sp = buildInitialStack(
    p,
    {
      phdr,
      phnum: elf.programHeaders.length,
      phent: elf.phentsize,
      entry,
      base: interp.base,
      execfn: argv[0] ?? p.exePath,
    },
    argv,
    envp,
  );
  const s = p.s;
  s.gpr[1] = sp;
  s.pc = interp.entry;
  s.r[R.MSR] = MSR.PR | MSR.EE | MSR.IR | MSR.DR | MSR.ME | MSR.FP | (p.model.altivec ? MSR.VEC : 0);
  // qemu-ppc starts a process with VSCR[NJ] set (checked by the AltiVec tests).
  if (p.model.altivec) s.r[R.VSCR] = LINUX_INITIAL_VSCR;
  s.r[R.PVR] = p.model.pvr;
  return { elf, entry, phdr, sp };
}
