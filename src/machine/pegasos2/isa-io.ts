import { CascadedPic } from '../devices/i8259.js';
import type { Uart16550 } from '../devices/uart16550.js';
import type { ViaIde } from '../devices/via-ide.js';
import type { MmioDevice } from '../system/system-memory.js';

/** ISA port of the VT8231 serial port QEMU 7.2 connects to -serial (spec §3.8). */
export const SERIAL_PORT = 0x2f8;

/**
 * The VT8231 ISA I/O window (PCI1 I/O space at physical 0xfe000000: port P at 0xfe000000+P).
 * Unclaimed ports read as 0xff… like an idle ISA bus and ignore writes; `unclaimed` counts them
 * so a machine can report what a guest probed.
 */
export class IsaIo implements MmioDevice {
  readonly pic = new CascadedPic();
  readonly unclaimed = new Map<number, number>();

  /** `ide`: the VT8231 IDE function, decoding the I/O ranges its PCI BARs hold. */
  constructor(
    private readonly uart: Uart16550,
    private readonly ide?: ViaIde,
  ) {}

  read(port: number, size: 1 | 2 | 4): number {
    if (port >= SERIAL_PORT && port < SERIAL_PORT + 8 && size === 1) return this.uart.read(port - SERIAL_PORT);
    if ((port === 0x20 || port === 0x21) && size === 1) return this.pic.master.read((port & 1) as 0 | 1);
    if ((port === 0xa0 || port === 0xa1) && size === 1) return this.pic.slave.read((port & 1) as 0 | 1);
    const ide = this.ide?.readPort(port, size);
    if (ide !== undefined) return ide;
    this.unclaimed.set(port, (this.unclaimed.get(port) ?? 0) + 1);
    return size === 1 ? 0xff : size === 2 ? 0xffff : -1;
  }

  write(port: number, size: 1 | 2 | 4, value: number): void {
    if (port >= SERIAL_PORT && port < SERIAL_PORT + 8 && size === 1) this.uart.write(port - SERIAL_PORT, 1, value);
    else if ((port === 0x20 || port === 0x21) && size === 1) this.pic.master.write((port & 1) as 0 | 1, value & 0xff);
    else if ((port === 0xa0 || port === 0xa1) && size === 1) this.pic.writeSlave((port & 1) as 0 | 1, value & 0xff);
    else if (this.ide?.writePort(port, size, value)) return;
    else this.unclaimed.set(port, (this.unclaimed.get(port) ?? 0) + 1);
  }
}
