import { decode } from '../../src/decoder/decode.js';
import { type BlockFn, compileBlock } from '../../src/jit/compile.js';
import { CpuState } from '../../src/runtime/cpu-state.js';
import { sharedHelpers } from '../../src/runtime/helpers.js';
import type { GuestMemory } from '../../src/runtime/memory.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { CODE } from './harness.js';

/**
 * A fast path for register-only instruction tests: the words are compiled once as one block
 * by the real block compiler (cached by their encoding) and called directly with a fresh
 * CpuState, so thousands of operand combinations cost a function call each instead of a new
 * engine and 4 GiB address space (runWords: ~80 ms per call here). No memory is mapped: the
 * words must not load or store.
 */
const compiled = new Map<string, BlockFn>();

export interface ExecResult {
  s: CpuState;
  /** The PC the block returned (CODE + 4 × words when nothing was raised). */
  npc: number;
  raised: { code: number; pc: number }[];
}

export function execWords(words: readonly number[], setup: (s: CpuState) => void): ExecResult {
  const key = words.join(',');
  let fn = compiled.get(key);
  if (!fn) {
    fn = compileBlock(words.map((word, i) => ({ pc: CODE + 4 * i, word, def: decode(word) }))).fn;
    compiled.set(key, fn);
  }
  const s = new CpuState();
  setup(s);
  s.pc = CODE;
  const raised: ExecResult['raised'] = [];
  const rt = {
    ...sharedHelpers,
    raise: (_s: CpuState, code: number, pc: number) => {
      raised.push({ code, pc });
      return pc;
    },
  } as unknown as Runtime;
  const npc = fn(s, undefined as unknown as GuestMemory, rt) >>> 0;
  return { s, npc, raised };
}
