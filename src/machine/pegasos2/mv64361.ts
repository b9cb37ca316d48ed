import type { CascadedPic } from '../devices/i8259.js';
import type { MmioDevice } from '../system/system-memory.js';

/** Offset of the PCI interrupt-acknowledge register (device tree `8259-interrupt-acknowledge`). */
export const INTERRUPT_ACKNOWLEDGE = 0xcb4;
export const MV64361_BASE = 0xf1000000;
export const MV64361_SIZE = 0x10000;

/** Values QEMU's pegasos2 machine reset programs (spec §3.2). */
const RESET: [number, number][] = [
  [0x0, 0x028020ff],
  [0x1c, 0x08000000],
  [0x278, 0x000a31fc],
  [0xf10c, 0x80000000],
  [0xf300, 0x11ff0400],
];

/**
 * The Marvell MV64361 system controller's register window, as far as software on pegasos2
 * needs it here: registers keep what is written (little-endian, as the chip), and a read of
 * the interrupt-acknowledge register runs an INTA cycle on the VT8231's i8259 pair.
 */
export class Mv64361 implements MmioDevice {
  private readonly regs = new DataView(new ArrayBuffer(MV64361_SIZE));

  constructor(private readonly pic: CascadedPic) {
    for (const [offset, value] of RESET) this.regs.setUint32(offset, value, true);
  }

  /** The register window's bytes, for machine snapshots. */
  saveState(): Uint8Array {
    return new Uint8Array(this.regs.buffer.slice(0));
  }

  loadState(regs: Uint8Array): void {
    if (regs.length !== MV64361_SIZE)
      throw new Error(`MV64361 state has ${regs.length} bytes, expected ${MV64361_SIZE}`);
    new Uint8Array(this.regs.buffer).set(regs);
  }

  read(offset: number, size: 1 | 2 | 4): number {
    if (offset === INTERRUPT_ACKNOWLEDGE) {
      const vector = this.pic.acknowledge();
      return size === 4 ? (vector << 24) | 0 : size === 2 ? vector << 8 : vector;
    }
    // A big-endian load of a little-endian register sees its bytes in memory order.
    if (size === 4) return this.regs.getInt32(offset, false);
    return size === 2 ? this.regs.getUint16(offset, false) : this.regs.getUint8(offset);
  }

  write(offset: number, size: 1 | 2 | 4, value: number): void {
    if (size === 4) this.regs.setInt32(offset, value, false);
    else if (size === 2) this.regs.setUint16(offset, value, false);
    else this.regs.setUint8(offset, value);
  }
}
