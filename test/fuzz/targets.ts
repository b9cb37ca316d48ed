/**
 * Every fuzz target by name: `npm run fuzz -- --target NAME` and the property tests take them
 * from here. To add one, write a FuzzTarget (target.ts) in its own file under test/fuzz/ and add
 * a line below; its property test goes in test/fuzz/NAME.test.ts (see elf.test.ts).
 */
import { elfTarget } from './elf.js';
import { gdbTarget } from './gdb.js';
import { insnsTarget } from './insns.js';
import { snapshotTarget } from './snapshot.js';
import { syscallsTarget } from './syscalls.js';
import type { FuzzTarget } from './target.js';
import { vofTarget } from './vof.js';

export const FUZZ_TARGETS: Record<string, FuzzTarget> = {
  elf: elfTarget as FuzzTarget,
  snapshot: snapshotTarget as FuzzTarget,
  vof: vofTarget as FuzzTarget,
  insns: insnsTarget as FuzzTarget,
  syscalls: syscallsTarget as FuzzTarget,
  gdb: gdbTarget as FuzzTarget,
};
