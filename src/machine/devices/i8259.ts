export interface I8259State {
  mask: number;
  irr: number;
  isr: number;
  level: number;
  initStep: number;
  readIsr: boolean;
  icw: number[];
}

/**
 * One 8259A programmable interrupt controller (the VT8231 has a master/slave pair). Enough of
 * it for Linux's legacy init and for edge-triggered devices: ICW1–4, OCW1 (mask), OCW2
 * (non-specific and specific EOI), OCW3 (IRR/ISR read select), fixed priorities (IRQ0 highest).
 */
export class I8259 {
  private mask = 0xff;
  private irr = 0;
  private isr = 0;
  private level = 0;
  private initStep = 0;
  private readIsr = false;
  readonly icw = [0, 0, 0, 0];

  /** Every register and the initialisation sequence position, for machine snapshots. */
  saveState(): I8259State {
    const { mask, irr, isr, level, initStep, readIsr } = this;
    return { mask, irr, isr, level, initStep, readIsr, icw: [...this.icw] };
  }

  loadState(state: I8259State): void {
    ({
      mask: this.mask,
      irr: this.irr,
      isr: this.isr,
      level: this.level,
      initStep: this.initStep,
      readIsr: this.readIsr,
    } = state);
    this.icw.splice(0, this.icw.length, ...state.icw);
  }

  /** Device line `irq` changes level; a rising edge requests an interrupt. */
  setLine(irq: number, high: boolean): void {
    const bit = 1 << irq;
    if (high && !(this.level & bit)) this.irr |= bit;
    if (high) this.level |= bit;
    else this.level &= ~bit;
  }

  /** The highest-priority requested, unmasked line not blocked by one in service; -1 if none. */
  pending(): number {
    const ready = this.irr & ~this.mask;
    for (let irq = 0; irq < 8; irq++) {
      if (this.isr & (1 << irq)) return -1; // a higher-priority interrupt is in service
      if (ready & (1 << irq)) return irq;
    }
    return -1;
  }

  /** INTA cycle: moves the line from IRR to ISR and returns its vector (ICW2 base + line). */
  acknowledge(): number {
    const irq = this.pending();
    if (irq < 0) return (this.icw[1] & 0xf8) | 7; // spurious IRQ7
    this.irr &= ~(1 << irq);
    this.isr |= 1 << irq;
    return (this.icw[1] & 0xf8) | irq;
  }

  read(port: 0 | 1): number {
    if (port === 1) return this.mask;
    return this.readIsr ? this.isr : this.irr;
  }

  write(port: 0 | 1, value: number): void {
    if (port === 0) {
      if (value & 0x10) {
        // ICW1 starts initialisation; ICW4 follows only when bit 0 asks for it.
        this.icw[0] = value;
        this.initStep = 1;
        this.mask = 0;
        this.irr = 0;
        this.isr = 0;
      } else if ((value & 0x18) === 0x08) {
        if (value & 2) this.readIsr = (value & 1) === 1; // OCW3
      } else if ((value & 0x18) === 0) {
        this.endOfInterrupt(value); // OCW2
      }
      return;
    }
    if (this.initStep === 1) {
      this.icw[1] = value;
      this.initStep = this.icw[0] & 2 ? (this.icw[0] & 1 ? 3 : 0) : 2;
    } else if (this.initStep === 2) {
      this.icw[2] = value;
      this.initStep = this.icw[0] & 1 ? 3 : 0;
    } else if (this.initStep === 3) {
      this.icw[3] = value;
      this.initStep = 0;
    } else this.mask = value;
  }

  private endOfInterrupt(ocw2: number): void {
    const command = ocw2 & 0xe0;
    if (command === 0x20) {
      // Non-specific EOI: the highest-priority line in service.
      for (let irq = 0; irq < 8; irq++) {
        if (this.isr & (1 << irq)) {
          this.isr &= ~(1 << irq);
          return;
        }
      }
    } else if (command === 0x60) this.isr &= ~(1 << (ocw2 & 7)); // specific EOI
  }
}

/** The cascaded pair: the slave's output drives the master's IRQ2. */
export class CascadedPic {
  readonly master = new I8259();
  readonly slave = new I8259();

  setLine(irq: number, high: boolean): void {
    if (irq < 8) this.master.setLine(irq, high);
    else {
      this.slave.setLine(irq - 8, high);
      this.updateCascade();
    }
  }

  /**
   * A write to the slave's ports: an EOI or a mask change can make a request that was waiting
   * behind the line in service pending, and the slave's INT output (the master's IRQ2) follows.
   */
  writeSlave(port: 0 | 1, value: number): void {
    this.slave.write(port, value);
    this.updateCascade();
  }

  private updateCascade(): void {
    this.master.setLine(2, this.slave.pending() >= 0);
  }

  saveState(): { master: I8259State; slave: I8259State } {
    return { master: this.master.saveState(), slave: this.slave.saveState() };
  }

  loadState(state: { master: I8259State; slave: I8259State }): void {
    this.master.loadState(state.master);
    this.slave.loadState(state.slave);
  }

  /** True when the pair asks the CPU for an external interrupt. */
  get interruptRequested(): boolean {
    return this.master.pending() >= 0;
  }

  /** The vector an interrupt-acknowledge read returns. */
  acknowledge(): number {
    const irq = this.master.pending();
    if (irq === 2) {
      this.master.acknowledge();
      const vector = this.slave.acknowledge();
      this.updateCascade();
      return vector;
    }
    return this.master.acknowledge();
  }
}
