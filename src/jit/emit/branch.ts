import type { Emitter } from './context.js';

export const branchEmitters: Record<string, Emitter> = {};
