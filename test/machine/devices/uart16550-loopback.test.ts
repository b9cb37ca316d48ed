import { describe, expect, it } from 'vitest';
import { Uart16550 } from '../../../src/machine/devices/uart16550.js';

const THR = 0;
const IER = 1;
const FCR = 2;
const IIR = 2;
const LCR = 3;
const MCR = 4;
const LSR = 5;
const MSR = 6;
const MCR_LOOP = 0x10;

function uart(): { u: Uart16550; line: number[]; levels: boolean[] } {
  const line: number[] = [];
  const levels: boolean[] = [];
  const u = new Uart16550(
    (b) => line.push(b),
    (l) => levels.push(l),
  );
  return { u, line, levels };
}

/** Reads RBR while LSR says data is ready, as Linux's 8250 size_fifo does. */
function drain(u: Uart16550): number[] {
  const got: number[] = [];
  while (u.read(LSR) & 0x01 && got.length < 300) got.push(u.read(THR));
  return got;
}

describe('16550 UART in loopback mode (MCR[LOOP])', () => {
  it("sizes the FIFO as Linux's size_fifo does: nothing reaches the line, 16 bytes come back, then overrun", () => {
    const { u, line } = uart();
    u.write(FCR, 1, 0x01);
    u.write(FCR, 1, 0x07); // enable, clear both FIFOs
    u.write(MCR, 1, MCR_LOOP);
    u.write(LCR, 1, 0x03);
    for (let i = 0; i < 256; i++) u.write(THR, 1, i);
    expect(line).toEqual([]);
    expect(u.read(LSR)).toBe(0x63); // THRE, TEMT, OE, DR
    expect(u.read(LSR)).toBe(0x61); // OE cleared by the read
    expect(drain(u)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(u.read(LSR)).toBe(0x60);
    // Leaving loopback sends bytes onto the line again.
    u.write(MCR, 1, 0x0b);
    u.write(THR, 1, 0x41);
    expect(line).toEqual([0x41]);
    expect(u.read(LSR)).toBe(0x60);
  });

  it('without the FIFO the holding register keeps the last byte and flags the overrun', () => {
    const { u, line } = uart();
    u.write(MCR, 1, MCR_LOOP);
    u.write(THR, 1, 0x55);
    expect(u.read(LSR)).toBe(0x61);
    u.write(THR, 1, 0xaa);
    expect(u.read(LSR)).toBe(0x63);
    expect(drain(u)).toEqual([0xaa]);
    expect(line).toEqual([]);
  });

  it('loops DTR/RTS/OUT1/OUT2 into DSR/CTS/RI/DCD, and shows the host lines otherwise', () => {
    const { u } = uart();
    expect(u.read(MSR)).toBe(0xb0);
    const cases: [number, number][] = [
      [0x00, 0x00],
      [0x01, 0x20], // DTR → DSR
      [0x02, 0x10], // RTS → CTS
      [0x04, 0x40], // OUT1 → RI
      [0x08, 0x80], // OUT2 → DCD
      [0x0a, 0x90], // the 8250 driver's loopback check (RTS|OUT2 → CTS|DCD)
      [0x0f, 0xf0],
    ];
    for (const [mcr, msr] of cases) {
      u.write(MCR, 1, MCR_LOOP | mcr);
      expect(u.read(MSR), `MCR ${mcr.toString(16)}`).toBe(msr);
    }
    u.write(MCR, 1, 0x00);
    expect(u.read(MSR)).toBe(0xb0);
  });

  it('raises the receive and line-status interrupts for looped-back bytes', () => {
    const { u, levels } = uart();
    u.write(FCR, 1, 0x01);
    u.write(MCR, 1, MCR_LOOP);
    u.write(IER, 1, 0x05); // RX data and line status
    expect(levels.at(-1)).toBe(false);
    u.write(THR, 1, 0x31);
    expect(levels.at(-1)).toBe(true);
    expect(u.read(IIR)).toBe(0xc4);
    expect(u.read(THR)).toBe(0x31);
    expect(levels.at(-1)).toBe(false);
    for (let i = 0; i < 17; i++) u.write(THR, 1, i);
    expect(u.read(IIR)).toBe(0xc6); // overrun outranks received data
    expect(u.read(LSR) & 0x02).toBe(0x02);
    expect(u.read(IIR)).toBe(0xc4);
    expect(drain(u)).toHaveLength(16);
    expect(levels.at(-1)).toBe(false);
  });
});
