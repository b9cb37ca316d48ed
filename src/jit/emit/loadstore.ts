import type { Emitter } from './context.js';

export const loadstoreEmitters: Record<string, Emitter> = {};
