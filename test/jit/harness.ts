import * as acorn from 'acorn';
import { findBlock } from '../../src/jit/block.js';
import { generateBlock } from '../../src/jit/compile.js';
import { Engine } from '../../src/jit/engine.js';
import { bareRuntime } from '../../src/runtime/bare-runtime.js';
import { CpuState } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { GuestException, GuestFault } from '../../src/runtime/memory.js';
import type { Runtime } from '../../src/runtime/runtime.js';

export const CODE = 0x10000;
/** A scratch data area tests may load from and store to. */
export const DATA = 0x20000;
export const DATA_SIZE = 0x10000;
/** The word after the test code: an invalid instruction that stops the run. */
const STOP = 0x00000000;

export interface Raised {
  code: number;
  pc: number;
  detail: number;
}

/** A runtime for unit tests: records exceptions and stops instead of delivering them. */
export function testRuntime(engine: () => Engine, raised: Raised[], extra: Record<string, unknown> = {}): Runtime {
  const stop = (code: number, pc: number, detail: number) => {
    raised.push({ code, pc, detail });
    engine().stopped = true;
    return pc;
  };
  const rt = bareRuntime(engine, {
    raise: (_s, code, pc, detail) => stop(code, pc, detail),
    fault: (_s, err, pc) => {
      if (err instanceof GuestException) return stop(err.code, pc, err.detail);
      if (!(err instanceof GuestFault)) throw err;
      return stop(-err.kind, pc, err.address);
    },
    sc: (_s, lev, pc) => stop(100 + lev, pc, 0),
  });
  return { ...rt, ...extra };
}

export interface RunResult {
  s: CpuState;
  m: FlatMemory;
  raised: Raised[];
  engine: Engine;
}

/** An engine on a fresh memory (CODE RWX, DATA RW) with the recording test runtime. */
export function testMachine(): RunResult {
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  m.map(DATA, DATA_SIZE, Prot.RW);
  const s = new CpuState();
  const raised: Raised[] = [];
  let engine: Engine | undefined;
  engine = new Engine(
    s,
    m,
    testRuntime(() => engine!, raised),
  );
  // As in user mode: loads and stores take the inline fast path (the accessors are its slow path).
  engine.compileOptions = { memory: 'flat' };
  return { s, m, raised, engine };
}

/**
 * Runs `words` placed at CODE until the STOP word (an illegal instruction) or an exception.
 * `setup` initialises registers/memory first. The code page is RWX, DATA is RW.
 */
export function runWords(
  words: readonly number[],
  setup?: (s: CpuState, m: FlatMemory) => void,
  configure?: (engine: Engine) => void,
): RunResult {
  const { s, m, raised, engine } = testMachine();
  words.forEach((w, i) => m.w32(CODE + i * 4, w));
  m.w32(CODE + words.length * 4, STOP);
  s.pc = CODE;
  setup?.(s, m);
  configure?.(engine);
  engine.run(1_000_000);
  return { s, m, raised, engine };
}

/** The generated JS for the block at CODE, parsed with acorn to prove it is valid. */
export function blockSource(words: readonly number[]): string {
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  words.forEach((w, i) => m.w32(CODE + i * 4, w));
  const { body } = generateBlock(
    findBlock(CODE, (ea) => m.fetch(ea)),
    undefined,
    'flat',
  );
  acorn.parse(`function block(s, m, rt) {\n${body}\n}`, { ecmaVersion: 2022 });
  return body;
}
