import type { IdeDrive, PacketDevice } from './ide.js';
import { STATUS } from './ide.js';

// An empty ATAPI CD-ROM drive (no medium) as QEMU 7.2's ide-cd presents it (hw/ide/core.c
// ide_atapi_identify and the CD commands, hw/ide/atapi.c): what Linux's libata and the SCSI scan
// send it — IDENTIFY (aborted with the ATAPI signature), IDENTIFY PACKET DEVICE, SET FEATURES
// transfer mode, and the PACKET command with TEST UNIT READY (not ready: no medium), INQUIRY
// (standard data and the VPD pages 0x00 and 0x83) and REQUEST SENSE, answered by PIO. Other
// packet commands answer ILLEGAL REQUEST (QEMU implements more; none reaches a drive without
// medium before the sr driver, which the guests do not build). No DMA.

const SENSE = { NONE: 0, NOT_READY: 2, ILLEGAL_REQUEST: 5 } as const;
const ASC = { ILLEGAL_OPCODE: 0x20, INV_FIELD_IN_CMD_PACKET: 0x24, MEDIUM_NOT_PRESENT: 0x3a, DATA_PHASE_ERROR: 0x4b };
/** Interrupt reason bits in the sector count register during a packet command. */
const REASON_CD = 0x01;
const REASON_IO = 0x02;
const PACKET_SIZE = 12;

/** `text` padded with spaces to `length`, each byte pair swapped (ATA string words: padstr). */
function ataString(buf: Uint8Array, at: number, text: string, length: number): void {
  for (let i = 0; i < length; i++) buf[at + (i ^ 1)] = i < text.length ? text.charCodeAt(i) : 0x20;
}

/** `text` padded with spaces to `length` in byte order (SCSI strings: padstr8). */
function scsiString(buf: Uint8Array, at: number, text: string, length: number): void {
  for (let i = 0; i < length; i++) buf[at + i] = i < text.length ? text.charCodeAt(i) : 0x20;
}

export class AtapiCdrom implements PacketDevice {
  private drive!: IdeDrive;
  private readonly io = new Uint8Array(4096);
  /** IDENTIFY PACKET DEVICE data, built once (SET FEATURES edits it), as QEMU's identify_set. */
  private identify: Uint8Array | undefined;
  private senseKey = 0;
  private asc = 0;
  /** What is left of the reply, and of the current DRQ block (the byte count limit's share). */
  private replyLeft = 0;
  private replyPos = 0;

  /** QEMU numbers its IDE devices from 1: the secondary master of the VIA IDE is "QM00003". */
  constructor(
    readonly serial = 'QM00003',
    readonly model = 'QEMU DVD-ROM',
    readonly version = '2.5+',
  ) {}

  attach(drive: IdeDrive): void {
    this.drive = drive;
  }

  reset(): void {
    this.senseKey = 0;
    this.asc = 0;
    this.replyLeft = 0;
  }

  /**
   * An ATA command for this device; 'pending' when it continues with a data transfer (and
   * raised the interrupt itself if it had to), else done (with DSC set or not).
   */
  command(cmd: number): 'pending' | 'done' | 'done-dsc' {
    const d = this.drive;
    switch (cmd) {
      case 0xec: // IDENTIFY DEVICE: an ATAPI device aborts it and shows its signature
        d.setSignature();
        d.abort();
        return 'done';
      case 0xa1: // IDENTIFY PACKET DEVICE
        this.io.set(this.identifyData());
        d.status = STATUS.DRDY | STATUS.DSC;
        d.startTransfer(this.io, 512, () => d.stopTransfer());
        d.channel.raiseIrq();
        return 'pending';
      case 0xef:
        return this.setFeatures();
      case 0xe5: // CHECK POWER MODE: active
        d.nsector = 0xff;
        return 'done-dsc';
      case 0xa0: // PACKET
        if (d.feature & 0x02 || d.feature & 0x01) {
          // Overlapped commands, and DMA, are not supported here.
          d.abort();
          return 'done';
        }
        d.status = STATUS.DRDY | STATUS.DSC;
        d.nsector = 1;
        d.startTransfer(this.io, PACKET_SIZE, () => this.packet(), true);
        return 'pending';
      default:
        d.abort();
        return 'done';
    }
  }

  /** ide_atapi_identify (QEMU builds with USE_DMA_CDROM). */
  private identifyData(): Uint8Array {
    if (this.identify) return this.identify;
    const p = new Uint8Array(512);
    const word = (i: number, v: number) => {
      p[2 * i] = v & 0xff;
      p[2 * i + 1] = v >> 8;
    };
    word(0, (2 << 14) | (5 << 8) | (1 << 7) | (2 << 5)); // removable CD-ROM, 50 µs DRQ, 12-byte packets
    ataString(p, 20, this.serial, 20);
    word(20, 3); // buffer type
    word(21, 512); // cache size in sectors
    word(22, 4); // ECC bytes
    ataString(p, 46, this.version, 8);
    ataString(p, 54, this.model, 40);
    word(48, 1); // dword I/O
    word(49, (1 << 9) | (1 << 8)); // LBA and DMA
    word(53, 7); // words 54–58, 64–70 and 88 valid
    word(62, 7); // single-word DMA 0–2
    word(63, 7); // multiword DMA 0–2
    word(64, 3); // PIO 3–4
    word(65, 0xb4);
    word(66, 0xb4);
    word(67, 0x12c);
    word(68, 0xb4);
    word(71, 30);
    word(72, 30);
    word(80, 0x1e); // ATA/ATAPI-1 to -4
    word(88, 0x3f | (1 << 13)); // UDMA 0–5 supported, UDMA 5 selected
    this.identify = p;
    return p;
  }

  /** SET FEATURES: the transfer mode edits the identify data's mode words; a few no-ops succeed. */
  private setFeatures(): 'done' | 'done-dsc' {
    const d = this.drive;
    const word = (i: number, v: number) => {
      if (!this.identify) return;
      this.identify[2 * i] = v & 0xff;
      this.identify[2 * i + 1] = v >> 8;
    };
    switch (d.feature) {
      case 0x02: // write cache on/off and the other features QEMU accepts without effect
      case 0x82:
      case 0xcc:
      case 0x66:
      case 0xaa:
      case 0x55:
      case 0x05:
      case 0x85:
      case 0x69:
      case 0x67:
      case 0x96:
      case 0x9a:
      case 0x42:
      case 0xc2:
        d.status = STATUS.DRDY | STATUS.DSC;
        return 'done-dsc';
      case 0x03: {
        if (!this.identify) break;
        const mode = d.nsector & 7;
        const modeWords: Record<number, [number, number, number]> = {
          0: [7, 7, 0x3f], // PIO default
          1: [7, 7, 0x3f], // PIO mode
          2: [7 | (1 << (mode + 8)), 7, 0x3f], // single-word DMA
          4: [7, 7 | (1 << (mode + 8)), 0x3f], // multiword DMA
          8: [7, 7, 0x3f | (1 << (mode + 8))], // UDMA
        };
        const words = modeWords[d.nsector >> 3];
        if (!words) break;
        word(62, words[0]);
        word(63, words[1]);
        word(88, words[2]);
        d.status = STATUS.DRDY | STATUS.DSC;
        return 'done-dsc';
      }
    }
    d.abort();
    return 'done';
  }

  /** The byte count limit the host put in the cylinder registers (0xffff means 0xfffe). */
  private byteCountLimit(): number {
    const bcl = this.drive.lcyl | (this.drive.hcyl << 8);
    return bcl === 0xffff ? 0xfffe : bcl;
  }

  /** ide_atapi_cmd: the 12-byte packet has arrived. */
  private packet(): void {
    const cdb = this.io.slice(0, PACKET_SIZE);
    switch (cdb[0]) {
      case 0x00: // TEST UNIT READY (CHECK_READY: no medium)
        this.error(SENSE.NOT_READY, ASC.MEDIUM_NOT_PRESENT);
        return;
      case 0x03: // REQUEST SENSE (allowed with a unit attention)
        if (this.byteCountLimit() === 0) this.abortPacket();
        else this.requestSense(cdb);
        return;
      case 0x12: // INQUIRY
        if (this.byteCountLimit() === 0) this.abortPacket();
        else this.inquiry(cdb);
        return;
      default:
        this.error(SENSE.ILLEGAL_REQUEST, ASC.ILLEGAL_OPCODE);
    }
  }

  /** validate_bcl: a data command with a zero byte count limit aborts at the ATA level. */
  private abortPacket(): void {
    this.drive.abort();
    this.drive.channel.raiseIrq();
  }

  private requestSense(cdb: Uint8Array): void {
    const buf = this.io;
    buf.fill(0, 0, 18);
    buf[0] = 0x70 | 0x80;
    buf[2] = this.senseKey;
    buf[7] = 10;
    buf[12] = this.asc;
    this.reply(18, cdb[4]);
  }

  /** cmd_inquiry: standard data, or the VPD pages 0x00 (supported pages) and 0x83 (identification). */
  private inquiry(cdb: Uint8Array): void {
    const buf = this.io;
    const maxLen = cdb[4];
    if (cdb[1] & 1) {
      const page = cdb[2];
      buf.set([0x05, page, 0x00, 0x00]);
      let idx = 4;
      if (page === 0x00) {
        buf[idx++] = 0x00;
        buf[idx++] = 0x83;
      } else if (page === 0x83) {
        if (idx + 24 > maxLen) {
          this.error(SENSE.ILLEGAL_REQUEST, ASC.DATA_PHASE_ERROR);
          return;
        }
        buf.set([0x02, 0x00, 0x00, 20], idx);
        scsiString(buf, idx + 4, this.serial, 20);
        idx += 24;
        if (idx + 72 <= maxLen) {
          buf.set([0x02, 0x01, 0x00, 68], idx);
          scsiString(buf, idx + 4, 'ATA', 8);
          scsiString(buf, idx + 12, this.model, 40);
          scsiString(buf, idx + 52, this.serial, 20);
          idx += 72;
        }
      } else {
        this.error(SENSE.ILLEGAL_REQUEST, ASC.INV_FIELD_IN_CMD_PACKET);
        return;
      }
      buf[3] = idx - 4;
      this.reply(idx, maxLen);
      return;
    }
    buf.fill(0, 0, 36);
    buf[0] = 0x05; // CD-ROM
    buf[1] = 0x80; // removable
    buf[2] = 0x00; // ISO
    buf[3] = 0x21; // ATAPI-2 response format
    buf[4] = 36 - 5;
    scsiString(buf, 8, 'QEMU', 8);
    scsiString(buf, 16, this.model, 16);
    scsiString(buf, 32, this.version, 4);
    this.reply(36, maxLen);
  }

  /** ide_atapi_cmd_reply: `size` bytes of `io` (at most `maxLen`) by PIO, in DRQ blocks. */
  private reply(size: number, maxLen: number): void {
    this.replyLeft = Math.min(size, maxLen);
    this.replyPos = 0;
    this.drive.status = STATUS.DRDY | STATUS.DSC;
    this.replyNext();
  }

  /** ide_atapi_cmd_reply_end: the next DRQ block, or the command's completion. */
  private replyNext(): void {
    const d = this.drive;
    if (this.replyLeft <= 0) {
      this.ok();
      return;
    }
    d.nsector = (d.nsector & ~7) | REASON_IO;
    d.channel.raiseIrq();
    let limit = this.byteCountLimit();
    let size = this.replyLeft;
    if (size > limit) {
      if (limit & 1) limit--;
      size = limit;
    }
    d.lcyl = size & 0xff;
    d.hcyl = (size >> 8) & 0xff;
    const block = this.io.subarray(this.replyPos, this.replyPos + size);
    this.replyPos += size;
    this.replyLeft -= size;
    d.startTransfer(block, size, () => this.replyNext());
  }

  /** ide_atapi_cmd_ok */
  private ok(): void {
    const d = this.drive;
    d.error = 0;
    d.status = STATUS.DRDY | STATUS.DSC;
    d.nsector = (d.nsector & ~7) | REASON_IO | REASON_CD;
    d.stopTransfer();
    d.channel.raiseIrq();
  }

  /** ide_atapi_cmd_error: CHECK CONDITION with the sense kept for REQUEST SENSE. */
  private error(senseKey: number, asc: number): void {
    const d = this.drive;
    d.error = senseKey << 4;
    d.status = STATUS.DRDY | STATUS.ERR;
    d.nsector = (d.nsector & ~7) | REASON_IO | REASON_CD;
    this.senseKey = senseKey;
    this.asc = asc;
    d.stopTransfer();
    d.channel.raiseIrq();
  }
}
