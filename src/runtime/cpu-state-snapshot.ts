/**
 * CpuState as bytes for machine snapshots (src/machine/snapshot/): every register array in a
 * fixed order, each word big-endian so a snapshot reads the same on any host. FPRs go through
 * `fprBits` so NaN payloads survive bit-exactly.
 */
import type { CpuState } from './cpu-state.js';

/** The arrays of a CpuState in snapshot order, with their names for error messages. */
function registerArrays(s: CpuState): Array<[string, Int32Array]> {
  return [
    ['gpr', s.gpr],
    ['fpr', s.fprBits],
    ['vr', s.vr],
    ['r', s.r],
    ['spr', s.spr],
    ['sr', s.sr],
  ];
}

/** Layout: per array, a word count then the words (all big-endian int32). */
export function captureCpuState(s: CpuState): Uint8Array {
  const arrays = registerArrays(s);
  const words = arrays.reduce((n, [, a]) => n + 1 + a.length, 0);
  const out = new Uint8Array(words * 4);
  const dv = new DataView(out.buffer);
  let at = 0;
  for (const [, a] of arrays) {
    dv.setInt32(at, a.length, false);
    at += 4;
    for (const v of a) {
      dv.setInt32(at, v, false);
      at += 4;
    }
  }
  return out;
}

/** Overwrites every register of `s`; throws if the layout does not match this CpuState. */
export function restoreCpuState(s: CpuState, bytes: Uint8Array): void {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  for (const [name, a] of registerArrays(s)) {
    if (at + 4 > bytes.length) throw new Error(`CPU state truncated before '${name}'`);
    const count = dv.getInt32(at, false);
    at += 4;
    if (count !== a.length) throw new Error(`CPU state '${name}' has ${count} words, expected ${a.length}`);
    if (at + 4 * count > bytes.length) throw new Error(`CPU state truncated in '${name}'`);
    for (let i = 0; i < count; i++, at += 4) a[i] = dv.getInt32(at, false);
  }
  if (at !== bytes.length) throw new Error(`CPU state has ${bytes.length - at} trailing bytes`);
}
