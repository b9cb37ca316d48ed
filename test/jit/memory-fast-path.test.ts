import * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
import { ALL_FACILITIES } from '../../src/cpu/facilities.js';
import { Spr } from '../../src/cpu/spr.js';
import { decode } from '../../src/decoder/decode.js';
import { generateBlock } from '../../src/jit/compile.js';
import { Engine } from '../../src/jit/engine.js';
import { generateTemplate, templateBlock } from '../../src/jit/template.js';
import { FaultBits } from '../../src/machine/system/mmu.js';
import { type MmioDevice, SystemMemory, TranslationFault } from '../../src/machine/system/system-memory.js';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { MSR } from '../../src/runtime/interrupts.js';
import type { MemoryKind } from '../../src/runtime/memory.js';
import { CODE, type Raised, testMachine, testRuntime } from './harness.js';

// The inline memory fast path (src/jit/emit/memory-access.ts) against the accessors it stands
// in front of: every case runs with accessor calls only, with the fast path in a compiled
// block and with it in a template, and must end the same (registers, memory, exception).

const d = (opcd: number, rt: number, ra: number, disp: number) =>
  ((opcd << 26) | (rt << 21) | (ra << 16) | (disp & 0xffff)) >>> 0;
const x = (xo: number, rt: number, ra: number, rb: number) =>
  ((31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1)) >>> 0;

/** Each access with EA = r4 (RT/RS r5, FRT/FRS f1; lmw/stmw from r29). */
const ACCESSES: Record<string, number> = {
  lbz: d(34, 5, 4, 0),
  lhz: d(40, 5, 4, 0),
  lha: d(42, 5, 4, 0),
  lwz: d(32, 5, 4, 0),
  lfs: d(48, 1, 4, 0),
  lfd: d(50, 1, 4, 0),
  stb: d(38, 5, 4, 0),
  sth: d(44, 5, 4, 0),
  stw: d(36, 5, 4, 0),
  stfs: d(52, 1, 4, 0),
  stfd: d(54, 1, 4, 0),
  lwzu: d(33, 5, 4, 0),
  stwu: d(37, 5, 4, 0),
  lwzx: x(23, 5, 0, 4),
  stwx: x(151, 5, 0, 4),
  lwbrx: x(534, 5, 0, 4),
  lhbrx: x(790, 5, 0, 4),
  stwbrx: x(662, 5, 0, 4),
  sthbrx: x(918, 5, 0, 4),
  lmw: d(46, 29, 4, 0),
  stmw: d(47, 29, 4, 0),
  dcbz: x(1014, 0, 0, 4),
};

/** Pages of the user-mode layout: RW, then read-only, then unmapped; a RW pair across 2^31; the top page. */
const RW = 0x30000;
const RO = 0x31000;
const HOLE = 0x32000;
const BELOW_SIGN = 0x7ffff000;
const ABOVE_SIGN = 0x80000000;
const TOP = 0xfffff000;
const PAGES = [RW, RO, BELOW_SIGN, ABOVE_SIGN, TOP];

/** EAs near the end of each page, the first bytes of the next one, and the last bytes of memory. */
const EAS = [
  ...[RW, RO, BELOW_SIGN].flatMap((p) => [0, 0x7f8, 0xff8, 0xffc, 0xffd, 0xffe, 0xfff, 0x1000].map((o) => p + o)),
  ...[0xff8, 0xffa, 0xffc, 0xffd, 0xffe, 0xfff].map((o) => TOP + o),
];

interface Tier {
  memory: MemoryKind | undefined;
  threshold: number;
}
const TIERS: Tier[] = [
  { memory: undefined, threshold: 0 }, // accessor calls, compiled: the reference
  { memory: 'flat', threshold: 0 },
  { memory: 'flat', threshold: 100 }, // templates
];

function userMachine(tier: Tier) {
  const machine = testMachine();
  const { m, engine } = machine;
  for (const p of [RW, BELOW_SIGN, ABOVE_SIGN, TOP]) m.map(p, 0x1000, Prot.RW);
  m.map(RO, 0x1000, Prot.Read);
  engine.compileOptions = { memory: tier.memory };
  engine.compileThreshold = tier.threshold;
  return machine;
}

/** Runs one instruction at CODE + 0x800 with r4 = ea; what it left behind. */
function runOne(machine: ReturnType<typeof userMachine>, word: number, ea: number) {
  const { s, m, raised, engine } = machine;
  const at = CODE + 0x800;
  engine.invalidate(at);
  m.w32(at, word);
  m.w32(at + 4, 0); // invalid: ends the run
  for (const p of PAGES) for (let a = 0; a < 0x1000; a++) m.bytes[p + a] = (a * 7 + (p >>> 12)) & 0xff;
  raised.length = 0;
  s.gpr.fill(0);
  for (let n = 0; n < 32; n++) s.gpr[n] = 0x01020304 * (n + 1);
  s.gpr[4] = ea | 0;
  s.fprBits[2] = 0x89abcdef;
  s.fprBits[3] = 0x40123456;
  s.pc = at;
  engine.run(10);
  const memory = PAGES.map((p) => Buffer.from(m.bytes.subarray(p, p + 0x1000)).toString('hex'));
  return { raised: [...raised], gpr: [...s.gpr], fpr: [s.fprBits[2], s.fprBits[3]], memory };
}

describe('memory fast path, user mode', () => {
  it('ends every access near page ends, across 2^31 and at the top of memory as the accessors do', () => {
    const machines = TIERS.map(userMachine);
    for (const [name, word] of Object.entries(ACCESSES)) {
      for (const ea of EAS) {
        const [reference, ...others] = machines.map((mc) => runOne(mc, word, ea));
        const label = `${name} at 0x${(ea >>> 0).toString(16)}`;
        for (const other of others) expect(other, label).toEqual(reference);
      }
    }
    // The cases did exercise both outcomes.
    const ref = machines[0];
    expect(runOne(ref, ACCESSES.stw, RO + 0x10).raised).toEqual([{ code: -1, pc: CODE + 0x800, detail: RO + 0x10 }]);
    expect(runOne(ref, ACCESSES.lwz, RO + 0xffe).raised).toEqual([{ code: -1, pc: CODE + 0x800, detail: HOLE + 1 }]); // FlatMemory reports the access's last byte
    expect(runOne(ref, ACCESSES.lhz, TOP + 0xfff).raised).toEqual([{ code: -1, pc: CODE + 0x800, detail: 0 }]);
    const top = [0xffc, 0xffd, 0xffe, 0xfff].map((a) => (a * 7 + (TOP >>> 12)) & 0xff);
    expect(runOne(ref, ACCESSES.lwz, TOP + 0xffc).gpr[5]).toBe(Buffer.from(top).readInt32BE(0));
  });

  it('sends a store into a page with translated code to the accessor, which drops the blocks', () => {
    for (const tier of TIERS.slice(1)) {
      const { s, m, engine } = userMachine(tier);
      const target = CODE + 0x400;
      m.w32(target, 0x38a00001); // li r5, 1
      m.w32(target + 4, 0);
      s.pc = target;
      engine.run(10);
      expect(s.gpr[5]).toBe(1);
      expect(m.codePages[CODE >>> 12]).toBe(1);
      const translated = engine.cache.get(target)!;
      // A block on another page stores `li r5, 2` over it.
      m.map(0x40000, 0x1000, Prot.RWX);
      m.w32(0x40000, ACCESSES.stw);
      m.w32(0x40004, 0);
      s.gpr[4] = target;
      s.gpr[5] = 0x38a00002;
      s.pc = 0x40000;
      engine.run(10);
      expect(translated.valid).toBe(false);
      expect(m.codePages[CODE >>> 12]).toBe(0);
      s.pc = target;
      engine.run(10);
      expect(s.gpr[5]).toBe(2);
    }
  });
});

/** A device recording its accesses (reads return a value derived from offset and size). */
function device(log: string[]): MmioDevice {
  return {
    read: (offset, size) => {
      log.push(`r${size}@${offset.toString(16)}`);
      return (0x5a5a5a5a + offset + size) & (size === 4 ? -1 : (1 << (8 * size)) - 1);
    },
    write: (offset, size, value) => log.push(`w${size}@${offset.toString(16)}=${(value >>> 0).toString(16)}`),
  };
}

const RAM = 1 << 24;
const SYS_CODE = 0x10000;
const MMIO = 0xf0000000;
/** DBAT0 maps EA 0xc0000000 → PA 0 read/write, DBAT1 EA 0xd0000000 → PA 0x100000 read-only. */
const BAT_RW = 0xc0000000;
const BAT_RO = 0xd0000000;

interface SysTier {
  memory: MemoryKind | undefined;
  threshold: number;
}
const SYS_TIERS: SysTier[] = [
  { memory: undefined, threshold: 0 },
  { memory: 'tlb', threshold: 0 },
  { memory: 'tlb', threshold: 100 },
];

function systemMachine(tier: SysTier) {
  const s = new CpuState();
  const m = new SystemMemory(RAM, s);
  const log: string[] = [];
  m.addRegion(MMIO, 0x10000, device(log));
  s.spr[Spr.DBAT0U] = BAT_RW | (0x7f << 2) | 2; // 16 MiB, supervisor valid
  s.spr[Spr.DBAT0U + 1] = 0x2; // PP = RW
  s.spr[Spr.DBAT0U + 2] = BAT_RO | (0x7 << 2) | 2; // 1 MiB
  s.spr[Spr.DBAT0U + 3] = 0x100000 | 0x1; // PP = read-only
  const raised: (Raised & { bits?: number })[] = [];
  let engine: Engine | undefined;
  const rt = testRuntime(() => engine!, raised, {
    fault: (_s: CpuState, err: unknown, pc: number) => {
      if (!(err instanceof TranslationFault)) throw err;
      raised.push({ code: -err.kind, pc, detail: err.address, bits: err.bits });
      engine!.stopped = true;
      return pc;
    },
  });
  engine = new Engine(s, m, rt);
  engine.compileOptions = { memory: tier.memory };
  engine.compileThreshold = tier.threshold;
  m.onCodeWrite = (pa) => engine!.invalidate(pa);
  return { s, m, engine, raised, log };
}

/** Runs `words` at SYS_CODE (real-mode fetch) with MSR = `msr` and r4 = ea, twice (TLB cold, then warm). */
function runSystem(machine: ReturnType<typeof systemMachine>, words: number[], ea: number, msr: number) {
  const { s, m, engine, raised, log } = machine;
  words.forEach((w, i) => {
    engine.invalidate(SYS_CODE + 4 * i);
    m.write32(SYS_CODE + 4 * i, w);
  });
  m.write32(SYS_CODE + 4 * words.length, 0);
  for (let a = 0; a < 0x3000; a++) m.bytes[0x1000 + a] = (a * 13) & 0xff;
  for (let a = 0; a < 0x3000; a++) m.bytes[0x100000 + a] = (a * 5) & 0xff;
  raised.length = 0;
  log.length = 0;
  const outcomes = [];
  for (let pass = 0; pass < 2; pass++) {
    for (let n = 0; n < 32; n++) s.gpr[n] = 0x0a0b0c0d * (n + 1);
    s.gpr[4] = ea | 0;
    s.fprBits[2] = 0x89abcdef;
    s.fprBits[3] = 0x40123456;
    s.r[R.MSR] = msr;
    m.flushTlb();
    s.pc = SYS_CODE;
    engine.run(10);
    outcomes.push({ gpr: [...s.gpr], fpr: [s.fprBits[2], s.fprBits[3]] });
  }
  const ram = Buffer.from(m.bytes.subarray(0x1000, 0x4000)).toString('hex');
  const roRam = Buffer.from(m.bytes.subarray(0x100000, 0x103000)).toString('hex');
  return { outcomes, raised: [...raised], log: [...log], ram, roRam };
}

describe('memory fast path, system mode (soft TLB)', () => {
  const machines = SYS_TIERS.map(systemMachine);
  const compare = (label: string, words: number[], ea: number, msr: number) => {
    const [reference, ...others] = machines.map((mc) => runSystem(mc, words, ea, msr));
    for (const other of others) expect(other, label).toEqual(reference);
    return reference;
  };
  /** The access twice in one block: the first fills the TLB, the second hits it. */
  const twice = (word: number) => [word, word];

  it('reads and writes RAM in real mode and through BATs as the accessors do, near page ends too', () => {
    for (const [name, word] of Object.entries(ACCESSES)) {
      for (const base of [0x1000, BAT_RW + 0x1000, BAT_RO]) {
        for (const offset of [0, 0x7f8, 0xff8, 0xffc, 0xffd, 0xffe, 0xfff]) {
          const msr = base === 0x1000 ? 0 : MSR.DR;
          compare(`${name} at 0x${(base + offset).toString(16)}`, twice(word), base + offset, msr);
        }
      }
    }
  });

  it('faults on stores to a read-only BAT with the exact DSISR and DAR', () => {
    const { raised } = compare('stw read-only', twice(ACCESSES.stw), BAT_RO + 0x10, MSR.DR);
    expect(raised[0]).toEqual({
      code: -1,
      pc: SYS_CODE,
      detail: BAT_RO + 0x10,
      bits: FaultBits.Protection | FaultBits.Store,
    });
    // A word store crossing from a writable page into an unmapped one stores nothing.
    const crossing = compare('stw into unmapped', twice(ACCESSES.stw), BAT_RW + 0xfffffe, MSR.DR);
    expect(crossing.raised[0]).toMatchObject({
      detail: BAT_RW + 0x1000000,
      bits: FaultBits.NotFound | FaultBits.Store,
    });
  });

  it('takes MMIO through the accessors, with the TLB warm for RAM', () => {
    const words = [ACCESSES.lwz, ACCESSES.stw, ACCESSES.lbz, ACCESSES.stb, ACCESSES.lhz, ACCESSES.sth];
    const { log } = compare('mmio', words, MMIO + 0x20, 0);
    expect(log.slice(0, 6)).toEqual(['r4@20', 'w4@20=5a5a5a7e', 'r1@20', 'w1@20=7b', 'r2@20', 'w2@20=5a7c']);
    expect(log).toHaveLength(12);
  });

  it('sends a store into a page with translated code to the accessor, which drops the blocks', () => {
    for (const tier of SYS_TIERS.slice(1)) {
      const { s, m, engine } = systemMachine(tier);
      const target = 0x20400;
      const store = (ea: number, value: number) => {
        s.gpr[4] = ea;
        s.gpr[5] = value;
        s.pc = 0x30000;
        engine.run(10);
      };
      m.write32(0x30000, ACCESSES.stw);
      m.write32(0x30004, 0);
      // The store's page is in the write TLB before it holds translated code, so the next
      // store to it hits the TLB and must still see the code flag.
      store(target + 0x100, 0);
      m.write32(target, 0x38a00001); // li r5, 1
      m.write32(target + 4, 0);
      s.pc = target;
      engine.run(10);
      expect(s.gpr[5]).toBe(1);
      expect(m.codePages[target >>> 12]).toBe(1);
      store(target, 0x38a00002); // li r5, 2
      expect(m.codePages[target >>> 12]).toBe(0);
      s.pc = target;
      engine.run(10);
      expect(s.gpr[5]).toBe(2);
    }
  });
});

/** The generated code parsed with acorn: its `const` declarations and the calls of `m`. */
function shape(body: string) {
  const ast = acorn.parse(`function f(s, m, rt, w, pc) {\n${body}\n}`, { ecmaVersion: 2022 }) as acorn.Program;
  const consts = new Map<string, string>();
  const calls: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as acorn.AnyNode;
    if (n.type === 'VariableDeclaration' && n.kind === 'const') {
      for (const decl of n.declarations) {
        const init = decl.init;
        if (init?.type === 'MemberExpression' && init.object.type === 'Identifier' && init.object.name === 'm') {
          consts.set((decl.id as acorn.Identifier).name, (init.property as acorn.Identifier).name);
        }
      }
    }
    if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression') {
      const { object, property } = n.callee;
      if (object.type === 'Identifier' && object.name === 'm') calls.push((property as acorn.Identifier).name);
    }
    for (const value of Object.values(n)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && 'type' in value) visit(value);
    }
  };
  visit(ast);
  return { consts, calls };
}

describe('memory fast path, generated code', () => {
  const insns = (words: number[]) => words.map((word, i) => ({ pc: CODE + 4 * i, word, def: decode(word) }));

  it('loads the arrays it uses from m once, and keeps the accessor as the slow path', () => {
    const words = [ACCESSES.lwz, ACCESSES.stb, ACCESSES.lfd];
    const flat = shape(generateBlock(insns(words), ALL_FACILITIES, 'flat').body);
    expect(Object.fromEntries(flat.consts)).toEqual({
      mBytes: 'bytes',
      mCode: 'codePages',
      mProt: 'prot',
      mView: 'dv',
    });
    expect(flat.calls.sort()).toEqual(['r32', 'rf64', 'w8']);
    const tlb = shape(generateBlock(insns(words), ALL_FACILITIES, 'tlb').body);
    expect(Object.fromEntries(tlb.consts)).toEqual({
      mBytes: 'bytes',
      mCode: 'codePages',
      mView: 'dv',
      rPage: 'readPage',
      rTag: 'readTag',
      wPage: 'writePage',
      wTag: 'writeTag',
    });
    expect(tlb.calls.sort()).toEqual(['r32', 'rf64', 'w8']);
    // Without a memory kind: accessor calls only.
    const calls = shape(generateBlock(insns(words), ALL_FACILITIES).body);
    expect(calls.consts.size).toBe(0);
  });

  it('loads nothing from m in a block without memory accesses; templates too', () => {
    const add = 0x7c642a14; // add r3, r4, r5
    expect(shape(generateBlock(insns([add]), ALL_FACILITIES, 'flat').body).consts.size).toBe(0);
    const lwz = insns([ACCESSES.lwz])[0];
    const shapeOf = { key: lwz.word, gprFields: new Map(), fprFields: new Map(), immediates: new Set<never>() };
    const template = shape(generateTemplate(lwz.def, shapeOf, ALL_FACILITIES, 'tlb').body);
    expect([...template.consts.keys()].sort()).toEqual(['mView', 'rPage', 'rTag']);
    expect(template.calls).toEqual(['r32']);
  });

  it('keys templates by memory kind', () => {
    const block = insns([ACCESSES.lwz]);
    const flat = templateBlock(block, ALL_FACILITIES, 'flat');
    const tlb = templateBlock(block, ALL_FACILITIES, 'tlb');
    const calls = templateBlock(block, ALL_FACILITIES);
    // A template of the other kind would read arrays the memory does not have (a TypeError
    // the test runtime rethrows): each runs on its own memory and loads the word.
    const s = new CpuState();
    const flatMemory = new FlatMemory();
    flatMemory.map(0x5000, 0x1000, Prot.Read);
    const systemMemory = new SystemMemory(1 << 20, s);
    const rt = testRuntime(() => ({ invalidate: () => {} }) as unknown as Engine, []);
    for (const [t, m] of [
      [flat, flatMemory],
      [calls, flatMemory],
      [tlb, systemMemory],
      [calls, systemMemory],
    ] as const) {
      m.bytes.set([1, 2, 3, 4], 0x5000);
      s.gpr[4] = 0x5000;
      s.gpr[5] = 0;
      t.fn(s, m, rt);
      t.fn(s, m, rt); // the TLB is warm now
      expect(s.gpr[5]).toBe(0x01020304);
    }
  });
});
