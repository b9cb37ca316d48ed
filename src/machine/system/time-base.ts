export interface TimeBaseState {
  ticks: number;
  decrementerBase: number;
  decrementerSetAt: number;
  decrementerArmed: boolean;
}

/**
 * The time base and decrementer. Guest time advances with the host clock (or, when a machine
 * asks, jumps ahead to the next event while the guest idles), scaled to the board's time-base
 * frequency. The 64-bit time base is kept as a double: exact up to 2^53 ticks (≈ 8.5 years at
 * 33 MHz).
 */
export class TimeBase {
  /** Ticks added by `skipTo` (idle fast-forward) and by guest writes to TBL/TBU. */
  private offset = 0;
  private decrementerBase = 0;
  private decrementerSetAt = 0;

  constructor(
    readonly frequency: number,
    private readonly nowMs: () => number = () => performance.now(),
    /**
     * Ticks since power-on from a guest-driven clock instead of `nowMs` (deterministic mode:
     * InstructionClock, so the host clock is never read).
     */
    private readonly elapsedTicks?: () => number,
  ) {}

  ticks(): number {
    const elapsed = this.elapsedTicks ? this.elapsedTicks() : Math.floor((this.nowMs() * this.frequency) / 1000);
    return elapsed + this.offset;
  }

  lower(): number {
    return (this.ticks() % 2 ** 32) | 0;
  }
  upper(): number {
    return Math.floor(this.ticks() / 2 ** 32) | 0;
  }
  setLower(v: number): void {
    const t = this.ticks();
    this.offset += t - (t % 2 ** 32) + (v >>> 0) - t;
  }
  setUpper(v: number): void {
    const t = this.ticks();
    this.offset += (v >>> 0) * 2 ** 32 + (t % 2 ** 32) - t;
  }

  /** DEC as the guest reads it: counts down one per tick from the last value written. */
  decrementer(): number {
    return (this.decrementerBase - (this.ticks() - this.decrementerSetAt)) | 0;
  }
  setDecrementer(v: number): void {
    this.decrementerBase = v | 0;
    this.decrementerSetAt = this.ticks();
    this.decrementerArmed = true;
  }
  /**
   * The decrementer interrupt is signalled when DEC's sign bit goes from 0 to 1, once per
   * write of DEC; it stays pending (armed and expired) until the machine delivers it.
   */
  decrementerArmed = true;
  takeDecrementerInterrupt(): boolean {
    if (!this.decrementerArmed || this.ticksToDecrementerInterrupt() > 0) return false;
    this.decrementerArmed = false;
    return true;
  }
  /** Ticks until DEC's sign bit sets (≤ 0: already set). */
  ticksToDecrementerInterrupt(): number {
    return this.decrementerBase - (this.ticks() - this.decrementerSetAt) + 1;
  }
  /**
   * Guest time and the decrementer for a machine snapshot: the tick count now, and the
   * decrementer's base and set point in the same tick scale.
   */
  saveState(): TimeBaseState {
    return {
      ticks: this.ticks(),
      decrementerBase: this.decrementerBase,
      decrementerSetAt: this.decrementerSetAt,
      decrementerArmed: this.decrementerArmed,
    };
  }

  /**
   * Guest time continues from the captured tick count whatever this time base's clock reads
   * now (the offset absorbs the difference), so the decrementer and the RTC carry on as if the
   * guest had never stopped.
   */
  loadState(state: TimeBaseState): void {
    this.offset = 0;
    this.offset = state.ticks - this.ticks();
    this.decrementerBase = state.decrementerBase;
    this.decrementerSetAt = state.decrementerSetAt;
    this.decrementerArmed = state.decrementerArmed;
  }

  /** Advances guest time by `ticks` without waiting (the guest is idle until then). */
  skip(ticks: number): void {
    if (ticks > 0) this.offset += ticks;
  }

  /**
   * The guest waits for an interrupt: jump to the decrementer's next interrupt instead of
   * spinning in real time. Without a pending decrementer event (already taken and not
   * rewritten) there is nothing to wait for that the time base controls, so time is left alone.
   * Returns the ticks skipped.
   */
  skipToNextEvent(): number {
    if (!this.decrementerArmed) return 0;
    const ticks = this.ticksToDecrementerInterrupt();
    if (ticks <= 0) return 0;
    this.offset += ticks;
    return ticks;
  }
}
