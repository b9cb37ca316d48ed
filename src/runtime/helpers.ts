import { altivecHelpers } from './altivec/index.js';
import { fpuHelpers } from './fpu/index.js';
import { integerHelpers } from './integer-helpers.js';
import { loadstoreHelpers } from './loadstore-helpers.js';

/**
 * Helpers generated code calls as `rt.<name>(…)` that do not depend on the machine
 * (floating point, vector, string ops). Every machine's Runtime spreads this object in,
 * so the helpers are the same functions everywhere. Family modules add to it.
 */
export const sharedHelpers: Record<string, unknown> = {
  ...altivecHelpers,
  ...loadstoreHelpers,
  ...fpuHelpers,
  ...integerHelpers,
};
