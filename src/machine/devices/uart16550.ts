import type { MmioDevice } from '../system/system-memory.js';

const LSR_DATA_READY = 0x01;
const LSR_OVERRUN = 0x02;
const LSR_THR_EMPTY = 0x20;
const LSR_TRANSMITTER_EMPTY = 0x40;
const IIR_NO_INTERRUPT = 0x01;
const IIR_LINE_STATUS = 0x06;
const IIR_THR_EMPTY = 0x02;
const IIR_RX_DATA = 0x04;
const IIR_FIFO_ENABLED = 0xc0;
const IER_RX = 0x01;
const IER_THR = 0x02;
const IER_LINE_STATUS = 0x04;
const LCR_DLAB = 0x80;
const FCR_FIFO_ENABLE = 0x01;
const MCR_LOOP = 0x10;
/** The receiver FIFO's depth; without FCR[FIFO_ENABLE] the receiver holds one byte. */
const RX_FIFO_SIZE = 16;
/** MSR with the modem lines of an idle connected host: DCD, DSR and CTS asserted. */
const MSR_HOST_LINES = 0xb0;

export interface UartState {
  ier: number;
  lcr: number;
  mcr: number;
  scr: number;
  fcr: number;
  dll: number;
  dlm: number;
  rx: number[];
  thrEmptyPending: boolean;
  /** LSR[OE]: a looped-back byte found the receiver full (cleared by reading LSR). */
  overrun: boolean;
}

/**
 * A 16550A UART (8 byte-wide registers) as the VT8231 provides at ISA port 0x2f8. Transmit
 * completes at once (the host stream absorbs it), so THR is always empty; received bytes
 * queue until the guest reads them. `irq` is called with the interrupt line level.
 *
 * MCR[LOOP] (local loopback, as a real 16550 and QEMU's hw/char/serial.c): a byte written to
 * THR goes into the receiver instead of onto the line — into the 16-byte FIFO, or the single
 * holding register without FCR[FIFO_ENABLE], an overrun setting LSR[OE] — and MSR reads MCR's
 * outputs: DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD. Interrupts work as usual. Linux's 8250 driver
 * sizes the FIFO this way (size_fifo) right before the console starts.
 */
export class Uart16550 implements MmioDevice {
  private ier = 0;
  private lcr = 0;
  private mcr = 0;
  private scr = 0;
  private fcr = 0;
  private dll = 0x0c;
  private dlm = 0;
  private readonly rx: number[] = [];
  /** THR-empty interrupt pending until IIR is read or THR written. */
  private thrEmptyPending = false;
  private overrun = false;
  /** Host input pulled into the receiver while it has room (see `setInputSource`). */
  private source: (() => number | undefined) | undefined;

  constructor(
    private readonly transmit: (byte: number) => void,
    private readonly irq: (level: boolean) => void = () => {},
  ) {}

  /** Registers, the receive FIFO and the pending THR-empty flag, for machine snapshots. */
  saveState(): UartState {
    const { ier, lcr, mcr, scr, fcr, dll, dlm, thrEmptyPending, overrun } = this;
    return { ier, lcr, mcr, scr, fcr, dll, dlm, rx: [...this.rx], thrEmptyPending, overrun };
  }

  /** Restores `saveState` output and drives the interrupt line to match. */
  loadState(state: UartState): void {
    ({
      ier: this.ier,
      lcr: this.lcr,
      mcr: this.mcr,
      scr: this.scr,
      fcr: this.fcr,
      dll: this.dll,
      dlm: this.dlm,
      thrEmptyPending: this.thrEmptyPending,
    } = state);
    this.overrun = state.overrun ?? false;
    this.rx.length = 0;
    this.rx.push(...state.rx);
    this.updateIrq();
  }

  receive(bytes: Iterable<number>): void {
    for (const b of bytes) this.rx.push(b & 0xff);
    this.updateIrq();
  }

  /**
   * Host input with back-pressure: the receiver pulls bytes from `source` (undefined = none now)
   * only while it has room — 16 bytes with FCR[FIFO_ENABLE], else the holding register — on every
   * RBR or LSR read and on this call. Call again (same source) when the host has new bytes. Bytes
   * already queued by `receive` (--append-input, a snapshot) come first.
   */
  setInputSource(source: (() => number | undefined) | undefined): void {
    this.source = source;
    this.pull();
  }

  private pull(): void {
    if (!this.source || this.mcr & MCR_LOOP) return;
    const room = this.fcr & FCR_FIFO_ENABLE ? RX_FIFO_SIZE : 1;
    const before = this.rx.length;
    while (this.rx.length < room) {
      const b = this.source();
      if (b === undefined) break;
      this.rx.push(b & 0xff);
    }
    if (this.rx.length !== before) this.updateIrq();
  }

  /** A byte the transmitter looped back to the receiver (MCR[LOOP]). */
  private loopBack(byte: number): void {
    if (this.fcr & FCR_FIFO_ENABLE) {
      if (this.rx.length < RX_FIFO_SIZE) this.rx.push(byte);
      else this.overrun = true; // an overrun does not overwrite the FIFO
    } else if (this.rx.length > 0) {
      this.rx[this.rx.length - 1] = byte; // the holding register is overwritten
      this.overrun = true;
    } else this.rx.push(byte);
  }

  private msr(): number {
    if (!(this.mcr & MCR_LOOP)) return MSR_HOST_LINES;
    const m = this.mcr;
    return ((m & 0x0c) << 4) | ((m & 0x02) << 3) | ((m & 0x01) << 5); // OUT2,OUT1→DCD,RI; RTS→CTS; DTR→DSR
  }

  private iir(): number {
    const fifo = this.fcr & FCR_FIFO_ENABLE ? IIR_FIFO_ENABLED : 0;
    if (this.ier & IER_LINE_STATUS && this.overrun) return fifo | IIR_LINE_STATUS;
    if (this.ier & IER_RX && this.rx.length > 0) return fifo | IIR_RX_DATA;
    if (this.ier & IER_THR && this.thrEmptyPending) return fifo | IIR_THR_EMPTY;
    return fifo | IIR_NO_INTERRUPT;
  }

  private updateIrq(): void {
    this.irq((this.iir() & IIR_NO_INTERRUPT) === 0);
  }

  read(offset: number): number {
    switch (offset & 7) {
      case 0:
        if (this.lcr & LCR_DLAB) return this.dll;
        {
          const byte = this.rx.shift() ?? 0;
          this.pull();
          this.updateIrq();
          return byte;
        }
      case 1:
        return this.lcr & LCR_DLAB ? this.dlm : this.ier;
      case 2: {
        const iir = this.iir();
        if ((iir & 0x0f) === IIR_THR_EMPTY) {
          this.thrEmptyPending = false;
          this.updateIrq();
        }
        return iir;
      }
      case 3:
        return this.lcr;
      case 4:
        return this.mcr;
      case 5: {
        if (this.rx.length === 0) this.pull();
        const lsr =
          LSR_THR_EMPTY |
          LSR_TRANSMITTER_EMPTY |
          (this.overrun ? LSR_OVERRUN : 0) |
          (this.rx.length > 0 ? LSR_DATA_READY : 0);
        if (this.overrun) {
          this.overrun = false;
          this.updateIrq();
        }
        return lsr;
      }
      case 6:
        return this.msr();
      default:
        return this.scr;
    }
  }

  write(offset: number, _size: number, value: number): void {
    value &= 0xff;
    switch (offset & 7) {
      case 0:
        if (this.lcr & LCR_DLAB) this.dll = value;
        else {
          if (this.mcr & MCR_LOOP) this.loopBack(value);
          else this.transmit(value);
          this.thrEmptyPending = true;
        }
        break;
      case 1:
        if (this.lcr & LCR_DLAB) this.dlm = value;
        else {
          // Enabling the THR interrupt with THR empty raises it at once (16550 behaviour).
          if (value & IER_THR && !(this.ier & IER_THR)) this.thrEmptyPending = true;
          this.ier = value & 0x0f;
        }
        break;
      case 2:
        this.fcr = value;
        if (value & 2) this.rx.length = 0;
        this.pull();
        break;
      case 3:
        this.lcr = value;
        break;
      case 4:
        this.mcr = value & 0x1f;
        this.pull();
        break;
      case 7:
        this.scr = value;
        break;
    }
    this.updateIrq();
  }
}
