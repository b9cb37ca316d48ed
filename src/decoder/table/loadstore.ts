import type { InsnDef } from '../types.js';

export const loadstore: InsnDef[] = [];
