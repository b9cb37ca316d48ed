/**
 * The VT8231's cascaded i8259 pair, enough for Linux's legacy init (ICW1–4, OCW1 mask,
 * OCW3 register selection) with no interrupt sources wired yet: reads return the mask or
 * an idle IRR/ISR, so probing code sees a quiet controller.
 */
export class I8259 {
  private mask = 0xff;
  private initStep = 0;
  private readIsr = false;
  readonly icw = [0, 0, 0, 0];

  read(port: 0 | 1): number {
    if (port === 1) return this.mask;
    return 0; // IRR or ISR: nothing pending, nothing in service
  }

  write(port: 0 | 1, value: number): void {
    if (port === 0) {
      if (value & 0x10) {
        // ICW1 starts initialisation; ICW4 follows only when bit 0 asks for it.
        this.icw[0] = value;
        this.initStep = 1;
        this.mask = 0;
      } else if ((value & 0x18) === 0x08) {
        this.readIsr = (value & 3) === 3; // OCW3
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

  get readsInService(): boolean {
    return this.readIsr;
  }
}
