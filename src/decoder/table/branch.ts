import type { InsnDef } from '../types.js';

export const branch: InsnDef[] = [];
