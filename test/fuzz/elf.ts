/**
 * Target `elf`: mutated and truncated ELF files through `ppcjit run`'s own start (startElf: read,
 * parse, map the segments, build the stack), then the first guest blocks. Expected: one line and
 * exit 2, or a guest that starts (and ends however its code makes it end).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startElf } from '../../src/cli/run.js';
import { errorLabel, expectBadInputOrRun, type FuzzTarget, wordsToBytes } from './target.js';

const TEXT = 0x10000000;
const DATA = 0x10010000;
/** li r3,7; li r0,1 (exit); sc; then a trap should exit return. */
const CODE = [0x38600007, 0x38000001, 0x44000002, 0x7fe00008];

/**
 * A valid static executable with what a linker writes: two PT_LOADs (text; data with bss),
 * PT_GNU_STACK, and section headers with .symtab/.strtab/.shstrtab — so mutations reach every
 * part the loader reads.
 */
export function seedElf(): Uint8Array {
  const phnum = 3;
  const text = wordsToBytes(CODE);
  const data = new Uint8Array(16).fill(0xaa);
  const strtab = new TextEncoder().encode('\0_start\0data_word\0');
  const shstrtab = new TextEncoder().encode('\0.text\0.data\0.bss\0.symtab\0.strtab\0.shstrtab\0');
  const symtab = new Uint8Array(3 * 16);
  const sdv = new DataView(symtab.buffer);
  sdv.setUint32(16, 1); // _start
  sdv.setUint32(20, TEXT);
  sdv.setUint32(24, CODE.length * 4);
  symtab[28] = 0x12; // GLOBAL FUNC
  sdv.setUint32(32, 8); // data_word
  sdv.setUint32(36, DATA);
  sdv.setUint32(40, 4);
  symtab[44] = 0x11; // GLOBAL OBJECT
  const parts = [text, data, symtab, strtab, shstrtab];
  let at = 52 + 32 * phnum;
  const offsets = parts.map((p) => {
    const o = at;
    at = (at + p.length + 3) & ~3;
    return o;
  });
  const shoff = at;
  const shnum = 7;
  const out = new Uint8Array(shoff + 40 * shnum);
  const dv = new DataView(out.buffer);
  parts.forEach((p, i) => out.set(p, offsets[i]));
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1]);
  dv.setUint16(16, 2); // ET_EXEC
  dv.setUint16(18, 20); // EM_PPC
  dv.setUint32(20, 1);
  dv.setUint32(24, TEXT); // entry
  dv.setUint32(28, 52); // phoff
  dv.setUint32(32, shoff);
  dv.setUint16(40, 52);
  dv.setUint16(42, 32);
  dv.setUint16(44, phnum);
  dv.setUint16(46, 40);
  dv.setUint16(48, shnum);
  dv.setUint16(50, 6); // shstrndx
  const ph = (i: number, f: number[]) => f.forEach((v, j) => dv.setUint32(52 + 32 * i + 4 * j, v));
  ph(0, [1, offsets[0], TEXT, TEXT, text.length, text.length, 5, 0x10000]);
  ph(1, [1, offsets[1], DATA, DATA, data.length, 0x2000, 6, 0x10000]);
  ph(2, [0x6474e551, 0, 0, 0, 0, 0, 6, 16]);
  // name, type, flags, addr, offset, size, link, info, addralign, entsize
  const sh = (i: number, f: number[]) => f.forEach((v, j) => dv.setUint32(shoff + 40 * i + 4 * j, v));
  sh(1, [1, 1, 6, TEXT, offsets[0], text.length, 0, 0, 4, 0]);
  sh(2, [7, 1, 3, DATA, offsets[1], data.length, 0, 0, 4, 0]);
  sh(3, [13, 8, 3, DATA + data.length, offsets[1] + data.length, 0x2000 - data.length, 0, 0, 4, 0]);
  sh(4, [18, 2, 0, 0, offsets[2], symtab.length, 5, 1, 4, 16]);
  sh(5, [26, 3, 0, 0, offsets[3], strtab.length, 0, 0, 1, 0]);
  sh(6, [34, 3, 0, 0, offsets[4], shstrtab.length, 0, 0, 1, 0]);
  return out;
}

const SEED = seedElf();
const PHOFF = 52;
const SHOFF = new DataView(SEED.buffer).getUint32(32);

/** Values that break loaders: zero, one, page edges, sign and carry boundaries, the stack. */
const interesting32 = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 0x34, 0xfff, 0x1000, 0x7fffffff, 0x80000000, 0xfffff000, 0xffffffff),
  fc.constantFrom(0x10000000, 0x10010000, 0x7ffff000, 0x80000000 - 0x10000, 0x40000000, 0x3ffff),
  fc.nat({ max: SEED.length + 64 }),
  fc.integer({ min: 0, max: 0xffffffff }),
);

/** A field offset: mostly the ELF header, program headers and section headers, sometimes anywhere. */
const fieldOffset = fc.oneof(
  fc.integer({ min: 0, max: 51 }),
  fc.integer({ min: PHOFF, max: PHOFF + 3 * 32 - 1 }).map((o) => o & ~3),
  fc.integer({ min: SHOFF, max: SHOFF + 7 * 40 - 1 }).map((o) => o & ~3),
  fc.integer({ min: 0, max: SEED.length - 1 }),
);

type Mutation =
  | { kind: 'u32'; at: number; value: number }
  | { kind: 'u16'; at: number; value: number }
  | { kind: 'u8'; at: number; value: number }
  | { kind: 'truncate'; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('u32' as const), at: fieldOffset, value: interesting32 }), weight: 5 },
  {
    arbitrary: fc.record({
      kind: fc.constant('u16' as const),
      at: fieldOffset,
      value: fc.oneof(fc.constantFrom(0, 1, 2, 3, 20, 21, 32, 40, 0xffff), fc.nat({ max: 0xffff })),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('u8' as const), at: fieldOffset, value: fc.nat({ max: 255 }) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), length: fc.nat({ max: SEED.length }) }), weight: 1 },
);

/** The seed ELF with the mutations applied in order. */
export function mutateElf(mutations: readonly Mutation[]): Uint8Array {
  let bytes = SEED.slice();
  for (const m of mutations) {
    if (m.kind === 'truncate') {
      bytes = bytes.slice(0, m.length);
      continue;
    }
    const size = m.kind === 'u32' ? 4 : m.kind === 'u16' ? 2 : 1;
    if (m.at + size > bytes.length) continue;
    const dv = new DataView(bytes.buffer);
    if (size === 4) dv.setUint32(m.at, m.value);
    else if (size === 2) dv.setUint16(m.at, m.value);
    else dv.setUint8(m.at, m.value);
  }
  return bytes;
}

let dir: string | undefined;

/** Loads the ELF as `ppcjit run FILE` does, then runs its first blocks (bounded). */
export function runElfBytes(bytes: Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'ppcjit-fuzz-elf-'));
  const file = join(dir, 'guest.elf');
  writeFileSync(file, bytes);
  const started = expectBadInputOrRun(() => startElf({ elf: file }, () => {}));
  if ('error' in started) return errorLabel(started.error);
  // The guest's own code decides how it ends (exit, a signal, a loop): only a host exception fails.
  const { p } = started.value;
  p.engine.run(20_000, 200_000);
  return p.exited ? `started, ended with status ${p.exitStatus}` : 'started, still running';
}

export const elfTarget: FuzzTarget<Mutation[]> = {
  description: "mutated/truncated ELF files through `ppcjit run`'s loader, then the first 200,000 guest instructions",
  input: () => fc.array(mutation, { minLength: 1, maxLength: 8 }),
  run: (mutations) => runElfBytes(mutateElf(mutations)),
  testRuns: 60,
};
