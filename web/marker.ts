/**
 * Splits console output at the first occurrence of a marker, as `ppcjit boot --snapshot-at`
 * does (src/machine/snapshot/marker.ts, which uses Node's Buffer): the bytes up to the marker's
 * end are shown, what follows goes into the snapshot as its console tail. The marker may arrive
 * split across output chunks.
 */
export class ConsoleMarker {
  private readonly marker: Uint8Array;
  /** The last marker.length - 1 bytes seen, for a marker spanning chunks. */
  private carry = new Uint8Array(0);
  found = false;
  private readonly afterChunks: Uint8Array[] = [];

  constructor(marker: string) {
    this.marker = new TextEncoder().encode(marker);
  }

  /** Feeds console bytes; returns the part that comes before the marker's end. */
  push(bytes: Uint8Array): Uint8Array {
    if (this.found) {
      this.afterChunks.push(bytes.slice());
      return new Uint8Array(0);
    }
    const window = concat([this.carry, bytes]);
    const at = indexOf(window, this.marker);
    if (at < 0) {
      this.carry = window.slice(Math.max(0, window.length - (this.marker.length - 1)));
      return bytes;
    }
    this.found = true;
    const end = at + this.marker.length - this.carry.length;
    this.afterChunks.push(bytes.slice(end));
    return bytes.subarray(0, end);
  }

  /** Everything pushed after the marker's end. */
  get after(): Uint8Array {
    return concat(this.afterChunks);
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
