import { describe, expect, it } from 'vitest';
import { Spr } from '../../../src/cpu/spr.js';
import { type MmioDevice, SystemMemory, TranslationFault } from '../../../src/machine/system/system-memory.js';
import { CpuState, R } from '../../../src/runtime/cpu-state.js';
import { MSR } from '../../../src/runtime/interrupts.js';

function device(log: string[]): MmioDevice {
  return {
    read: (offset, size) => {
      log.push(`r${size}@${offset.toString(16)}`);
      return 0x5a;
    },
    write: (offset, size, value) => log.push(`w${size}@${offset.toString(16)}=${value.toString(16)}`),
  };
}

describe('system memory', () => {
  it('reads and writes RAM big-endian in real mode, across a page boundary too', () => {
    const s = new CpuState();
    const m = new SystemMemory(1 << 20, s);
    m.w32(0x1000, 0x11223344);
    expect(m.r8(0x1000)).toBe(0x11);
    expect(m.r16(0x1002)).toBe(0x3344);
    m.w32(0x1ffe, 0xaabbccdd | 0);
    expect(m.r32(0x1ffe) >>> 0).toBe(0xaabbccdd);
    expect(m.r16s(0x1ffe)).toBe(-0x5545);
  });

  it('dispatches MMIO with offsets and sizes and never caches it', () => {
    const s = new CpuState();
    const m = new SystemMemory(1 << 20, s);
    const log: string[] = [];
    m.addRegion(0xfe000000, 0x10000, device(log));
    m.w8(0xfe0002f8, 0x41);
    expect(m.r8(0xfe0002fd)).toBe(0x5a);
    expect(m.r8(0xfe0002fd)).toBe(0x5a);
    expect(log).toEqual(['w1@2f8=41', 'r1@2fd', 'r1@2fd']);
    expect(m.r32(0x80000000)).toBe(0);
    expect(m.unassignedAccesses).toBe(1);
  });

  it('translates through a BAT with DR set, and a flush drops stale entries', () => {
    const s = new CpuState();
    const m = new SystemMemory(1 << 20, s);
    m.w32(0x2000, 0x12345678);
    s.spr[Spr.DBAT0U] = 0xc0000000 | (0x7ff << 2) | 2 | 0;
    s.spr[Spr.DBAT0U + 1] = 2;
    s.r[R.MSR] = MSR.DR;
    m.flushTlb();
    expect(m.r32(0xc0002000)).toBe(0x12345678);
    s.spr[Spr.DBAT0U] = 0;
    expect(m.r32(0xc0002000)).toBe(0x12345678); // cached until the flush the machine must do
    m.flushTlb();
    let fault: unknown;
    try {
      m.r32(0xc0002000);
    } catch (e) {
      fault = e;
    }
    expect(fault).toBeInstanceOf(TranslationFault);
    expect((fault as TranslationFault).bits).toBe(0x40000000);
  });

  it('reports stores to code pages and keeps them off the fast path', () => {
    const s = new CpuState();
    const m = new SystemMemory(1 << 20, s);
    const hits: number[] = [];
    m.onCodeWrite = (pa) => hits.push(pa);
    m.w32(0x3000, 1);
    m.codePages[3] = 1;
    m.w32(0x3004, 2);
    m.w8(0x3008, 2);
    expect(hits).toEqual([0x3004, 0x3008]);
  });
});
