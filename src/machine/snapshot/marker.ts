/**
 * Splits console output at the first occurrence of a marker (`--snapshot-at`): the bytes up to
 * and including it are `before`, everything after is `after` (the snapshot keeps those as its
 * console tail, so the restored run prints exactly what follows the marker). The marker may
 * arrive split across any number of output chunks.
 */
export class MarkerSplit {
  private readonly marker: Buffer;
  /** The last marker.length - 1 bytes seen, for a marker spanning chunks. */
  private carry = Buffer.alloc(0);
  found = false;
  private readonly afterChunks: Buffer[] = [];

  constructor(marker: string) {
    if (marker.length === 0) throw new Error('empty marker');
    this.marker = Buffer.from(marker, 'latin1');
  }

  /** Feeds console bytes; returns the part that comes before the marker's end (to print now). */
  push(bytes: Uint8Array): Uint8Array {
    if (this.found) {
      this.afterChunks.push(Buffer.from(bytes));
      return new Uint8Array(0);
    }
    const window = Buffer.concat([this.carry, bytes]);
    const at = window.indexOf(this.marker);
    if (at < 0) {
      this.carry = window.subarray(Math.max(0, window.length - (this.marker.length - 1)));
      return bytes;
    }
    this.found = true;
    // Bytes of `bytes` up to the marker's end; the carry part was already handed out.
    const end = at + this.marker.length - this.carry.length;
    this.afterChunks.push(Buffer.from(bytes.subarray(end)));
    return bytes.subarray(0, end);
  }

  /** Everything pushed after the marker's end. */
  get after(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.afterChunks));
  }
}
