// Differential test of every AltiVec instruction against qemu-ppc -cpu 7450 (the oracle).
// Builds a static PowerPC program that, for each random case, loads vA/vB/vC and VSCR,
// runs the instruction, and writes vD, VSCR (via mfvscr) and CR; then runs the same cases
// through the JIT. Skipped when qemu-ppc or the cross binutils are missing.
// ALTIVEC_ORACLE_CASES=<n per instruction>, ALTIVEC_ORACLE_SEED, ALTIVEC_ORACLE_ONLY=<names,…>
// choose the cases; ALTIVEC_ORACLE_DUMP=<file> also writes them and qemu's answers as JSON.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/decoder/disasm.js';
import { altivec } from '../../src/decoder/table/altivec.js';
import { Engine } from '../../src/jit/engine.js';
import { LINUX_INITIAL_VSCR } from '../../src/runtime/altivec/lanes.js';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { haveTool } from '../diff/objdump.js';
import { CODE, type Raised, testRuntime } from './harness.js';

const QEMU = process.env.QEMU_PPC ?? 'qemu-ppc';
const AS = 'powerpc-linux-gnu-as';
const LD = 'powerpc-linux-gnu-ld';
const available = haveTool(QEMU) && haveTool(AS) && haveTool(LD);

export interface OracleCase {
  word: number;
  /** Register the instruction writes (vD, or 14 for mtvscr whose effect shows in VSCR). */
  dest: number;
  /** vA, vB, vC as 4 words each (registers 11, 12, 13). */
  inputs: number[];
  vscrIn: number;
}
export interface OracleResult {
  vd: number[];
  vscr: number;
  cr: number;
}

/** Fixed source registers; vD is 10 or aliases one of them. */
const VA = 11;
const VB = 12;
const VC = 13;
/** What vD holds before the instruction (0x05 in every byte). */
const VD_FILL = 0x05050505;

function xorshift(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

const SPECIAL_FLOATS = [
  0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fc12345, 0x7f812345, 0xffc00001, 0x00000001, 0x007fffff,
  0x80400000, 0x00800000, 0x80800000, 0x7f7fffff, 0x3f800000, 0xbfc00000, 0x3f000000, 0x4f000000, 0x4f800000,
  0xcf000000, 0x4effffff, 0x40490fdb, 0x3effffff, 0x3f7fffff, 0x40200000, 0xc0200000, 0x00ffffff, 0x0c000000,
  0x01000001, 0x3fc00000, 0xbf000000,
];
const SPECIAL_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x40];

function randomWord(next: () => number): number {
  const k = next() % 9;
  if (k < 3) return next();
  if (k < 5) return SPECIAL_FLOATS[next() % SPECIAL_FLOATS.length];
  if (k === 5) {
    // A moderate float: sign, exponent near 127, random mantissa.
    const e = 127 + ((next() % 41) - 20);
    return ((next() & 0x80000000) | (e << 23) | (next() & 0x7fffff)) >>> 0;
  }
  if (k === 6) {
    // A small float, |x| in [2^-4, 16): where the estimate instructions are most used.
    const e = 123 + (next() % 8);
    return ((next() & 0x80000000) | (e << 23) | (next() & 0x7fffff)) >>> 0;
  }
  let w = 0;
  for (let i = 0; i < 4; i++) w = (w << 8) | SPECIAL_BYTES[next() % SPECIAL_BYTES.length];
  return w >>> 0;
}

const VSCR_CHOICES = [0, 0x10000, 1, 0x10001];

const vaWord = (xo: number, d: number) => ((4 << 26) | (d << 21) | (VA << 16) | (VB << 11) | (VC << 6) | xo) >>> 0;

/**
 * Hand-made cases random operands rarely reach. vmaddfp: a·c + b where the exact sum lies
 * just above a single-precision tie that a double rounds onto (1+2^-12)² + 2^-60 must round
 * up; a plain a*c+b in doubles rounds down; plus cancellation and a product that needs
 * every bit.
 */
export const EDGE_CASES: readonly OracleCase[] = [46, 47].map((xo) => ({
  word: vaWord(xo, 10),
  dest: 10,
  inputs: [
    0x3f800800, 0x3f800800, 0x3f800001, 0x4b800001, 0x21800000, 0xa1800000, 0x33800000, 0xcb800000, 0x3f800800,
    0x3f800800, 0x3f800001, 0x3f800000,
  ],
  vscrIn: 0,
}));

/** `perInsn` random cases for every AltiVec table entry. */
export function makeCases(perInsn: number, seed: number, only?: readonly string[]): OracleCase[] {
  const next = xorshift(seed);
  const cases: OracleCase[] = [];
  for (const def of altivec) {
    if (only && !only.includes(def.name)) continue;
    for (let k = 0; k < perInsn; k++) {
      const writesVd = def.operands.includes('vrt');
      const dest = writesVd ? [10, 10, VA, VB, VC][next() % 5] : 14;
      let w = def.match;
      if (writesVd) w |= dest << 21;
      if (def.operands.includes('vra')) w |= VA << 16;
      if (def.operands.includes('vrb')) w |= VB << 11;
      if (def.operands.includes('vrc')) w |= VC << 6;
      if (def.operands.includes('vshb')) w |= (next() & 15) << 6;
      if (def.operands.includes('vsimm')) w |= (next() & 31) << 16;
      if (def.operands.includes('vuimm')) w |= ((next() & 31) << 16) & ~def.mask;
      if (def.name.startsWith('vcmp') && next() & 1) w |= 0x400;
      const inputs = Array.from({ length: 12 }, () => randomWord(next));
      // Equal operands exercise the equality edges of compares, max/min and vmr/vnot.
      if (next() % 6 === 0) for (let i = 0; i < 4; i++) inputs[4 + i] = inputs[i];
      const vscrIn = def.name === 'mtvscr' ? VSCR_CHOICES[next() % 4] : VSCR_CHOICES[next() % 4];
      if (def.name === 'mtvscr') inputs[7] = next() % 2 ? vscrIn : next();
      cases.push({ word: w >>> 0, dest, inputs, vscrIn });
    }
  }
  return cases;
}

/** Runs the cases on qemu-ppc -cpu 7450; also returns the VSCR a fresh process starts with. */
export function runOnQemu(cases: readonly OracleCase[]): { initialVscr: number; results: OracleResult[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-altivec-'));
  try {
    const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
    const text: string[] = [
      '.text',
      '.globl _start',
      '_start:',
      'lis 31,inputs@ha',
      'addi 31,31,inputs@l',
      'lis 30,outputs@ha',
      'addi 30,30,outputs@l',
      'mfvscr 0',
      'stvx 0,0,30',
      'addi 30,30,16',
    ];
    const data: string[] = ['.data', '.align 4', 'inputs:'];
    for (const c of cases) {
      text.push(
        'li 3,0',
        `lvx ${VA},3,31`,
        'li 3,16',
        `lvx ${VB},3,31`,
        'li 3,32',
        `lvx ${VC},3,31`,
        'li 3,48',
        'lvx 14,3,31',
        'mtvscr 14',
        'vspltisb 10,5',
        'li 0,0',
        'mtcr 0',
        `.long ${hex(c.word)}`,
        'mfvscr 14',
        'li 3,0',
        `stvx ${c.dest === 14 ? 10 : c.dest},3,30`,
        'li 3,16',
        'stvx 14,3,30',
        'mfcr 4',
        'stw 4,32(30)',
        'addi 31,31,64',
        'addi 30,30,48',
      );
      data.push(`.long ${[...c.inputs, 0, 0, 0, c.vscrIn].map(hex).join(',')}`);
    }
    const outBytes = 16 + 48 * cases.length;
    text.push(
      'li 0,4',
      'li 3,1',
      'lis 4,outputs@ha',
      'addi 4,4,outputs@l',
      `lis 5,${outBytes >>> 16}`,
      `ori 5,5,${outBytes & 0xffff}`,
      'sc',
      'li 0,1',
      'li 3,0',
      'sc',
    );
    data.push('.align 4', 'outputs:', `.space ${outBytes}`);
    writeFileSync(join(dir, 't.s'), `${text.join('\n')}\n${data.join('\n')}\n`);
    execFileSync(AS, ['-mregnames', '-maltivec', '-o', join(dir, 't.o'), join(dir, 't.s')]);
    execFileSync(LD, ['-static', '-o', join(dir, 't'), join(dir, 't.o')]);
    const out = execFileSync(QEMU, ['-cpu', '7450', join(dir, 't')], { maxBuffer: 1 << 28 });
    const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const word = (off: number) => dv.getUint32(off, false);
    const results = cases.map((_, i) => {
      const o = 16 + 48 * i;
      return { vd: [0, 4, 8, 12].map((k) => word(o + k)), vscr: word(o + 28), cr: word(o + 32) };
    });
    return { initialVscr: word(12), results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs cases through the JIT, reusing one engine: the instruction word is patched per case. */
export function jitRunner(): (c: OracleCase) => OracleResult {
  let engine: Engine | undefined;
  const raised: Raised[] = [];
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  const s = new CpuState();
  engine = new Engine(
    s,
    m,
    testRuntime(() => engine!, raised),
  );
  return (c) => {
    m.w32(CODE, c.word);
    m.w32(CODE + 4, 0);
    engine!.invalidate(CODE);
    raised.length = 0;
    for (let i = 0; i < 12; i++) s.vr[4 * VA + i] = c.inputs[i];
    s.vr.fill(VD_FILL, 40, 44);
    s.r[R.VSCR] = c.vscrIn;
    s.r[R.CR] = 0;
    s.pc = CODE;
    engine!.run(1000);
    if (raised.length !== 1 || raised[0].pc !== CODE + 4) throw new Error(`raised ${JSON.stringify(raised)}`);
    const reg = c.dest === 14 ? 10 : c.dest;
    return { vd: [0, 1, 2, 3].map((i) => s.vr[4 * reg + i] >>> 0), vscr: s.r[R.VSCR] >>> 0, cr: s.r[R.CR] >>> 0 };
  };
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

describe.skipIf(!available)('AltiVec against qemu-ppc -cpu 7450', () => {
  it('gives the same vD, VSCR and CR for random operands of every instruction', () => {
    const cases = [
      ...EDGE_CASES,
      ...makeCases(
        Number(process.env.ALTIVEC_ORACLE_CASES ?? 24),
        Number(process.env.ALTIVEC_ORACLE_SEED ?? 0x7450),
        process.env.ALTIVEC_ORACLE_ONLY?.split(','),
      ),
    ];
    const { initialVscr, results } = runOnQemu(cases);
    expect(initialVscr).toBe(LINUX_INITIAL_VSCR);
    if (process.env.ALTIVEC_ORACLE_DUMP) {
      writeFileSync(process.env.ALTIVEC_ORACLE_DUMP, JSON.stringify({ initialVscr, cases, results }));
    }
    const mismatches: string[] = [];
    const byName = new Map<string, number>();
    const runOnJit = jitRunner();
    cases.forEach((c, i) => {
      const ours = runOnJit(c);
      const ref = results[i];
      if (ours.vd.every((x, k) => x === ref.vd[k]) && ours.vscr === ref.vscr && ours.cr === ref.cr) return;
      const name = disassemble(c.word, 0);
      byName.set(name.split(' ')[0], (byName.get(name.split(' ')[0]) ?? 0) + 1);
      if (mismatches.length < 40)
        mismatches.push(
          `${name} in=${c.inputs.map(hex8).join(' ')} vscr=${hex8(c.vscrIn)} qemu=${ref.vd.map(hex8).join(' ')}/${hex8(ref.vscr)}/${hex8(ref.cr)} ours=${ours.vd.map(hex8).join(' ')}/${hex8(ours.vscr)}/${hex8(ours.cr)}`,
        );
    });
    if (mismatches.length)
      console.log([...byName].map(([n, k]) => `${n}:${k}`).join(' '), `\n${mismatches.join('\n')}`);
    expect(mismatches).toEqual([]);
  }, 120_000);
});
