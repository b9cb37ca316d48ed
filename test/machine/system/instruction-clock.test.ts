import { describe, expect, it } from 'vitest';
import {
  INSTRUCTIONS_PER_TICK,
  InstructionClock,
  SLICE_INSTRUCTIONS,
} from '../../../src/machine/system/instruction-clock.js';
import { TimeBase } from '../../../src/machine/system/time-base.js';

const hostClockForbidden = () => {
  throw new Error('the host clock was read');
};

describe('the instruction clock (deterministic guest time)', () => {
  it('is IPC 1 at the 1 GHz core clock over the 33.333 MHz time base', () => {
    expect(INSTRUCTIONS_PER_TICK).toBe(Math.round(1e9 / 33_333_333));
  });

  it('advances only when a slice ends, by the instructions the slice retired', () => {
    const clock = new InstructionClock();
    clock.retire(INSTRUCTIONS_PER_TICK * 10 + 7);
    expect(clock.ticks()).toBe(0); // still inside the slice
    expect(clock.sliceLeft()).toBe(SLICE_INSTRUCTIONS - (INSTRUCTIONS_PER_TICK * 10 + 7));
    clock.endSlice();
    expect(clock.ticks()).toBe(10);
    expect(clock.sliceLeft()).toBe(SLICE_INSTRUCTIONS);
    // The 7 left over are kept: they count towards the next tick.
    clock.retire(INSTRUCTIONS_PER_TICK - 7);
    clock.endSlice();
    expect(clock.ticks()).toBe(11);
    expect(clock.instructions).toBe(INSTRUCTIONS_PER_TICK * 11);
  });

  it('continues from saved state exactly, an open slice included', () => {
    const a = new InstructionClock();
    a.retire(1000);
    a.endSlice();
    a.retire(55);
    const b = new InstructionClock();
    b.loadState(a.saveState());
    for (const c of [a, b]) {
      c.retire(5);
      c.endSlice();
    }
    expect([b.ticks(), b.instructions, b.sliceLeft()]).toEqual([a.ticks(), a.instructions, a.sliceLeft()]);
    expect(b.ticks()).toBe(Math.floor(1060 / INSTRUCTIONS_PER_TICK));
  });

  it('drives a time base and its decrementer without reading the host clock', () => {
    const clock = new InstructionClock();
    const tb = new TimeBase(33_333_333, hostClockForbidden, () => clock.ticks());
    tb.setDecrementer(100);
    clock.retire(INSTRUCTIONS_PER_TICK * 60);
    clock.endSlice();
    expect(tb.lower()).toBe(60);
    expect(tb.decrementer()).toBe(40);
    expect(tb.takeDecrementerInterrupt()).toBe(false);
    clock.retire(INSTRUCTIONS_PER_TICK * 41);
    clock.endSlice();
    expect(tb.decrementer()).toBe(-1);
    expect(tb.takeDecrementerInterrupt()).toBe(true);
    // Idle fast-forward and TBL writes still apply on top of the instruction count.
    tb.setDecrementer(1000);
    expect(tb.skipToNextEvent()).toBe(1001);
    expect(tb.ticks()).toBe(101 + 1001);
    tb.setLower(5);
    clock.retire(INSTRUCTIONS_PER_TICK * 2);
    clock.endSlice();
    expect(tb.lower()).toBe(7);
  });
});
