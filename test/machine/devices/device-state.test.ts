import { describe, expect, it } from 'vitest';
import { CascadedPic } from '../../../src/machine/devices/i8259.js';
import { Uart16550 } from '../../../src/machine/devices/uart16550.js';

/** Every UART register as the guest reads it (reads of RBR/IIR have side effects: last). */
const uartView = (u: Uart16550) => [1, 3, 4, 5, 6, 7, 2, 0, 0, 5].map((r) => u.read(r));

describe('UART state', () => {
  it('restores registers, the rx FIFO, the divisor and a pending THR-empty interrupt', () => {
    const mk = () => {
      const levels: boolean[] = [];
      return {
        levels,
        u: new Uart16550(
          () => {},
          (l) => levels.push(l),
        ),
      };
    };
    const a = mk();
    a.u.write(3, 1, 0x83); // DLAB
    a.u.write(0, 1, 0x34);
    a.u.write(1, 1, 0x12);
    a.u.write(3, 1, 0x03);
    a.u.write(2, 1, 0x01); // FIFO on
    a.u.write(4, 1, 0x0b);
    a.u.write(7, 1, 0x5a);
    a.u.write(1, 1, 0x02); // THR interrupt: pending at once
    a.u.receive([0x41, 0x42]);
    const b = mk();
    b.u.loadState(structuredClone(a.u.saveState()));
    expect(b.levels.at(-1)).toBe(true); // the line follows the restored state
    expect(b.u.saveState()).toEqual(a.u.saveState());
    expect(uartView(b.u)).toEqual(uartView(a.u));
    b.u.write(3, 1, 0x83);
    expect([b.u.read(0), b.u.read(1)]).toEqual([0x34, 0x12]);
  });
});

describe('i8259 pair state', () => {
  it('restores ICWs, masks, IRR/ISR, line levels and the init sequence position', () => {
    const init = (p: CascadedPic) => {
      for (const [chip, base] of [
        [p.master, 0x20],
        [p.slave, 0x28],
      ] as const) {
        chip.write(0, 0x11);
        chip.write(1, base);
        chip.write(1, chip === p.master ? 4 : 2);
        chip.write(1, 0x01);
        chip.write(1, 0x00);
      }
    };
    const a = new CascadedPic();
    init(a);
    a.setLine(3, true);
    a.setLine(12, true);
    a.acknowledge(); // IRQ2 (cascade → 12) in service
    a.slave.write(0, 0x0b); // OCW3: read ISR
    a.master.write(0, 0x11); // master half-way through a new init
    const b = new CascadedPic();
    b.loadState(structuredClone(a.saveState()));
    expect(b.saveState()).toEqual(a.saveState());
    expect(b.slave.read(0)).toBe(a.slave.read(0));
    expect(b.interruptRequested).toBe(a.interruptRequested);
    // The rest of the init sequence lands in the same registers on both.
    for (const p of [a, b]) {
      p.master.write(1, 0x40);
      p.master.write(1, 0x04);
      p.master.write(1, 0x01);
    }
    expect(b.saveState()).toEqual(a.saveState());
    expect(b.acknowledge()).toBe(a.acknowledge());
  });
});
