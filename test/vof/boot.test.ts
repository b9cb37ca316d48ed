/** vofBootState: what the machine sets up before entering the client (spec §3.2). */
import { describe, expect, it } from 'vitest';
import { VofBootError, vofBootState } from '../../src/vof/boot.js';
import { arrayMemory } from '../../src/vof/client-interface.js';
import {
  CLIENT_ENTRY_ADDR,
  EPAPR_RTAS_TOKEN,
  EPAPR_VOF_CLIENT_TOKEN,
  entryStub,
  KVM_SC_MAGIC_R0,
  OSI_OF_INTERFACE,
  OSI_SC_MAGIC_R3,
  OSI_SC_MAGIC_R4,
} from '../../src/vof/firmware.js';
import { vofHypercalls } from '../../src/vof/hypercall.js';
import { bootHarness, MiB, pegasos2BootTree } from './harness.js';

const console_ = { write: () => {} };

describe('vofBootState', () => {
  it('enters the client with QEMU’s registers', () => {
    const boot = vofBootState({
      memory: arrayMemory(new Uint8Array(64 * MiB)),
      console: console_,
      tree: pegasos2BootTree(64 * MiB),
      kernel: { start: 0x400000, size: 0x8000, entry: 0x400100 },
      initrd: { start: 0x1000000, size: 0x20000 },
    });
    expect(boot.registers).toEqual({
      pc: 0x400100,
      r1: 0xff60,
      r3: 0x1000000,
      r4: 0x20000,
      r5: 0x10c,
      lr: 0x100,
      msr: 0x40,
    });
    expect(boot.vof.claimedRanges()).toEqual([
      { start: 0, size: 0xda0 },
      { start: 0x8000, size: 0x8000 },
      { start: 0x400000, size: 0x8000 },
      { start: 0x1000000, size: 0x20000 },
    ]);
    const chosen = boot.vof.tree.findPath('/chosen');
    expect(chosen?.props.map((p) => p.name)).toEqual([
      'stdout',
      'phandle',
      'qemu,boot-kernel',
      'name',
      'bootargs',
      'linux,initrd-start',
      'linux,initrd-end',
    ]);
    // "VOF assumes entry is same as load address": size is counted from the entry
    expect([...(chosen?.getProp('qemu,boot-kernel') ?? [])]).toEqual([
      0, 0, 0, 0, 0, 0x40, 1, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0,
    ]);
    expect(boot.images[0]).toMatchObject({ addr: 0 });
    expect(boot.images[0].bytes.length).toBe(0xda0);
  });
  it('refuses a kernel overlapping the firmware or the stack, or leaving RAM', () => {
    const memory = arrayMemory(new Uint8Array(16 * MiB));
    const make = (start: number, size: number) => () =>
      vofBootState({
        memory,
        console: console_,
        tree: pegasos2BootTree(memory.ramSize),
        kernel: { start, size, entry: start },
      });
    expect(make(0, 0x1000)).toThrow(VofBootError);
    expect(make(0xc000, 0x1000)).toThrow(VofBootError);
    expect(make(15 * MiB, 2 * MiB)).toThrow(VofBootError);
    expect(make(0x10000, 0x1000)).not.toThrow();
  });
  it('without a kernel there is no qemu,boot-kernel and the client-return trap is the pc', () => {
    const boot = vofBootState({
      memory: arrayMemory(new Uint8Array(16 * MiB)),
      console: console_,
      tree: pegasos2BootTree(16 * MiB),
    });
    expect(boot.vof.tree.findPath('/chosen')?.getProp('qemu,boot-kernel')).toBeUndefined();
    expect(boot.registers.pc).toBe(0x100);
  });
});

describe('--vof-entry modes', () => {
  it('each mode puts its own stub at 0x10C and serves the same client interface', () => {
    const results = (['vhyp', 'osi', 'epapr'] as const).map((mode) => {
      const h = bootHarness({ entryMode: mode, bootargs: 'x' });
      const view = new DataView(h.ram.buffer);
      const words = entryStub(mode).map((_, i) => view.getUint32(CLIENT_ENTRY_ADDR + 4 * i));
      expect(words).toEqual(entryStub(mode));
      return [
        h.ci('finddevice', 1, 1, '/chosen'),
        h.ci('getprop', 4, 1, 3, 'bootargs', 0x30000, 16),
        h.ci('claim', 3, 1, 0, 0x1000, 0x1000),
      ];
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
  it('register conventions', () => {
    expect(OSI_SC_MAGIC_R3).toBe(0x113724fa);
    expect(OSI_SC_MAGIC_R4).toBe(0x77810f9b);
    expect(OSI_OF_INTERFACE).toBe(20);
    expect(KVM_SC_MAGIC_R0).toBe(0x4b564d21);
    expect(EPAPR_VOF_CLIENT_TOKEN).toBe(0xfffff005);
    expect(EPAPR_RTAS_TOKEN).toBe(0xfffff000);
  });
  it('instantiate-rtas copies the blob of the chosen mode (ePAPR blob fits rtas-size)', () => {
    const h = bootHarness({ entryMode: 'epapr' });
    expect(h.ci('call-method', 3, 2, 'instantiate-rtas', 2, 0x700000)).toEqual({ status: 0, rets: [0, 0x700000] });
    expect(h.cellsAt(0x700000, 5)).toEqual([0x3960f000, 0x3c004b56, 0x60004d21, 0x44000002, 0x4e800020]);
  });
  it('instantiate-rtas with a too-small rtas-size falls to call-method → -1 (QEMU: fatal exit)', () => {
    const h = bootHarness();
    h.put(0x40000, new Uint8Array([0, 0, 0, 16]));
    expect(h.ci('setprop', 4, 1, 7, 'rtas-size', 0x40000, 4).rets).toEqual([4]);
    const rtas = h.ci('open', 1, 1, '/rtas').rets[0];
    expect(h.ci('call-method', 3, 2, 'instantiate-rtas', rtas, 0x700000)).toEqual({ status: 0, rets: [0xffffffff, 0] });
    expect(h.cellsAt(0x700000, 1)).toEqual([0]);
  });
});

describe('hypercall handlers for the sc stub', () => {
  const setup = () => {
    const h = bootHarness();
    const rtasCalls: number[] = [];
    const calls = vofHypercalls(h.vof, (a) => {
      rtasCalls.push(a);
      return 0;
    });
    h.put(0x21000, 'finddevice');
    h.put(0x21100, '/chosen');
    const view = new DataView(h.ram.buffer);
    [0x21000, 1, 1, 0x21100, 0].forEach((c, i) => view.setUint32(0x20000 + 4 * i, c));
    const gpr = new Int32Array(32);
    return { h, gpr, calls, rtasCalls, ret: () => view.getUint32(0x20010) };
  };
  it('vhyp: r3 = 0xF005 / r4 = block; 0xF000 → RTAS; other tokens → -1', () => {
    const { gpr, calls, rtasCalls, ret } = setup();
    gpr[3] = 0xf005;
    gpr[4] = 0x20000;
    calls.hypercall({ gpr });
    expect([gpr[3], ret()]).toEqual([0, 3]);
    gpr[3] = 0xf000;
    gpr[4] = 0x5000;
    calls.hypercall({ gpr });
    expect(rtasCalls).toEqual([0x5000]);
    gpr[3] = 0x1234;
    calls.hypercall({ gpr });
    expect(gpr[3]).toBe(-1);
  });
  it('osi: r5 = 20 / r6 = block; ePAPR: r11 = 0xFFFFF005 / r3 = block', () => {
    const { gpr, calls, ret, h } = setup();
    gpr[3] = OSI_SC_MAGIC_R3 | 0;
    gpr[4] = OSI_SC_MAGIC_R4 | 0;
    gpr[5] = 20;
    gpr[6] = 0x20000;
    calls.osi({ gpr });
    expect([gpr[3], ret()]).toEqual([0, 3]);
    h.ram.fill(0, 0x20010, 0x20014);
    gpr[11] = EPAPR_VOF_CLIENT_TOKEN | 0;
    gpr[3] = 0x20000;
    calls.epapr({ gpr });
    expect([gpr[3], ret()]).toEqual([0, 3]);
    gpr[11] = 0x2a0003;
    calls.epapr({ gpr });
    expect(gpr[3]).toBe(12);
  });
});
