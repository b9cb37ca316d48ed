import { describe, expect, it } from 'vitest';
import { TimeBase } from '../../../src/machine/system/time-base.js';

describe('time base and decrementer', () => {
  it('counts at the board frequency and accepts TBL/TBU writes', () => {
    let now = 0;
    const tb = new TimeBase(33_333_333, () => now);
    now = 1000;
    expect(tb.lower()).toBe(33_333_333);
    tb.setUpper(1);
    tb.setLower(5);
    expect([tb.upper(), tb.lower()]).toEqual([1, 5]);
    now = 1001;
    expect(tb.lower()).toBe(5 + 33_333);
  });

  it('decrements DEC per tick and fast-forwards idle time', () => {
    let now = 0;
    const tb = new TimeBase(1_000_000, () => now);
    tb.setDecrementer(1000);
    now = 0.5; // 500 ticks
    expect(tb.decrementer()).toBe(500);
    expect(tb.ticksToDecrementerInterrupt()).toBe(501);
    tb.skip(tb.ticksToDecrementerInterrupt());
    expect(tb.decrementer()).toBe(-1);
  });

  it('signals one decrementer interrupt per DEC write, even if the write already expired before a poll', () => {
    let now = 0;
    const tb = new TimeBase(1_000_000, () => now);
    tb.setDecrementer(10);
    expect(tb.takeDecrementerInterrupt()).toBe(false);
    now = 1; // 1000 ticks: expired
    expect(tb.takeDecrementerInterrupt()).toBe(true);
    expect(tb.takeDecrementerInterrupt()).toBe(false); // taken once
    tb.setDecrementer(5); // the handler re-arms with a value that expires before the next poll
    now = 2;
    expect(tb.takeDecrementerInterrupt()).toBe(true);
  });

  it('skips idle time to the next decrementer interrupt, and not past a taken one', () => {
    let now = 0;
    const tb = new TimeBase(1_000_000, () => now);
    tb.setDecrementer(5000);
    now = 1; // 1000 ticks
    expect(tb.skipToNextEvent()).toBe(4001);
    expect(tb.ticks()).toBe(5001);
    expect(tb.takeDecrementerInterrupt()).toBe(true);
    // Taken and not rewritten: nothing the time base knows of will happen, so time stays.
    expect(tb.skipToNextEvent()).toBe(0);
    expect(tb.ticks()).toBe(5001);
  });
});
