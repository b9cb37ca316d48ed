import type { Emitter } from './context.js';

export const altivecEmitters: Record<string, Emitter> = {};
