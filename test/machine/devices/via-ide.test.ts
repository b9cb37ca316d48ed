// The VT8231 IDE with QEMU's empty ATAPI CD-ROM on the secondary master, driven the way Linux's
// libata probes it (register values as QEMU 7.2's hw/ide shows them, `-trace ide_*`).
import { describe, expect, it } from 'vitest';
import { ViaIde } from '../../../src/machine/devices/via-ide.js';

/** The BARs Linux assigns under QEMU (boot log: cmd 0x1058, ctl 0x1064, bmdma 0x1040). */
const BARS: Record<number, number> = { 16: 0x1051, 20: 0x1061, 24: 0x1059, 28: 0x1065, 32: 0x1041 };
const CMD = 0x1058;
const CTL = 0x1066;
const BMDMA_STATUS = 0x104a;
const PRIMARY = 0x1050;

function ide(command = 0x87) {
  const levels: Record<number, boolean[]> = { 14: [], 15: [] };
  const config = { read: (reg: number) => (reg === 0x04 ? command : (BARS[reg] ?? 0)) };
  const dev = new ViaIde(config, (irq, level) => levels[irq].push(level));
  const inb = (port: number) => dev.readPort(port, 1);
  const outb = (port: number, v: number) => dev.writePort(port, 1, v);
  /** A data word as the drive sends it (the port read is byte-swapped for the big-endian CPU). */
  const inw = () => {
    const v = dev.readPort(CMD, 2) ?? -1;
    return ((v & 0xff) << 8) | (v >> 8);
  };
  const outw = (w: number) => dev.writePort(CMD, 2, ((w & 0xff) << 8) | (w >> 8));
  return { dev, levels, inb, outb, inw, outw };
}

/** SRST as libata's softreset does it (nIEN set), then interrupts enabled again. */
function softReset(t: ReturnType<typeof ide>) {
  t.outb(CTL, 0x0a);
  t.outb(CTL, 0x0e);
  t.outb(CTL, 0x0a);
  t.outb(CTL, 0x08);
}

/** Sends a 12-byte packet with byte count limit `bcl`; returns the bytes of the data phase. */
function packet(t: ReturnType<typeof ide>, cdb: number[], bcl: number) {
  t.outb(CMD + 6, 0xa0);
  t.outb(CMD + 1, 0);
  t.outb(CMD + 4, bcl & 0xff);
  t.outb(CMD + 5, bcl >> 8);
  t.outb(CMD + 7, 0xa0);
  expect(t.inb(CTL)).toBe(0x58); // DRQ for the packet, no interrupt yet
  const bytes = [...cdb, ...Array(12 - cdb.length).fill(0)];
  for (let i = 0; i < 12; i += 2) t.outw(bytes[i] | (bytes[i + 1] << 8));
  const data: number[] = [];
  while (t.inb(CTL) === 0x58) {
    expect(t.inb(CMD + 2)).toBe(0x02); // interrupt reason: data to the host
    const n = t.inb(CMD + 4)! | (t.inb(CMD + 5)! << 8);
    for (let i = 0; i < n; i += 2) {
      const w = t.inw();
      data.push(w & 0xff, w >> 8);
    }
  }
  return data;
}

describe('VIA IDE with an empty ATAPI CD-ROM', () => {
  it('decodes only the BARs, and only with I/O enabled', () => {
    expect(ide(0).dev.readPort(CMD + 7, 1)).toBeUndefined();
    expect(ide().dev.readPort(0x1f7, 1)).toBeUndefined();
    expect(ide().dev.readPort(CMD + 7, 1)).toBe(0x50);
  });

  it('after SRST shows the ATAPI signature without DRDY; the empty slave and primary read 0', () => {
    const t = ide();
    softReset(t);
    expect([1, 2, 3, 4, 5].map((r) => t.inb(CMD + r))).toEqual([0x01, 0x01, 0x01, 0x14, 0xeb]);
    expect(t.inb(CMD + 7)).toBe(0x00);
    t.outb(CMD + 6, 0xb0);
    expect([t.inb(CMD + 1), t.inb(CMD + 7)]).toEqual([0, 0]);
    t.outb(CMD + 2, 0x55); // the slave shadows the register file: libata's devchk sees it
    expect(t.inb(CMD + 2)).toBe(0x55);
    t.outb(CMD + 7, 0xec); // a command to the absent slave is ignored: no interrupt
    expect(t.levels[15]).not.toContain(true);
    expect([1, 2, 4, 5, 7].map((r) => t.inb(PRIMARY + r))).toEqual([0, 0, 0, 0, 0]);
  });

  it('aborts IDENTIFY DEVICE and answers IDENTIFY PACKET DEVICE with QEMU identify data', () => {
    const t = ide();
    softReset(t);
    t.outb(CMD + 6, 0xa0);
    t.outb(CMD + 7, 0xec);
    expect([t.inb(CMD + 7), t.inb(CMD + 1)]).toEqual([0x41, 0x04]);
    t.outb(CMD + 7, 0xa1);
    expect(t.levels[15].at(-1)).toBe(true);
    expect(t.inb(CMD + 7)).toBe(0x58);
    expect(t.levels[15].at(-1)).toBe(false); // reading STATUS acknowledges
    const words = Array.from({ length: 256 }, () => t.inw());
    const text = (from: number, to: number) =>
      String.fromCharCode(...words.slice(from, to).flatMap((w) => [w >> 8, w & 0xff])).trimEnd();
    expect(words[0]).toBe(0x85c0);
    expect([text(10, 20), text(23, 27), text(27, 47)]).toEqual(['QM00003', '2.5+', 'QEMU DVD-ROM']);
    expect([words[49], words[53], words[63], words[80], words[88]]).toEqual([0x300, 7, 7, 0x1e, 0x203f]);
    expect(t.inb(CMD + 7)).toBe(0x50);
    // SET FEATURES transfer mode UDMA 5 shows in the next IDENTIFY (word 88).
    t.outb(CMD + 1, 0x03);
    t.outb(CMD + 2, 0x45);
    t.outb(CMD + 7, 0xef);
    expect(t.inb(CMD + 7)).toBe(0x50);
    t.outb(CMD + 7, 0xa1);
    const again = Array.from({ length: 256 }, () => t.inw());
    expect(again[88]).toBe(0x3f | (1 << 13));
  });

  it('runs INQUIRY, TEST UNIT READY (no medium) and REQUEST SENSE by PIO', () => {
    const t = ide();
    softReset(t);
    const inquiry = packet(t, [0x12, 0, 0, 0, 36], 36);
    expect(inquiry.slice(0, 5)).toEqual([0x05, 0x80, 0x00, 0x21, 31]);
    expect(String.fromCharCode(...inquiry.slice(8, 36))).toBe('QEMU    QEMU DVD-ROM    2.5+');
    expect([t.inb(CMD + 7), t.inb(CMD + 2)]).toEqual([0x50, 0x03]); // done: command complete, to host
    expect(packet(t, [0x12, 1, 0, 0, 4], 4)).toEqual([0x05, 0x00, 0x00, 0x02]); // VPD page list, cut at 4
    expect(packet(t, [0x12, 1, 0x83, 0, 4], 4)).toEqual([]);
    expect([t.inb(CMD + 7), t.inb(CMD + 1)]).toEqual([0x41, 0x50]); // ILLEGAL REQUEST
    expect(packet(t, [0x00], 0)).toEqual([]);
    expect([t.inb(CMD + 7), t.inb(CMD + 1)]).toEqual([0x41, 0x20]); // NOT READY
    const sense = packet(t, [0x03, 0, 0, 0, 96], 96);
    expect(sense).toHaveLength(18);
    expect([sense[0], sense[2], sense[7], sense[12]]).toEqual([0xf0, 0x02, 10, 0x3a]); // medium not present
  });

  it('sets the bus-master INTR bit with each interrupt; writing 1 clears it', () => {
    const t = ide();
    softReset(t);
    expect(t.inb(BMDMA_STATUS)).toBe(0);
    t.outb(CMD + 7, 0xa1);
    expect(t.inb(BMDMA_STATUS)).toBe(0x04);
    t.outb(BMDMA_STATUS, 0x04);
    expect(t.inb(BMDMA_STATUS)).toBe(0);
    t.outb(BMDMA_STATUS, 0x60);
    expect(t.inb(BMDMA_STATUS)).toBe(0x60);
  });
});
