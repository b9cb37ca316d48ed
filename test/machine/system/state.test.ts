import { describe, expect, it } from 'vitest';
import { SystemMemory } from '../../../src/machine/system/system-memory.js';
import { TimeBase } from '../../../src/machine/system/time-base.js';
import { CpuState } from '../../../src/runtime/cpu-state.js';

describe('SystemMemory RAM pages', () => {
  it('captures only non-zero pages and restores them into a fresh RAM', () => {
    const s = new CpuState();
    const a = new SystemMemory(1 << 20, s);
    a.write32(0x0, 0x12345678);
    a.write32(0x3ffc, 1); // last word of page 3
    a.write32(0xff000, -1);
    const { pages, data } = a.captureRamPages();
    expect([...pages]).toEqual([0, 3, 0xff]);
    expect(data.length).toBe(3 * 4096);
    const b = new SystemMemory(1 << 20, new CpuState());
    b.restoreRamPages(pages, data);
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
  });

  it('flushes the soft TLB on restore (a cached page mapping does not survive)', () => {
    const s = new CpuState();
    const m = new SystemMemory(1 << 20, s);
    expect(m.r32(0x2000)).toBe(0); // fills the TLB for page 2 (MSR[DR]=0)
    const source = new SystemMemory(1 << 20, new CpuState());
    source.write32(0x2000, 0x55aa);
    const { pages, data } = source.captureRamPages();
    m.restoreRamPages(pages, data);
    expect(m.r32(0x2000)).toBe(0x55aa);
    expect(() => m.restoreRamPages(Uint32Array.of(0x100), new Uint8Array(4096))).toThrow(/beyond RAM/);
  });
});

describe('TimeBase state', () => {
  it('continues guest time from the captured tick count whatever the new clock reads', () => {
    let now = 5000;
    const a = new TimeBase(1_000_000, () => now);
    a.setUpper(2);
    a.setDecrementer(700);
    now += 0.2; // 200 ticks
    const state = structuredClone(a.saveState());
    let later = 123; // another process: its clock starts somewhere else entirely
    const b = new TimeBase(1_000_000, () => later);
    b.loadState(state);
    expect(b.ticks()).toBe(a.ticks());
    expect(b.decrementer()).toBe(500);
    now += 0.6;
    later += 0.6;
    expect(b.ticks()).toBe(a.ticks());
    expect([b.upper(), b.lower()]).toEqual([a.upper(), a.lower()]);
    expect(b.takeDecrementerInterrupt()).toBe(true);
    expect(a.takeDecrementerInterrupt()).toBe(true);
    expect(b.takeDecrementerInterrupt()).toBe(false);
  });

  it('keeps a taken decrementer interrupt taken', () => {
    let now = 0;
    const a = new TimeBase(1_000_000, () => now);
    a.setDecrementer(10);
    now = 1;
    expect(a.takeDecrementerInterrupt()).toBe(true);
    const b = new TimeBase(1_000_000, () => 0);
    b.loadState(a.saveState());
    expect(b.takeDecrementerInterrupt()).toBe(false);
    expect(b.skipToNextEvent()).toBe(0);
  });
});
