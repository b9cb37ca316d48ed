import type { InsnDef } from '../types.js';

export const fpu: InsnDef[] = [];
