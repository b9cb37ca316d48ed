import { describe, expect, it } from 'vitest';
import { disassemble } from '../../src/decoder/disasm.js';
import { Engine } from '../../src/jit/engine.js';
import { bareRuntime } from '../../src/runtime/bare-runtime.js';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import type { Runtime } from '../../src/runtime/runtime.js';
import { generateCase } from './random-insn/generate.js';
import * as L from './random-insn/layout.js';
import { Rng } from './random-insn/rng.js';

/**
 * JIT regions on random code. In random-insn.test.ts every case runs once, so only the shared
 * load/store subroutines ever become hot regions. Here each random sequence (split into two blocks
 * by a `b .+8` over an invalid word, then a third block with `sc`) runs from the same initial state REGION_THRESHOLD+100
 * times: the first COMPILE_THRESHOLD runs use templates (the cold tier), then the compiled blocks,
 * the later ones the region compiled from them; every run must end in exactly the state of the
 * first. The thresholds are lowered from the engine's defaults to keep the runs short, and regions
 * are allowed without a loop. The same code then runs as one block that continues through both
 * branches (the engine's followBranches), which must end in the same state. No qemu needed.
 */
const COMPILE_THRESHOLD = 50;
const REGION_THRESHOLD = 200;
const CASES = Number(process.env.PPCJIT_REGION_CASES ?? 500);
const RUNS = REGION_THRESHOLD + 100;
const CODE = 0x10000;
const REC = L.DATA_ADDR;

function snapshot(s: CpuState, m: FlatMemory): string {
  return JSON.stringify([
    Array.from(s.gpr),
    Array.from(s.fprBits),
    s.r[R.CR],
    s.r[R.LR],
    s.r[R.CTR],
    s.xer,
    s.r[R.FPSCR],
    s.pc,
    Array.from(m.bytes.subarray(REC, REC + L.RECORD_SIZE)),
  ]);
}

/**
 * Runs `words` at CODE from the case's initial state `runs` times on one engine; returns the state
 * of the first run and the first run (if any) that ended elsewhere.
 */
function runRepeatedly(
  c: ReturnType<typeof generateCase>,
  words: readonly number[],
  followBranches: boolean,
  runs: number,
): { first: string; differs: number | undefined; regions: number } {
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  m.map(REC, 0x2000, Prot.RWX);
  words.forEach((w, i) => new DataView(m.buffer).setUint32(CODE + 4 * i, w, false));
  const s = new CpuState();
  let engine: Engine | undefined;
  const stop = (pc: number) => {
    engine!.stopped = true;
    return pc;
  };
  const rt: Runtime = bareRuntime(() => engine!, {
    raise: (_s, _code, pc) => stop(pc),
    fault: (_s, _err, pc) => stop(pc),
    sc: (_st, _lev, pc) => stop((pc + 4) >>> 0),
  });
  engine = new Engine(s, m, rt);
  engine.compileOptions = { memory: 'flat' }; // the inline memory fast path, as linux-user runs
  engine.compileThreshold = COMPILE_THRESHOLD;
  engine.regionThreshold = REGION_THRESHOLD;
  // The sequence has no loop, so the engine would build no region from it: let it, to run
  // the region code generator on the random instructions.
  engine.loopRegionsOnly = false;
  engine.followBranches = followBranches;
  let first = '';
  for (let run = 0; run < runs; run++) {
    s.gpr.set(c.init.gpr.map((v) => v | 0));
    c.init.fpr.forEach(([hi, lo], f) => {
      s.fprBits[2 * f + 1] = hi | 0;
      s.fprBits[2 * f] = lo | 0;
    });
    s.r[R.CR] = c.init.cr;
    s.r[R.LR] = c.init.lr;
    s.r[R.CTR] = c.init.ctr;
    s.xer = c.init.xer;
    s.r[R.FPSCR] = c.init.fpscr;
    m.bytes.fill(0, REC, REC + 0x2000);
    m.bytes.set(c.scratch, REC + L.SCRATCH);
    s.pc = CODE;
    engine.run(1000);
    const state = snapshot(s, m);
    if (run === 0) first = state;
    else if (state !== first) return { first, differs: run, regions: engine.regionsCompiled };
  }
  return { first, differs: undefined, regions: engine.regionsCompiled };
}

describe('JIT regions on random instruction sequences', () => {
  it(`${CASES} sequences × ${RUNS} runs: the region runs end in the plain blocks' state, and so do blocks that follow the branches`, () => {
    const rng = new Rng(0x5eed);
    let regions = 0;
    const bad: string[] = [];
    for (let k = 0; k < CASES; k++) {
      const c = generateCase(rng, REC);
      const split = 1 + rng.int(c.words.length - 1);
      // `b .+8` over an invalid word: a branch taken wrongly (or not at all) raises there.
      const B8 = 0x48000008;
      const INVALID = 0;
      const words = [...c.words.slice(0, split), B8, INVALID, ...c.words.slice(split), B8, INVALID, 0x44000002];
      const listing = () => words.map((w, i) => `  ${disassemble(w, CODE + 4 * i)}`).join('\n');
      // Three blocks joined by the branches: templates, then compiled blocks, then a region.
      const split3 = runRepeatedly(c, words, false, RUNS);
      regions += split3.regions;
      if (split3.differs !== undefined) bad.push(`sequence ${k}, run ${split3.differs}:\n${listing()}`);
      // One block through both branches (block.ts findBlock): templates, then compiled (a single
      // block forms no region, so the runs stop a little after the compile threshold).
      const followed = runRepeatedly(c, words, true, COMPILE_THRESHOLD + 10);
      if (followed.differs !== undefined || followed.first !== split3.first) {
        bad.push(`sequence ${k}, followed branches, run ${followed.differs ?? 0}:\n${listing()}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(regions).toBeGreaterThan(CASES * 0.9);
  });
});
