import type { Emitter } from './context.js';

export const fpuEmitters: Record<string, Emitter> = {};
