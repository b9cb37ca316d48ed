import { describe, expect, it } from 'vitest';
import { CascadedPic } from '../../../src/machine/devices/i8259.js';

/** Linux's i8259_init: ICW1–ICW4 to both chips (vectors 0x20/0x28, slave on IRQ2), all unmasked. */
function linuxPic(): CascadedPic {
  const pic = new CascadedPic();
  for (const [v, port] of [
    [0x11, 0],
    [0x20, 1],
    [0x04, 1],
    [0x01, 1],
    [0x00, 1],
  ] as const)
    pic.master.write(port, v);
  for (const [v, port] of [
    [0x11, 0],
    [0x28, 1],
    [0x02, 1],
    [0x01, 1],
    [0x00, 1],
  ] as const)
    pic.writeSlave(port, v);
  return pic;
}

describe('cascaded i8259', () => {
  it('a slave request raised while another is in service reaches the CPU after the EOI', () => {
    const pic = linuxPic();
    pic.setLine(15, true);
    expect(pic.acknowledge()).toBe(0x2f);
    pic.setLine(15, false); // the IDE drops its line when its status is read…
    pic.setLine(15, true); // …and raises it again for the next data block, before the EOI
    expect(pic.interruptRequested).toBe(false); // IRQ15 still in service
    pic.writeSlave(0, 0x20); // EOI to the slave, then the master
    pic.master.write(0, 0x20);
    expect(pic.interruptRequested).toBe(true);
    expect(pic.acknowledge()).toBe(0x2f);
  });

  it('unmasking a waiting slave request raises the cascade', () => {
    const pic = linuxPic();
    pic.writeSlave(1, 0x80);
    pic.setLine(15, true);
    expect(pic.interruptRequested).toBe(false);
    pic.writeSlave(1, 0x00);
    expect(pic.interruptRequested).toBe(true);
  });
});
