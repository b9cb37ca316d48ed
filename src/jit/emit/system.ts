import type { Emitter } from './context.js';

export const systemEmitters: Record<string, Emitter> = {};
