// An IDE channel (ATA task file, device control, two device slots) as QEMU 7.2's hw/ide/core.c
// behaves for what Linux's libata does with it: register shadowing in both slots, the reads an
// empty slot or an empty channel gives, software reset and the device signatures, PIO data
// transfers, IDENTIFY (PACKET) DEVICE, SET FEATURES, and the ATAPI PACKET command (atapi.ts).
// No DMA: nothing QEMU's pegasos2 attaches has a medium to transfer.

export const STATUS = { ERR: 0x01, DRQ: 0x08, DSC: 0x10, DRDY: 0x40, BSY: 0x80 } as const;
const ERROR_ABRT = 0x04;
const DEVCTL_NIEN = 0x02;
const DEVCTL_SRST = 0x04;
const DEVCTL_HOB = 0x80;

/**
 * What a drive slot needs from the ATAPI device in it (atapi.ts implements it; declared here so
 * the device depends on the channel, not both ways).
 */
export interface PacketDevice {
  attach(drive: IdeDrive): void;
  reset(): void;
  command(cmd: number): 'pending' | 'done' | 'done-dsc';
}

/** One device slot's task-file registers and data-transfer state. */
export class IdeDrive {
  feature = 0;
  nsector = 0;
  sector = 0;
  lcyl = 0;
  hcyl = 0;
  hobFeature = 0;
  hobNsector = 0;
  hobSector = 0;
  hobLcyl = 0;
  hobHcyl = 0;
  select = 0xa0;
  status = 0;
  error = 0;
  /** The PIO buffer and the window [dataPos, dataEnd) the host reads or writes next. */
  buffer: Uint8Array = new Uint8Array(0);
  dataPos = 0;
  dataEnd = 0;
  /** The host reads the window (data in) or writes it (a command packet). */
  hostWrites = false;
  private onTransferEnd: (() => void) | undefined;

  constructor(
    readonly channel: IdeChannel,
    readonly cdrom: PacketDevice | undefined,
  ) {}

  get present(): boolean {
    return this.cdrom !== undefined;
  }

  /** ide_set_signature: what a reset leaves in the task file (ATAPI: 0xeb14; none: 0xffff). */
  setSignature(): void {
    this.select &= 0xf0;
    this.nsector = 1;
    this.sector = 1;
    [this.lcyl, this.hcyl] = this.cdrom ? [0x14, 0xeb] : [0xff, 0xff];
  }

  /** ide_transfer_start: DRQ until the host has moved `length` bytes, then `end`. */
  startTransfer(buffer: Uint8Array, length: number, end: () => void, hostWrites = false): void {
    this.hostWrites = hostWrites;
    this.buffer = buffer;
    this.dataPos = 0;
    this.dataEnd = length;
    this.onTransferEnd = end;
    if (!(this.status & STATUS.ERR)) this.status |= STATUS.DRQ;
  }

  /** ide_transfer_stop: no more data, DRQ off. */
  stopTransfer(): void {
    this.dataPos = this.dataEnd = 0;
    this.onTransferEnd = undefined;
    this.status &= ~STATUS.DRQ;
  }

  abort(): void {
    this.stopTransfer();
    this.status = STATUS.DRDY | STATUS.ERR;
    this.error = ERROR_ABRT;
  }

  /** Moves `bytes` bytes of PIO data (2 for a data-port word); the end of the window runs `end`. */
  transferred(bytes: number): void {
    this.dataPos += bytes;
    if (this.dataPos >= this.dataEnd) {
      const end = this.onTransferEnd;
      this.stopTransfer();
      end?.();
    }
  }

  /** A PIO transfer in the given direction is waiting for the host (DRQ set). */
  transferring(hostWrites: boolean): boolean {
    return this.dataPos < this.dataEnd && (this.status & STATUS.DRQ) !== 0 && this.hostWrites === hostWrites;
  }
}

/** Register numbers of the command block. */
const REG = { DATA: 0, ERROR: 1, NSECTOR: 2, SECTOR: 3, LCYL: 4, HCYL: 5, SELECT: 6, STATUS: 7 } as const;

export class IdeChannel {
  readonly drives: [IdeDrive, IdeDrive];
  /** The selected slot (DEV bit of the device register). */
  unit = 0;
  /** The device control register (nIEN, SRST, HOB). */
  control = 0;
  /** Called with the interrupt line's level; `raised` with each raise (the BMDMA INTR bit). */
  constructor(
    private readonly irq: (level: boolean) => void,
    master: PacketDevice | undefined,
    private readonly raised: () => void = () => {},
  ) {
    this.drives = [new IdeDrive(this, master), new IdeDrive(this, undefined)];
    master?.attach(this.drives[0]);
    this.reset();
  }

  private get active(): IdeDrive {
    return this.drives[this.unit];
  }

  private get empty(): boolean {
    return !this.drives[0].present && !this.drives[1].present;
  }

  /** ide_bus_reset, as at power-on: registers cleared, DRDY|DSC, no signature until SRST. */
  reset(): void {
    this.unit = 0;
    this.control = 0;
    for (const d of this.drives) {
      Object.assign(d, { feature: 0, nsector: 0, sector: 0, lcyl: 0, hcyl: 0, select: 0xa0, error: 0 });
      Object.assign(d, { hobFeature: 0, hobNsector: 0, hobSector: 0, hobLcyl: 0, hobHcyl: 0 });
      d.stopTransfer();
      d.status = STATUS.DRDY | STATUS.DSC;
      d.cdrom?.reset();
    }
  }

  /** ide_set_irq: raised unless nIEN masks it. */
  raiseIrq(): void {
    this.raised();
    if (!(this.control & DEVCTL_NIEN)) this.irq(true);
  }

  private lowerIrq(): void {
    this.irq(false);
  }

  /** A byte register of the command block (ide_ioport_read). */
  readRegister(reg: number): number {
    const s = this.active;
    const hob = (this.control & DEVCTL_HOB) !== 0;
    // An empty channel reads 0; so does an empty slave's error and status.
    const absentSlave = s !== this.drives[0] && !s.present;
    switch (reg) {
      case REG.DATA:
        return 0xff;
      case REG.ERROR:
        return this.empty || absentSlave ? 0 : hob ? s.hobFeature : s.error;
      case REG.NSECTOR:
        return this.empty ? 0 : hob ? s.hobNsector : s.nsector & 0xff;
      case REG.SECTOR:
        return this.empty ? 0 : hob ? s.hobSector : s.sector;
      case REG.LCYL:
        return this.empty ? 0 : hob ? s.hobLcyl : s.lcyl;
      case REG.HCYL:
        return this.empty ? 0 : hob ? s.hobHcyl : s.hcyl;
      case REG.SELECT:
        return this.empty ? 0 : s.select;
      default:
        this.lowerIrq();
        return this.empty || absentSlave ? 0 : s.status;
    }
  }

  /** The alternate status register (no interrupt acknowledge). */
  readAltStatus(): number {
    const s = this.active;
    return this.empty || (s !== this.drives[0] && !s.present) ? 0 : s.status;
  }

  /** ide_ioport_write: both slots see every register write. */
  writeRegister(reg: number, value: number): void {
    const s = this.active;
    if (reg !== REG.STATUS && s.status & (STATUS.BSY | STATUS.DRQ)) return; // busy with a command
    const both = (set: (d: IdeDrive) => void) => this.drives.forEach(set);
    if (reg !== REG.DATA) this.control &= ~DEVCTL_HOB;
    switch (reg) {
      case REG.DATA:
        break;
      case REG.ERROR:
        both((d) => {
          d.hobFeature = d.feature;
          d.feature = value;
        });
        break;
      case REG.NSECTOR:
        both((d) => {
          d.hobNsector = d.nsector;
          d.nsector = value;
        });
        break;
      case REG.SECTOR:
        both((d) => {
          d.hobSector = d.sector;
          d.sector = value;
        });
        break;
      case REG.LCYL:
        both((d) => {
          d.hobLcyl = d.lcyl;
          d.lcyl = value;
        });
        break;
      case REG.HCYL:
        both((d) => {
          d.hobHcyl = d.hcyl;
          d.hcyl = value;
        });
        break;
      case REG.SELECT:
        this.drives[0].select = (value & ~0x10) | 0xa0;
        this.drives[1].select = value | 0x10 | 0xa0;
        this.unit = (value >> 4) & 1;
        break;
      default:
        this.lowerIrq();
        this.execute(value);
    }
  }

  /** ide_ctrl_write: SRST's edges reset both slots; nIEN masks the interrupt. */
  writeControl(value: number): void {
    if (!(this.control & DEVCTL_SRST) && value & DEVCTL_SRST) {
      for (const d of this.drives) {
        d.stopTransfer();
        d.status = STATUS.BSY | STATUS.DSC;
        d.error = 0x01;
      }
    } else if (this.control & DEVCTL_SRST && !(value & DEVCTL_SRST)) {
      for (const d of this.drives) {
        d.status = d.cdrom ? 0 : STATUS.DRDY | STATUS.DSC; // an ATAPI device leaves DRDY clear
        d.setSignature();
      }
    }
    this.control = value & 0xff;
  }

  /**
   * A data-port read of `size` bytes (2 or 4), the value as the little-endian bus carries it.
   * Outside a data-in transfer the result is indeterminate: 0, and nothing moves (as QEMU).
   */
  readData(size: 2 | 4): number {
    const s = this.active;
    if (!s.transferring(false) || s.dataPos + size > s.dataEnd) return 0;
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = (v << 8) | s.buffer[s.dataPos + i];
    s.transferred(size);
    return v >>> 0;
  }

  writeData(size: 2 | 4, value: number): void {
    const s = this.active;
    if (!s.transferring(true) || s.dataPos + size > s.dataEnd) return;
    for (let i = 0; i < size; i++) s.buffer[s.dataPos + i] = (value >>> (8 * i)) & 0xff;
    s.transferred(size);
  }

  /** ide_exec_cmd, for the commands an ATAPI device answers; the rest abort. */
  private execute(command: number): void {
    const s = this.active;
    if (s !== this.drives[0] && !s.present) return; // no slave to run it
    // Only ATAPI devices exist here (QEMU's pegasos2 has one); an empty master never runs one.
    if (!s.cdrom) return;
    if (s.status & (STATUS.BSY | STATUS.DRQ) && command !== 0x08) return;
    s.status = STATUS.DRDY | STATUS.BSY;
    s.error = 0;
    const done = s.cdrom.command(command);
    if (done !== 'pending') {
      s.status &= ~STATUS.BSY;
      if (done === 'done-dsc' && !s.error) s.status |= STATUS.DSC;
      this.raiseIrq();
    }
  }
}
