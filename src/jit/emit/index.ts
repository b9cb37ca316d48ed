import type { InsnDef } from '../../decoder/types.js';
import { altivecEmitters } from './altivec.js';
import { branchEmitters } from './branch.js';
import type { Emitter } from './context.js';
import { fpuEmitters } from './fpu.js';
import { integerEmitters } from './integer.js';
import { loadstoreEmitters } from './loadstore.js';
import { systemEmitters } from './system.js';

/**
 * Emitters by table mnemonic (InsnDef.name), one record per family. A test checks every
 * table entry has exactly one emitter and every emitter names a table entry.
 */
export const EMITTERS: Readonly<Record<string, Emitter>> = {
  ...integerEmitters,
  ...branchEmitters,
  ...systemEmitters,
  ...loadstoreEmitters,
  ...fpuEmitters,
  ...altivecEmitters,
};

export function emitterFor(def: InsnDef): Emitter | undefined {
  return EMITTERS[def.name];
}
