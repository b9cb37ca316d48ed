// Time-to-marker for system workloads: the first moment the console output contains a string
// (the Linux guest's `/init` prints `ppcjit-guest: init reached`). Pure: no I/O, no clock.

/** Watches a byte stream (fed in chunks of any size) for the first occurrence of `marker`. */
export class MarkerWatch {
  private tail = '';
  seen = false;

  constructor(readonly marker: string) {
    if (!marker) throw new Error('empty marker');
  }

  /** Feeds console bytes; true exactly once, on the chunk that completes the first occurrence. */
  push(chunk: Uint8Array | string): boolean {
    if (this.seen) return false;
    const text = this.tail + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'));
    if (text.includes(this.marker)) {
      this.seen = true;
      this.tail = '';
      return true;
    }
    // Keep just enough to find a marker split across chunks (the UART delivers one byte a call).
    this.tail = text.slice(-(this.marker.length - 1));
    return false;
  }
}
