import type { InsnDef } from '../types.js';

export const altivec: InsnDef[] = [];
