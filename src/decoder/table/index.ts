import type { InsnDef } from '../types.js';
import { integer } from './integer.js';

/**
 * The one instruction table. Order matters where two definitions match the same word:
 * the earlier wins, as in objdump's table.
 */
export const INSTRUCTIONS: readonly InsnDef[] = [...integer];
