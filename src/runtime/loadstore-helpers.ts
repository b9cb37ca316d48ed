import { doubleLowWord } from './float-bits.js';
import { FaultKind, GuestFault, type GuestMemory } from './memory.js';

/**
 * Runtime helpers for the load/store family (called from generated code as `rt.<name>`).
 * They never touch CpuState registers: the emitted code passes register values in and assigns
 * the results to its block locals, so a fault inside a helper leaves every register as it was.
 */

/**
 * The `count` bytes at `ea` packed four to a word, big-endian, the last word padded with
 * zero bytes (lswi/lswx fill registers this way; PEM lswi/lswx). Returns ceil(count / 4) words.
 */
function loadString(m: GuestMemory, ea: number, count: number): number[] {
  const words: number[] = [];
  for (let i = 0; i < count; i += 4) {
    const left = count - i;
    const at = (ea + i) | 0;
    if (left >= 4) {
      words.push(m.r32(at) | 0);
      continue;
    }
    let value = 0;
    for (let b = 0; b < left; b++) value |= m.r8((at + b) | 0) << (24 - 8 * b);
    words.push(value | 0);
  }
  return words;
}

/** Stores the first `count` bytes of `regs` (values of RS, RS+1, … in order) at `ea` (stswi/stswx). */
function storeString(m: GuestMemory, ea: number, count: number, regs: readonly number[]): void {
  for (let i = 0; i < count; i += 4) {
    const left = count - i;
    const at = (ea + i) | 0;
    const value = regs[i >> 2];
    if (left >= 4) {
      m.w32(at, value);
      continue;
    }
    for (let b = 0; b < left; b++) m.w8((at + b) | 0, (value >>> (24 - 8 * b)) & 0xff);
  }
}

/** Raises the alignment interrupt (lwarx/stwcx. with EA not a multiple of 4). */
function alignmentFault(ea: number, isWrite: boolean): never {
  throw new GuestFault(FaultKind.Alignment, ea >>> 0, isWrite);
}

export const loadstoreHelpers = {
  loadString,
  storeString,
  alignmentFault,
  /** stfiwx: the low word of the FPR's bit pattern. */
  fprLowWord: doubleLowWord,
};
