import type { InsnDef } from '../types.js';
import { altivec } from './altivec.js';
import { branch } from './branch.js';
import { fpu } from './fpu.js';
import { integer } from './integer.js';
import { loadstore } from './loadstore.js';
import { system } from './system.js';

/**
 * The one instruction table. Order matters where two definitions match the same word:
 * the earlier wins, as in objdump's table. Families: integer (arithmetic, logical,
 * compare, rotate, shift), branch (branches and CR logical), system (sc, rfi, SPR/MSR/SR
 * moves, traps, cache and sync), loadstore (integer, FP and vector loads and stores),
 * fpu (opcodes 59/63), altivec (opcode 4).
 */
export const INSTRUCTIONS: readonly InsnDef[] = [...integer, ...branch, ...system, ...loadstore, ...fpu, ...altivec];
