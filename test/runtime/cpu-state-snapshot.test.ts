import { describe, expect, it } from 'vitest';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { captureCpuState, restoreCpuState } from '../../src/runtime/cpu-state-snapshot.js';
import { xorshift32 } from '../support/xorshift.js';

function randomState(seed: number): CpuState {
  const s = new CpuState();
  const next = xorshift32(seed);
  for (const a of [s.gpr, s.fprBits, s.vr, s.r, s.spr, s.sr]) for (let i = 0; i < a.length; i++) a[i] = next() | 0;
  return s;
}

describe('CpuState snapshot', () => {
  it('restores every register array into a fresh CpuState bit for bit (NaN payloads too)', () => {
    const s = randomState(7);
    s.fprBits[0] = 0x7ff00000; // a signalling NaN with payload 1 in the low word
    s.fprBits[1] = 1;
    const t = new CpuState();
    restoreCpuState(t, captureCpuState(s));
    for (const k of ['gpr', 'fprBits', 'vr', 'r', 'spr', 'sr'] as const) expect(t[k]).toEqual(s[k]);
    expect(t.pc).toBe(s.pc);
    expect(t.xer).toBe(s.xer);
    expect(t.r[R.MSR]).toBe(s.r[R.MSR]);
  });

  it('rejects truncated or mis-sized state', () => {
    const bytes = captureCpuState(randomState(3));
    expect(() => restoreCpuState(new CpuState(), bytes.subarray(0, bytes.length - 4))).toThrow(/truncated/);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(() => restoreCpuState(new CpuState(), longer)).toThrow(/trailing/);
    const wrongCount = bytes.slice();
    wrongCount[3] = 31; // gpr count
    expect(() => restoreCpuState(new CpuState(), wrongCount)).toThrow(/'gpr' has 31 words/);
  });
});
