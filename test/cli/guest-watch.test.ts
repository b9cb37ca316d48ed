import { describe, expect, it } from 'vitest';
import { ConsoleWatch, CRASH_MAX_S, CRASH_QUIET_S, kernelCrashLine } from '../../src/cli/guest-watch.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('kernelCrashLine', () => {
  it('recognises the lines that start a Linux crash report, with or without a printk timestamp', () => {
    for (const line of [
      'Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)',
      '[    0.351234] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\r',
      '[   12.000001] Oops: Kernel access of bad area, sig: 11 [#1]',
      'BUG: Kernel NULL pointer dereference on read at 0x00000000',
      '[    3.100000] BUG: soft lockup - CPU#0 stuck for 22s! [swapper:1]',
      'kernel BUG at mm/slub.c:123!',
    ]) {
      expect(kernelCrashLine(line), line).toBe(line.replace(/^\[[^\]]*\] /, '').replace('\r', ''));
    }
  });

  it('ignores warnings and lines that merely mention a crash', () => {
    for (const line of [
      'WARNING: CPU: 0 PID: 1 at kernel/smp.c:912 smp_call_function_many_cond+0x1c/0x3c0',
      'rcu: Hierarchical RCU implementation.',
      'ppcjit-guest: no Oops: here',
      '[    0.000000] Kernel command line: console=ttyS0 oops=panic',
      '',
    ]) {
      expect(kernelCrashLine(line), line).toBeUndefined();
    }
  });
});

describe('ConsoleWatch', () => {
  it('calls a hang after hangS seconds of guest time without output, never with 0', () => {
    const w = new ConsoleWatch(100);
    expect(w.verdict(129.9, 30)).toBeUndefined();
    w.push(bytes('still alive\n'), 120);
    expect(w.verdict(149.9, 30)).toBeUndefined();
    expect(w.verdict(150, 30)).toEqual({ kind: 'hang', quietS: 30 });
    expect(w.verdict(1e6, 0)).toBeUndefined();
    w.push(new Uint8Array(0), 149); // nothing printed: no progress
    expect(w.lastOutputS).toBe(120);
  });

  it('after a crash line, waits for the report to end (quiet), at most CRASH_MAX_S', () => {
    const w = new ConsoleWatch(0);
    w.push(bytes('[    1.000000] Oops: Kernel access of bad area, sig: 11 [#1]\r\n'), 1);
    expect(w.crash).toBe('Oops: Kernel access of bad area, sig: 11 [#1]');
    expect(w.verdict(1 + CRASH_QUIET_S / 2, 30)).toBeUndefined();
    w.push(bytes('Call Trace:\n'), 1.4);
    expect(w.verdict(1.4 + CRASH_QUIET_S / 2, 30)).toBeUndefined();
    expect(w.verdict(1.4 + CRASH_QUIET_S, 30)).toEqual({ kind: 'crash', line: w.crash });
    // A guest that keeps printing is stopped CRASH_MAX_S after the crash line.
    for (let t = 1.5; t < 1 + CRASH_MAX_S; t += 0.5) w.push(bytes('.'), t);
    expect(w.verdict(1 + CRASH_MAX_S - 0.1, 30)).toBeUndefined();
    w.push(bytes('.'), 1 + CRASH_MAX_S);
    expect(w.verdict(1 + CRASH_MAX_S, 30)?.kind).toBe('crash');
  });

  it('keeps the first crash line, assembled from bytes delivered one at a time', () => {
    const w = new ConsoleWatch(0);
    const text = 'hello\nKernel panic - not syncing: test\nBUG: later\n';
    [...text].forEach((c, i) => w.push(bytes(c), i / 100));
    expect(w.crash).toBe('Kernel panic - not syncing: test');
    expect(w.crashAtS).toBeCloseTo(('hello\nKernel panic - not syncing'.length - 1) / 100);
  });

  it('sees a crash line the guest never ends with a newline', () => {
    const w = new ConsoleWatch(0);
    w.push(bytes('Kernel panic - not syncing: no newline'), 2);
    expect(w.verdict(2 + CRASH_QUIET_S, 0)).toEqual({ kind: 'crash', line: 'Kernel panic - not syncing: no newline' });
  });
});
