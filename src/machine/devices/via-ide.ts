import { AtapiCdrom } from './atapi.js';
import { IdeChannel } from './ide.js';

/** PCI configuration reads of the IDE function (little-endian registers). */
export interface IdeConfig {
  read(register: number, size: 1 | 2 | 4): number;
}

const BMDMA_INTR = 0x04;
const PCI_COMMAND_IO = 0x01;

/** One channel's bus-master registers (QEMU hw/ide/via.c bmdma_read/write). */
interface BusMaster {
  cmd: number;
  status: number;
  prd: number;
}

/**
 * The VT8231's IDE function (PCI 00:0c.1) as QEMU 7.2's via-ide decodes it: the channels'
 * command blocks and control registers, and the bus-master block, in the I/O ranges BAR0–BAR4
 * hold (while PCI_COMMAND enables I/O), whatever the programming interface says — QEMU 7.2 has no
 * legacy-port decode, and Linux uses the BARs after its Pegasos fixup too. Interrupts go to ISA
 * IRQ 14 (primary) and 15 (secondary). The secondary master is QEMU's default empty CD-ROM.
 * Port values are little-endian as on the bus; `readPort`/`writePort` convert for the CPU.
 */
export class ViaIde {
  readonly channels: [IdeChannel, IdeChannel];
  private readonly bm: [BusMaster, BusMaster] = [
    { cmd: 0, status: 0, prd: 0 },
    { cmd: 0, status: 0, prd: 0 },
  ];

  constructor(
    private readonly config: IdeConfig,
    setIrq: (isaIrq: number, level: boolean) => void,
  ) {
    const intr = (n: 0 | 1) => () => {
      this.bm[n].status |= BMDMA_INTR;
    };
    this.channels = [
      new IdeChannel((l) => setIrq(14, l), undefined, intr(0)),
      new IdeChannel((l) => setIrq(15, l), new AtapiCdrom(), intr(1)),
    ];
  }

  /** Which BAR decodes `port` and the offset in it, or undefined. */
  private decode(port: number): { bar: number; offset: number } | undefined {
    if (!(this.config.read(0x04, 2) & PCI_COMMAND_IO)) return undefined;
    const sizes = [8, 4, 8, 4, 16];
    for (let bar = 0; bar < 5; bar++) {
      const base = this.config.read(0x10 + 4 * bar, 4) & 0xfffc;
      if (base !== 0 && port >= base && port < base + sizes[bar]) return { bar, offset: port - base };
    }
    return undefined;
  }

  /** A read the IDE function decodes (value as a big-endian CPU load sees it), else undefined. */
  readPort(port: number, size: 1 | 2 | 4): number | undefined {
    const at = this.decode(port);
    if (!at) return undefined;
    return toCpu(this.busRead(at.bar, at.offset, size), size);
  }

  /** A write the IDE function decodes (true), or false. */
  writePort(port: number, size: 1 | 2 | 4, value: number): boolean {
    const at = this.decode(port);
    if (!at) return false;
    this.busWrite(at.bar, at.offset, size, toCpu(value, size));
    return true;
  }

  private busRead(bar: number, offset: number, size: 1 | 2 | 4): number {
    const ones = size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
    if (bar === 4) return this.bmRead(offset, size);
    const ch = this.channels[bar >> 1];
    if (bar & 1) return offset === 2 && size === 1 ? ch.readAltStatus() : ones; // control block
    if (size === 1) return ch.readRegister(offset);
    return offset === 0 ? ch.readData(size) : ones;
  }

  private busWrite(bar: number, offset: number, size: 1 | 2 | 4, value: number): void {
    if (bar === 4) {
      this.bmWrite(offset, size, value);
      return;
    }
    const ch = this.channels[bar >> 1];
    if (bar & 1) {
      if (offset === 2 && size === 1) ch.writeControl(value & 0xff);
    } else if (size === 1) ch.writeRegister(offset, value & 0xff);
    else if (offset === 0) ch.writeData(size, value);
  }

  /** Bus-master block: per channel 8 bytes, command at 0, status at 2, the PRD address at 4–7. */
  private bmRead(offset: number, size: 1 | 2 | 4): number {
    const bm = this.bm[offset >> 3];
    const at = offset & 7;
    if (at >= 4) return (bm.prd >>> (8 * (at - 4))) & (size === 4 ? 0xffffffff : (1 << (8 * size)) - 1);
    if (size !== 1) return size === 4 ? 0xffffffff : 0xffff;
    return at === 0 ? bm.cmd : at === 2 ? bm.status : 0xff;
  }

  private bmWrite(offset: number, size: 1 | 2 | 4, value: number): void {
    const bm = this.bm[offset >> 3];
    const at = offset & 7;
    if (at >= 4) {
      const shift = 8 * (at - 4);
      const mask = (size === 4 ? 0xffffffff : (1 << (8 * size)) - 1) << shift;
      bm.prd = ((bm.prd & ~mask) | ((value << shift) & mask & ~3)) >>> 0;
      return;
    }
    if (size !== 1) return;
    if (at === 0) {
      // Start/stop only: no DMA transfer ever runs (nothing here has a medium), so DMAING follows START.
      bm.status = value & 1 ? bm.status | 1 : bm.status & ~1;
      bm.cmd = value & 0x09;
    } else if (at === 2) {
      // Bits 5–6 (drive DMA capable) are written, INTR and ERROR are cleared by writing 1.
      bm.status = (value & 0x60) | (bm.status & 1) | (bm.status & ~value & 0x06);
    }
  }
}

/** Little-endian bus value ↔ what a big-endian CPU access carries. */
function toCpu(v: number, size: 1 | 2 | 4): number {
  if (size === 1) return v & 0xff;
  if (size === 2) return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}
