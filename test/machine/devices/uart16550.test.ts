import { describe, expect, it } from 'vitest';
import { Uart16550 } from '../../../src/machine/devices/uart16550.js';

describe('16550 UART', () => {
  it('transmits bytes written to THR and always reports THR empty', () => {
    const out: number[] = [];
    const u = new Uart16550((b) => out.push(b));
    for (const c of 'hi\n') u.write(0, 1, c.charCodeAt(0));
    expect(String.fromCharCode(...out)).toBe('hi\n');
    expect(u.read(5, 1) & 0x60).toBe(0x60);
  });

  it('keeps the divisor latch behind DLAB', () => {
    const out: number[] = [];
    const u = new Uart16550((b) => out.push(b));
    u.write(3, 1, 0x83);
    u.write(0, 1, 0x01);
    u.write(1, 1, 0x00);
    expect(out).toEqual([]);
    expect(u.read(0, 1)).toBe(1);
    u.write(3, 1, 0x03);
    expect(u.read(3, 1)).toBe(3);
  });

  it('queues received bytes, sets data-ready and raises the RX interrupt when enabled', () => {
    const levels: boolean[] = [];
    const u = new Uart16550(
      () => {},
      (l) => levels.push(l),
    );
    u.write(1, 1, 0x01);
    u.receive([0x61, 0x62]);
    expect(u.read(5, 1) & 1).toBe(1);
    expect(u.read(2, 1) & 0x0f).toBe(0x04);
    expect(u.read(0, 1)).toBe(0x61);
    expect(u.read(0, 1)).toBe(0x62);
    expect(u.read(5, 1) & 1).toBe(0);
    expect(levels.at(-1)).toBe(false);
    expect(levels).toContain(true);
  });
});
