/**
 * Compares two dtb blobs byte for byte, except the alignment padding after property values and
 * node names: libfdt leaves stale bytes there when it moves a property (QEMU's blob has 44 such
 * bytes), and no reader looks at them.
 */
import { readCell } from '../../src/vof/device-tree.js';

/** Offsets of padding bytes inside the structure block. */
export function fdtPadding(blob: Uint8Array): Set<number> {
  const padding = new Set<number>();
  let p = readCell(blob, 2);
  const pad = (from: number, to: number) => {
    for (let i = from; i < to; i++) padding.add(i);
  };
  for (;;) {
    const token = readCell(blob.subarray(p), 0);
    p += 4;
    if (token === 1) {
      const end = blob.indexOf(0, p) + 1;
      const next = (end + 3) & ~3;
      pad(end, next);
      p = next;
    } else if (token === 3) {
      const len = readCell(blob.subarray(p), 0);
      p += 8;
      const next = (p + len + 3) & ~3;
      pad(p + len, next);
      p = next;
    } else if (token === 9) return padding;
    else if (token !== 2 && token !== 4) throw new Error(`bad token ${token}`);
  }
}

export interface FdtDiff {
  sameLength: boolean;
  /** Differing offsets outside padding. */
  differences: number[];
  /** Differing offsets inside padding (informational). */
  paddingDifferences: number;
}

export function compareFdt(want: Uint8Array, got: Uint8Array): FdtDiff {
  const padding = fdtPadding(want);
  const differences: number[] = [];
  let paddingDifferences = 0;
  for (let i = 0; i < Math.min(want.length, got.length); i++) {
    if (want[i] === got[i]) continue;
    if (padding.has(i)) paddingDifferences++;
    else differences.push(i);
  }
  return { sameLength: want.length === got.length, differences, paddingDifferences };
}
