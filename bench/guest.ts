import { readFileSync } from 'node:fs';
import { Engine } from '../src/jit/engine.js';
import { parseElf } from '../src/machine/elf.js';
import { loadElfFlat } from '../src/machine/load-flat.js';
import { bareRuntime } from '../src/runtime/bare-runtime.js';
import { CpuState } from '../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../src/runtime/flat-memory.js';
import { GuestException, GuestFault } from '../src/runtime/memory.js';
import type { Runtime } from '../src/runtime/runtime.js';

/** What one in-process run of a benchmark guest produced. */
export interface GuestResult {
  stdout: string;
  exitCode: number;
  /** Set when the guest raised an exception or the engine failed (the run is not a valid sample). */
  error: string | undefined;
  wallMs: number;
  translateMs: number;
  instructions: number;
  /** Blocks translated (engine.cache.compiled). */
  blocksCompiled: number;
  /** Hot regions compiled (engine.regionsCompiled). */
  regionsCompiled: number;
}

const STACK_TOP = 0x7fff0000;
const STACK_SIZE = 8 << 20;

/**
 * Runs a freestanding benchmark ELF (bench/programs/rt.h: only write(4) and exit(1)) on the JIT
 * engine. Deliberately not the Linux user-mode machine: the benchmark measures the translator and
 * must not depend on how complete the syscall layer is.
 */
export function runGuest(elfPath: string): GuestResult {
  const bytes = readFileSync(elfPath);
  const elf = parseElf(bytes, elfPath);
  const m = new FlatMemory();
  loadElfFlat(m, elf);
  m.map(STACK_TOP - STACK_SIZE, STACK_SIZE, Prot.RW);
  const s = new CpuState();
  s.gpr[1] = STACK_TOP - 64;
  let stdout = '';
  let exitCode = -1;
  let error: string | undefined;
  let engine: Engine | undefined;
  const stop = (why: string, pc: number) => {
    error = `${why} at 0x${(pc >>> 0).toString(16)}`;
    engine!.stopped = true;
    return pc;
  };
  const rt: Runtime = bareRuntime(() => engine!, {
    raise: (_s, code, pc) => stop(`exception ${code}`, pc),
    fault: (_s, err, pc) => {
      if (err instanceof GuestException) return stop(`exception ${err.code}`, pc);
      if (err instanceof GuestFault) return stop(`memory fault at 0x${err.address.toString(16)}`, pc);
      throw err;
    },
    sc: (st, _lev, pc) => {
      const nr = st.gpr[0];
      if (nr === 4) {
        const at = st.gpr[4] >>> 0;
        stdout += Buffer.from(m.bytes.subarray(at, at + (st.gpr[5] >>> 0))).toString('latin1');
        st.gpr[3] = st.gpr[5];
      } else if (nr === 1 || nr === 234) {
        exitCode = st.gpr[3] & 0xff;
        engine!.stopped = true;
      } else return stop(`unsupported syscall ${nr}`, pc);
      return (pc + 4) >>> 0;
    },
  });
  engine = new Engine(s, m, rt);
  engine.compileOptions = { memory: 'flat' }; // the inline memory fast path, as linux-user runs
  s.pc = elf.entry;
  const t0 = performance.now();
  try {
    engine.run();
  } catch (e) {
    error = `internal error: ${(e as Error).message}`;
  }
  return {
    stdout,
    exitCode,
    error,
    wallMs: performance.now() - t0,
    translateMs: engine.translateMs,
    instructions: engine.instructions,
    blocksCompiled: engine.cache.compiled,
    regionsCompiled: engine.regionsCompiled,
  };
}
