import { describe, expect, it } from 'vitest';
import { EngineDebug } from '../../src/gdb/engine-debug.js';
import { PpcDebugTarget } from '../../src/gdb/ppc-target.js';
import { GdbSession } from '../../src/gdb/session.js';
import { Engine } from '../../src/jit/engine.js';
import { CpuState } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { CODE, DATA, type Raised, testRuntime } from '../jit/harness.js';
import { ScriptedGdb } from './fake-gdb.js';

// The program of test/jit/instruction-budget.test.ts:
//  0 li r3,0; 4 li r4,0; 8 li r0,3000; c nop; 10 mtctr r0
// 14 loop: andi. r0,r4,1; 18 beq skip; 1c addi r3,r3,1; 20 skip: addi r4,r4,1; 24 bdnz loop
// 28 li r0,5000; 2c mtctr r0; 30 inner: addi r6,r6,1; 34 bdnz inner (a self-loop); 38 invalid
const PROGRAM = [
  0x38600000, 0x38800000, 0x38000bb8, 0x60000000, 0x7c0903a6, 0x70800001, 0x41820008, 0x38630001, 0x38840001,
  0x4200fff0, 0x38001388, 0x7c0903a6, 0x38c60001, 0x4200fffc, 0x00000000,
];

/** The PCs PROGRAM executes, in order (what stepping must visit, one instruction a step). */
function* programTrace(): Generator<number> {
  yield* [0, 4, 8, 0xc, 0x10];
  for (let i = 0; i < 3000; i++) yield* i % 2 ? [0x14, 0x18, 0x1c, 0x20, 0x24] : [0x14, 0x18, 0x20, 0x24];
  yield* [0x28, 0x2c];
  for (let i = 0; i < 5000; i++) yield* [0x30, 0x34];
}

// li r4,0; lis r5,2 (DATA); li r0,1000; mtctr r0; loop: addi r4,r4,1; stw r4,0(r5); bdnz loop; invalid
const STORES = [0x38800000, 0x3ca00002, 0x380003e8, 0x7c0903a6, 0x38840001, 0x90850000, 0x4200fff8, 0];

interface Tiering {
  compileThreshold: number;
  regions: boolean;
}
const TIERINGS: Tiering[] = [
  { compileThreshold: 1_000_000, regions: false }, // templates only
  { compileThreshold: 0, regions: false }, // compiled at once
  { compileThreshold: 50, regions: true }, // compiled, regions and self-loops once hot
];

/**
 * An engine that has already run `words` to the end once in `tiering` (so its blocks are in that
 * tier), reset to the start, with a debugger whose gdb plays `script`.
 */
function debugged(words: number[], tiering: Tiering, script: (reply: string) => string[], first: string[]) {
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  m.map(DATA, 0x1000, Prot.RW);
  words.forEach((w, i) => m.w32(CODE + 4 * i, w));
  const s = new CpuState();
  const raised: Raised[] = [];
  const engine: Engine = new Engine(
    s,
    m,
    testRuntime(() => engine, raised),
  );
  engine.compileOptions = { memory: 'flat' };
  engine.compileThreshold = tiering.compileThreshold;
  engine.regions = tiering.regions;
  engine.regionThreshold = 100;
  s.pc = CODE;
  engine.run();
  expect(raised.map((r) => r.pc - CODE)).toEqual([(words.length - 1) * 4]);
  // PROGRAM's loop becomes a region; STORES' loop is one block, a self-loop.
  if (tiering.regions && words === PROGRAM) expect(engine.regionsCompiled).toBeGreaterThan(0);
  // Start again from the top with the translations (and their tiers) kept.
  s.gpr.fill(0);
  s.pc = CODE;
  raised.length = 0;
  const gdb = new ScriptedGdb(first, script);
  const target = new PpcDebugTarget(s, {
    threadId: 1,
    attached: true,
    altivec: false,
    memory: {
      read8: (ea) => (m.prot[ea >>> 12] ? m.bytes[ea] : undefined),
      write8: () => false,
    },
    monitor: () => undefined,
  });
  const debug = new EngineDebug(engine, new GdbSession(gdb, target), {
    kill: () => {},
    guestStopped: () => raised.length > 0,
  });
  target.debug = debug;
  return { s, m, engine, debug, gdb, raised };
}

const hex32 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

describe.each(TIERINGS)('gdb stub on the JIT (compile threshold $compileThreshold, regions $regions)', (tiering) => {
  it('steps exactly one instruction at a time', () => {
    const pcs: number[] = [];
    const steps = 2_000;
    const script = (reply: string) => {
      if (/^[0-9a-f]{8}$/.test(reply)) {
        pcs.push(Number.parseInt(reply, 16) - CODE);
        return pcs.length < steps ? ['s'] : ['D;1'];
      }
      return reply.startsWith('T05') ? ['p40'] : [];
    };
    const { debug, engine } = debugged(PROGRAM, tiering, script, ['p40']);
    debug.waitForClient();
    engine.run();
    const expected = [...programTrace()].slice(0, steps);
    expect(pcs).toEqual(expected);
  });

  it('stops at breakpoints set in the middle of hot blocks and in a self-loop', () => {
    const hits: string[] = [];
    let continues = 0;
    const script = (reply: string) => {
      if (reply.startsWith('T05')) return ['p40', 'p4', 'p6'];
      if (/^[0-9a-f]{8}$/.test(reply)) {
        hits.push(reply);
        if (hits.length % 3 !== 0) return [];
        continues++;
        if (continues === 4) return ['z0,10020,4', `Z0,${hex32(CODE + 0x34)},4`, 'c'];
        return continues < 8 ? ['c'] : ['D;1'];
      }
      return [];
    };
    const { debug, engine, raised } = debugged(PROGRAM, tiering, script, [`Z0,${hex32(CODE + 0x20)},4`, 'c']);
    debug.waitForClient();
    engine.run();
    const rows = [];
    for (let i = 0; i < hits.length; i += 3) rows.push(hits.slice(i, i + 3).join(' '));
    expect(rows).toEqual([
      // At skip (0x20): r4 is the loop count so far (its addi has not run).
      '00010020 00000000 00000000',
      '00010020 00000001 00000000',
      '00010020 00000002 00000000',
      '00010020 00000003 00000000',
      // At the self-loop's bdnz: r6 counts the iterations.
      '00010034 00000bb8 00000001',
      '00010034 00000bb8 00000002',
      '00010034 00000bb8 00000003',
      '00010034 00000bb8 00000004',
    ]);
    // After the detach the guest ran to its end.
    expect(raised.map((r) => r.pc - CODE)).toEqual([0x38]);
  });
});

describe.each(TIERINGS)('gdb watchpoints (compile threshold $compileThreshold, regions $regions)', (tiering) => {
  it('stop before the store, as gdb expects of PowerPC; gdb steps over it', () => {
    const seen: string[] = [];
    const script = (reply: string) => {
      if (reply.startsWith('T05watch:20000;')) return ['p40', 'p4', 'm20000,4'];
      if (reply.startsWith('T05')) return ['Z2,20000,4', 'c']; // after the step: watch again
      if (/^[0-9a-f]{8}$/.test(reply)) {
        seen.push(reply);
        if (seen.length % 3 !== 0) return [];
        return seen.length < 9 ? ['z2,20000,4', 's'] : ['z2,20000,4', 'D;1'];
      }
      return [];
    };
    const { debug, engine, m } = debugged(STORES, tiering, script, ['Z2,20000,4', 'c']);
    debug.waitForClient();
    engine.run();
    expect(seen).toEqual([
      '00010014',
      '00000001',
      '000003e8', // the first run's last store left 1000 there
      '00010014',
      '00000002',
      '00000001',
      '00010014',
      '00000003',
      '00000002',
    ]);
    expect(m.r32(DATA)).toBe(1000);
  });
});
