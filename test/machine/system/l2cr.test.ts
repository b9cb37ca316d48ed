// L2CR's global invalidate completes at once: L2IP never reads set, and on the MPC7450 family,
// whose hardware clears L2I itself (Linux's _set_L2CR polls L2I there), L2I reads back clear.
import { describe, expect, it } from 'vitest';
import { findCpuModel } from '../../../src/cpu/models.js';
import { Spr } from '../../../src/cpu/spr.js';
import { SystemMemory } from '../../../src/machine/system/system-memory.js';
import { createSystemRuntime } from '../../../src/machine/system/system-runtime.js';
import { TimeBase } from '../../../src/machine/system/time-base.js';
import { CpuState } from '../../../src/runtime/cpu-state.js';

const L2E = 0x80000000;
const L2I = 0x00200000;
const L2IP = 0x00000001;

function l2crAfterWrite(cpu: string, value: number): number {
  const s = new CpuState();
  const rt = createSystemRuntime({
    model: findCpuModel(cpu),
    memory: new SystemMemory(1 << 20, s),
    timeBase: new TimeBase(33_333_333, () => 0),
    sc: (() => 0) as never,
    engine: () => undefined as never,
  });
  rt.mtspr?.(s, Spr.L2CR, value);
  return (rt.mfspr?.(s, Spr.L2CR) ?? -1) >>> 0;
}

describe('L2CR global invalidate', () => {
  it('7447A and 7457: L2I reads back clear', () => {
    expect(l2crAfterWrite('7447a', L2E | L2I)).toBe(L2E);
    expect(l2crAfterWrite('7457', L2I | L2IP)).toBe(0);
  });
  it('7400: L2I stays until software clears it, L2IP never reads set', () => {
    expect(l2crAfterWrite('7400', L2E | L2I | L2IP)).toBe((L2E | L2I) >>> 0);
  });
});
