import type { InsnDef } from '../types.js';

export const system: InsnDef[] = [];
