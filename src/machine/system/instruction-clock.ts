/**
 * Deterministic guest time (`ppcjit boot --deterministic`): the time base, the decrementer and
 * the RTC advance with retired guest instructions instead of the host clock, so two runs of the
 * same boot print the same bytes and end with the same counters.
 *
 * Design
 * - Progress measure: retired guest instructions as the engine counts them per block call
 *   (Engine.countedInstructions): a plain block counts its length, a self-loop its iterations ×
 *   length, a region the lengths of the member blocks it entered; a block that faults part-way
 *   counts whole. The dynamic sequence of blocks is a function of the guest's path alone (the
 *   block finder cuts the same blocks whichever tier runs them), so this count is the same for
 *   templates, compiled blocks, regions and self-loops, whatever the compile threshold, and for
 *   a translation cache shared with another guest.
 * - Slices: the machine runs the guest in slices of SLICE_INSTRUCTIONS instructions. A slice ends
 *   at the first block boundary at which that many have retired (Engine.run's instruction
 *   budget; self-loops and regions get the rest of the budget in R.INSN_BUDGET and return at
 *   that same boundary), or earlier when the guest idles (MSR[POW], which ends its block). The
 *   boundaries are thus defined in instructions, never in block calls, which differ between
 *   tiers (a region runs thousands of blocks in one call).
 * - Time moves only between slices: at a slice's end the instructions it retired are credited
 *   (`endSlice`), then the machine delivers pending interrupts. Within a slice mftb/mfdec read a
 *   constant value; a loop spinning on the time base still ends, because its slice ends after
 *   SLICE_INSTRUCTIONS instructions and the next slice reads a later time. The decrementer
 *   interrupt is taken at the first slice end after DEC expires (at most ~SLICE_INSTRUCTIONS /
 *   INSTRUCTIONS_PER_TICK ticks late, ≈ 16 µs of guest time).
 * - A stop that is not the guest's (a host-side stop such as a snapshot marker; the wall-clock
 *   --timeout only pauses between slices) leaves the slice open: `pending` carries into the next
 *   run, so a paused or restored guest continues exactly as an uninterrupted one.
 * - Rate: a nominal IPC of 1 at the device tree's 1 GHz core clock, with the 33.333 MHz time
 *   base: 1e9 / 33_333_333 ≈ 30 instructions per tick (1 s of guest time = 1e9 instructions).
 *   Idle fast-forward (TimeBase.skipToNextEvent) still jumps to the next decrementer event.
 */

/** Retired instructions per time-base tick: IPC 1 at 1 GHz over a 33.333 MHz time base. */
export const INSTRUCTIONS_PER_TICK = 30;

/**
 * Instructions per slice: the granularity of guest time and of interrupt delivery. 16384
 * instructions ≈ 546 ticks ≈ 16 µs of guest time, well under a 10 ms jiffy.
 */
export const SLICE_INSTRUCTIONS = 1 << 14;

/** The RTC's date at power-on in deterministic mode unless --start-date gives another. */
export const DETERMINISTIC_START_DATE_MS = Date.UTC(2026, 0, 1);

export interface InstructionClockState {
  credited: number;
  pending: number;
}

export class InstructionClock {
  /** Instructions credited to guest time (at slice ends). */
  credited = 0;
  /** Instructions retired in the open slice, not yet credited. */
  pending = 0;

  constructor(
    readonly instructionsPerTick = INSTRUCTIONS_PER_TICK,
    readonly sliceInstructions = SLICE_INSTRUCTIONS,
  ) {}

  /** Time-base ticks elapsed since power-on (TimeBase adds its offset: idle skips, TB writes). */
  ticks(): number {
    return Math.floor(this.credited / this.instructionsPerTick);
  }

  /** Instructions the open slice may still retire before it ends. */
  sliceLeft(): number {
    return this.sliceInstructions - this.pending;
  }

  retire(instructions: number): void {
    this.pending += instructions;
  }

  /** Ends the open slice: guest time advances by the instructions it retired. */
  endSlice(): void {
    this.credited += this.pending;
    this.pending = 0;
  }

  /** Instructions retired since power-on (credited or not). */
  get instructions(): number {
    return this.credited + this.pending;
  }

  saveState(): InstructionClockState {
    return { credited: this.credited, pending: this.pending };
  }

  loadState(state: InstructionClockState): void {
    this.credited = state.credited;
    this.pending = state.pending;
  }
}
