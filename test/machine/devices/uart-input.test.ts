// The 16550's host input source (issue 20): the receiver pulls at most a FIFO's worth ahead.
import { describe, expect, it } from 'vitest';
import { Uart16550 } from '../../../src/machine/devices/uart16550.js';

const source = (text: string) => {
  const bytes = [...Buffer.from(text)];
  const taken = { count: 0 };
  const next = () => {
    if (taken.count >= bytes.length) return undefined;
    return bytes[taken.count++];
  };
  return { next, taken };
};

describe('Uart16550 input source', () => {
  it('takes one byte ahead without the FIFO, 16 with it, more as the guest reads', () => {
    const uart = new Uart16550(() => {});
    const s = source('abcdefghijklmnopqrstuvwxyz');
    uart.setInputSource(s.next);
    expect(s.taken.count).toBe(1); // the holding register
    uart.write(2, 1, 0x01); // FCR: FIFO on
    expect(s.taken.count).toBe(16);
    let got = '';
    while (uart.read(5) & 1) got += String.fromCharCode(uart.read(0));
    expect(got).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(uart.read(5) & 1).toBe(0);
  });

  it('queued bytes (receive) come first and the FIFO does not grow past 16 from the source', () => {
    const uart = new Uart16550(() => {});
    uart.write(2, 1, 0x01);
    uart.receive(Buffer.from('12'));
    const s = source('x'.repeat(100));
    uart.setInputSource(s.next);
    expect(s.taken.count).toBe(14);
    expect(uart.saveState().rx).toHaveLength(16);
    expect(String.fromCharCode(uart.read(0), uart.read(0), uart.read(0))).toBe('12x');
    expect(s.taken.count).toBe(17);
  });

  it('raises the receive interrupt when the source brings data', () => {
    const levels: boolean[] = [];
    const uart = new Uart16550(
      () => {},
      (l) => levels.push(l),
    );
    uart.write(1, 1, 0x01); // IER: RX data
    const s = source('');
    uart.setInputSource(s.next);
    expect(levels.at(-1)).toBe(false);
    const t = source('z');
    uart.setInputSource(t.next);
    expect(levels.at(-1)).toBe(true);
  });
});
