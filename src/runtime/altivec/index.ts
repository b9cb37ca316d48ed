import type { CpuState } from '../cpu-state.js';
import { R } from '../cpu-state.js';
import { floatHelpers } from './float.js';
import { compareHelpers, integerHelpers, multiplyHelpers } from './integer.js';
import { permuteHelpers } from './permute.js';

/**
 * AltiVec runtime helpers, called from generated code as `rt.<mnemonic>(s, vD, …)` with
 * register numbers (and immediates) as constants. Compare helpers return the CR6 nibble.
 */
export const altivecHelpers = {
  ...integerHelpers,
  ...multiplyHelpers,
  ...compareHelpers,
  ...permuteHelpers,
  ...floatHelpers,
  /** mfvscr: VSCR into word 3, zeros elsewhere. */
  mfvscr: (s: CpuState, d: number) => {
    s.vr.fill(0, 4 * d, 4 * d + 3);
    s.vr[4 * d + 3] = s.r[R.VSCR];
  },
  /** mtvscr: word 3 of VRb (QEMU keeps every bit of it). */
  mtvscr: (s: CpuState, b: number) => {
    s.r[R.VSCR] = s.vr[4 * b + 3];
  },
};
