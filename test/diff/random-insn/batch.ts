import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseElf } from '../../../src/machine/elf.js';
import * as E from './encode.js';
import { type GeneratedCase, generateCase } from './generate.js';
import * as L from './layout.js';
import { Rng } from './rng.js';

export const PPC_GCC = process.env.PPC_GCC ?? 'powerpc-linux-gnu-gcc';

export interface Batch {
  seed: number;
  cases: GeneratedCase[];
  elfPath: string;
  /** Guest address where each case's code begins (its first prologue instruction). */
  caseStart: number[];
  /** [start, end) of the shared load/store subroutines (a fault there belongs to the case in r31). */
  subroutines: [number, number];
  /** Address of the sequence's first instruction in each case. */
  sequenceStart: number[];
  /** Address of the final write/exit code. */
  tailStart: number;
  /** The IN/OUT/scratch records as the ELF holds them (OUT zero). */
  data: Uint8Array;
}

/**
 * The bulk of loading and storing state lives in two shared subroutines, so each case adds only
 * ~13 instructions of its own to translate (the JIT compiles the subroutines once). Both keep LR
 * and CTR intact for the sequence: the inline code loads them last / saves them first.
 *
 * load_state (entered by bl with r31 = record): saves its return address in the record, loads
 * FPSCR, CR, XER, f0-f31, r1-r30, and returns through CTR; the inline code then sets CTR, LR, r0.
 */
function loadState(): number[] {
  const w: number[] = [E.mfspr(E.SPR_LR, 0), E.stw(0, L.IN + L.RET, 31)];
  w.push(E.lfd(0, L.IN + L.FPSCR, 31), E.mtfsf(0xff, 0));
  w.push(E.lwz(0, L.IN + L.CR, 31), E.mtcrf(0xff, 0));
  w.push(E.lwz(0, L.IN + L.XER, 31), E.mtspr(E.SPR_XER, 0));
  for (let f = 0; f < 32; f++) w.push(E.lfd(f, L.IN + L.FPR + 8 * f, 31));
  for (let r = 1; r < 31; r++) w.push(E.lwz(r, L.IN + L.GPR + 4 * r, 31));
  w.push(E.lwz(0, L.IN + L.RET, 31), E.mtspr(E.SPR_CTR, 0), E.BCTR);
  return w;
}

/** store_state (entered by bl after the inline code saved r0, LR, CTR): everything else, then blr. */
function storeState(): number[] {
  const w: number[] = [];
  for (let r = 1; r < 32; r++) w.push(E.stw(r, L.OUT + L.GPR + 4 * r, 31));
  for (let f = 0; f < 32; f++) w.push(E.stfd(f, L.OUT + L.FPR + 8 * f, 31));
  w.push(E.mfcr(0), E.stw(0, L.OUT + L.CR, 31));
  w.push(E.mfspr(E.SPR_XER, 0), E.stw(0, L.OUT + L.XER, 31));
  w.push(E.mffs(0), E.stfd(0, L.OUT + L.FPSCR, 31));
  w.push(E.BLR);
  return w;
}

/** Inline case prologue: record pointer, bl load_state, then CTR, LR and r0 from the record. */
function prologue(recordAddr: number, here: number, loadStateAt: number): number[] {
  return [
    E.lis(31, recordAddr),
    E.ori(31, 31, recordAddr),
    E.bl(loadStateAt - (here + 8)),
    E.lwz(0, L.IN + L.CTR, 31),
    E.mtspr(E.SPR_CTR, 0),
    E.lwz(0, L.IN + L.LR, 31),
    E.mtspr(E.SPR_LR, 0),
    E.lwz(0, L.IN + L.GPR, 31),
  ];
}

/** Inline case epilogue: r0, LR, CTR to the record, then bl store_state. */
function epilogue(here: number, storeStateAt: number): number[] {
  return [
    E.stw(0, L.OUT + L.GPR, 31),
    E.mfspr(E.SPR_LR, 0),
    E.stw(0, L.OUT + L.LR, 31),
    E.mfspr(E.SPR_CTR, 0),
    E.stw(0, L.OUT + L.CTR, 31),
    E.bl(storeStateAt - (here + 20)),
  ];
}

/** write(1, records, size); exit(0) — the Linux PowerPC syscall ABI: r0 = number, r3.. = args. */
function tail(size: number): number[] {
  return [
    E.li(3, 1),
    E.lis(4, L.DATA_ADDR),
    E.ori(4, 4, L.DATA_ADDR),
    E.lis(5, size),
    E.ori(5, 5, size),
    E.li(0, 4),
    E.SC,
    E.li(0, 1),
    E.li(3, 0),
    E.SC,
  ];
}

function writeState(dv: DataView, at: number, c: GeneratedCase): void {
  const s = c.init;
  s.gpr.forEach((v, r) => dv.setUint32(at + L.GPR + 4 * r, v >>> 0, false));
  s.fpr.forEach(([hi, lo], f) => {
    dv.setUint32(at + L.FPR + 8 * f, hi, false);
    dv.setUint32(at + L.FPR + 8 * f + 4, lo, false);
  });
  dv.setUint32(at + L.CR, s.cr >>> 0, false);
  dv.setUint32(at + L.XER, s.xer >>> 0, false);
  dv.setUint32(at + L.LR, s.lr >>> 0, false);
  dv.setUint32(at + L.CTR, s.ctr >>> 0, false);
  dv.setUint32(at + L.FPSCR, 0xfff80000, false);
  dv.setUint32(at + L.FPSCR + 4, s.fpscr >>> 0, false);
}

/**
 * Generates `count` cases from `seed` and links them into one static ELF (code at the default
 * text address, records at DATA_ADDR): gcc -nostdlib -static over a .S that .incbin's the code
 * and data bytes (same result as `.long` lines, much faster to assemble).
 */
export function buildBatch(dir: string, seed: number, count: number): Batch {
  const rng = new Rng(seed);
  const cases: GeneratedCase[] = [];
  const data = new Uint8Array(count * L.RECORD_SIZE);
  const dv = new DataView(data.buffer);
  for (let i = 0; i < count; i++) {
    const rec = L.DATA_ADDR + i * L.RECORD_SIZE;
    const c = generateCase(rng, rec);
    cases.push(c);
    writeState(dv, i * L.RECORD_SIZE + L.IN, c);
    data.set(c.scratch, i * L.RECORD_SIZE + L.SCRATCH);
  }
  const load = loadState();
  const store = storeState();
  // _start: b over the subroutines
  const code: number[] = [E.b((1 + load.length + store.length) * 4)];
  const loadStateAt = code.length * 4;
  code.push(...load);
  const storeStateAt = code.length * 4;
  code.push(...store);
  const caseOffset: number[] = [];
  const sequenceOffset: number[] = [];
  cases.forEach((c, i) => {
    caseOffset.push(code.length * 4);
    code.push(...prologue(L.DATA_ADDR + i * L.RECORD_SIZE, code.length * 4, loadStateAt));
    sequenceOffset.push(code.length * 4);
    code.push(...c.words);
    code.push(...epilogue(code.length * 4, storeStateAt));
  });
  const tailOffset = code.length * 4;
  code.push(...tail(data.length));
  const codeBytes = new Uint8Array(code.length * 4);
  const cdv = new DataView(codeBytes.buffer);
  code.forEach((w, i) => cdv.setUint32(i * 4, w >>> 0, false));

  mkdirSync(dir, { recursive: true });
  const name = `batch-${seed.toString(16)}`;
  writeFileSync(join(dir, `${name}.code`), codeBytes);
  writeFileSync(join(dir, `${name}.data`), data);
  writeFileSync(
    join(dir, `${name}.S`),
    `/* ${count} random-instruction cases, seed 0x${seed.toString(16)} (test/diff/random-insn) */\n` +
      `\t.text\n\t.globl _start\n_start:\n\t.incbin "${name}.code"\n` +
      `\t.data\n\t.globl records\nrecords:\n\t.incbin "${name}.data"\n`,
  );
  const elfPath = join(dir, name);
  execFileSync(
    PPC_GCC,
    [
      '-nostdlib',
      '-static',
      `-Wl,-Tdata=0x${L.DATA_ADDR.toString(16)}`,
      '-Wl,--build-id=none',
      '-o',
      elfPath,
      `${name}.S`,
    ],
    { cwd: dir },
  );
  const elf = parseElf(readFileSync(elfPath), elfPath);
  const dataSection = elf.sections.find((s) => s.name === '.data');
  if (dataSection?.addr !== L.DATA_ADDR)
    throw new Error(`${elfPath}: .data at ${dataSection?.addr.toString(16)}, expected ${L.DATA_ADDR.toString(16)}`);
  const entry = elf.entry;
  return {
    seed,
    cases,
    elfPath,
    caseStart: caseOffset.map((o) => entry + o),
    subroutines: [entry + loadStateAt, entry + caseOffset[0]],
    sequenceStart: sequenceOffset.map((o) => entry + o),
    tailStart: entry + tailOffset,
    data,
  };
}
