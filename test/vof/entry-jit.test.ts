/**
 * The firmware entry stubs executed by the JIT: a client calls the client-interface entry (r5)
 * with `bctrl`, the stub's `sc` goes through the project's sc stub (src/runtime/sc.ts) to our
 * hypercall handlers and `Vof.clientCall`, and `blr` returns to the client. Same client, three
 * `--vof-entry` modes, identical results.
 */
import { describe, expect, it } from 'vitest';
import { findCpuModel } from '../../src/cpu/models.js';
import { Engine } from '../../src/jit/engine.js';
import { CpuState } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { selectScStub } from '../../src/runtime/sc.js';
import { vofBootState } from '../../src/vof/boot.js';
import type { VofMemory } from '../../src/vof/client-interface.js';
import type { VofEntryMode } from '../../src/vof/firmware.js';
import { vofHypercalls } from '../../src/vof/hypercall.js';
import { type Raised, testRuntime } from '../jit/harness.js';
import { pegasos2BootTree } from './harness.js';

const RAM = 0x40000;
const CLIENT = 0x10000;
const BLOCK = 0x20000;

function flatVofMemory(m: FlatMemory): VofMemory {
  const inRam = (addr: number, len: number) => addr + len <= RAM;
  return {
    ramSize: RAM,
    read(addr, len) {
      if (!inRam(addr, len)) return undefined;
      const out = new Uint8Array(len);
      for (let i = 0; i < len; i++) out[i] = m.r8(addr + i);
      return out;
    },
    write(addr, bytes) {
      if (!inRam(addr, bytes.length)) return false;
      bytes.forEach((b, i) => m.w8(addr + i, b));
      return true;
    },
  };
}

function runClient(mode: VofEntryMode) {
  const m = new FlatMemory();
  m.map(0, RAM, Prot.RWX);
  const console: number[] = [];
  const boot = vofBootState({
    memory: flatVofMemory(m),
    console: { write: (b) => console.push(...b) },
    entryMode: mode,
    tree: pegasos2BootTree(RAM),
  });
  for (const image of boot.images) image.bytes.forEach((b, i) => m.w8(image.addr + i, b));
  const calls = vofHypercalls(boot.vof, () => 0);
  const sc = selectScStub({
    model: findCpuModel('7400'),
    hypercall: mode === 'vhyp' ? calls.hypercall : undefined,
    osi: mode === 'osi' ? calls.osi : undefined,
    epapr: mode === 'epapr' ? calls.epapr : undefined,
  });
  // Block: finddevice("/chosen") then write(stdout, "hi", 2), strings after the block.
  const put32 = (a: number, v: number) => m.w32(a, v >>> 0);
  const putStr = (a: number, s: string) => [...`${s}\0`].forEach((c, i) => m.w8(a + i, c.charCodeAt(0)));
  putStr(BLOCK + 0x100, 'finddevice');
  putStr(BLOCK + 0x120, '/chosen');
  putStr(BLOCK + 0x140, 'write');
  putStr(BLOCK + 0x160, 'hi');
  [BLOCK + 0x100, 1, 1, BLOCK + 0x120, 0].forEach((v, i) => put32(BLOCK + 4 * i, v));
  [BLOCK + 0x140, 3, 1, 1, BLOCK + 0x160, 2, 0].forEach((v, i) => put32(BLOCK + 0x40 + 4 * i, v));
  // r5 is volatile across the call (the OSI stub uses it for the selector), so the client keeps
  // the entry in r30 as real clients keep it in a global.
  const client = [
    0x7cbe2b78, // mr r30,r5
    0x3c600002, // lis r3,2          (r3 = BLOCK)
    0x7fc903a6, // mtctr r30
    0x4e800421, // bctrl
    0x7c7f1b78, // mr r31,r3        (status of the first call)
    0x3c600002, // lis r3,2
    0x38630040, // addi r3,r3,0x40
    0x7fc903a6, // mtctr r30
    0x4e800421, // bctrl
    0x00000000, // stop
  ];
  client.forEach((w, i) => put32(CLIENT + 4 * i, w));
  const s = new CpuState();
  const raised: Raised[] = [];
  let engine: Engine | undefined;
  const rt = testRuntime(() => engine!, raised, { sc: (st: CpuState, lev: number, pc: number) => sc(st, lev, pc) });
  engine = new Engine(s, m, rt);
  s.pc = CLIENT;
  s.gpr[1] = boot.registers.r1;
  s.gpr[5] = boot.registers.r5;
  engine.run(10_000);
  return {
    status1: s.gpr[31],
    status2: s.gpr[3],
    finddevice: m.r32(BLOCK + 16),
    write: m.r32(BLOCK + 0x40 + 24),
    console: String.fromCharCode(...console),
    stoppedAt: raised[0]?.pc,
  };
}

describe('client-interface entry stubs under the JIT', () => {
  const results = (['vhyp', 'osi', 'epapr'] as const).map(runClient);
  it('vhyp: sc 1 / r3=0xF005 reaches clientCall and returns to the client', () => {
    expect(results[0]).toEqual({
      status1: 0,
      status2: 0,
      finddevice: 3,
      write: 2,
      console: 'hi',
      stoppedAt: CLIENT + 36,
    });
  });
  it('osi and epapr give the client identical results', () => {
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
