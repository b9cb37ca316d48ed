import { sharedHelpers } from './helpers.js';
import type { Runtime } from './runtime.js';

/**
 * A Runtime for a guest with no machine around it (benchmarks, differential harnesses, unit
 * tests): SPRs are plain storage, the time base reads 0, code writes invalidate blocks; the
 * caller decides what exceptions, faults and `sc` do.
 */
export function bareRuntime(
  engine: () => { invalidate(ea: number): void },
  policy: Pick<Runtime, 'raise' | 'fault' | 'sc'>,
): Runtime {
  return {
    ...policy,
    contextChanged: () => {},
    invalidateCode: (ea) => engine().invalidate(ea),
    mfspr: (s, spr) => s.spr[spr],
    mtspr: (s, spr, v) => {
      s.spr[spr] = v;
    },
    timeBase: () => 0,
    ...sharedHelpers,
  };
}
