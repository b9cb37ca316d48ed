/**
 * "Profile for N seconds": the exact block profile of a window of the run. Block entry counts
 * are exact and always kept (they drive the tiers), so the window's profile is the difference of
 * two collectProfile() results: the blocks' counts at the start and at the end (blocks retired
 * meanwhile are kept for the second one). Block times are measured only while profiling is on.
 */
import {
  type BlockProfile,
  collectProfile,
  type Engine,
  type Profile,
  type SymbolTable,
  toCpuProfile,
} from '../src/index.js';
import type { ProfileResult, ProfileRow } from './protocol.js';

/** Rows shown per table. */
const TOP = 25;

export class ProfileWindow {
  private readonly before: Map<number, BlockProfile>;
  private readonly wasKeepingRetired: boolean;

  constructor(
    private readonly engine: Engine,
    private readonly symbols: SymbolTable | undefined,
  ) {
    this.before = byStart(collectProfile(engine, symbols).blocks);
    this.wasKeepingRetired = engine.cache.keepRetired;
    engine.cache.keepRetired = true;
    engine.profiling = true;
  }

  /** Ends the window (profiling off) and returns its profile. */
  finish(seconds: number): ProfileResult {
    const after = collectProfile(this.engine, this.symbols);
    this.engine.profiling = false;
    this.engine.cache.keepRetired = this.wasKeepingRetired;
    const blocks: BlockProfile[] = [];
    for (const b of after.blocks) {
      const old = this.before.get(b.start);
      const entries = b.entries - (old?.entries ?? 0);
      if (entries <= 0) continue;
      blocks.push({
        ...b,
        entries,
        instructions: b.instructions - (old?.instructions ?? 0),
        timeMs: b.timeMs - (old?.timeMs ?? 0),
      });
    }
    blocks.sort((a, b) => b.timeMs - a.timeMs || b.instructions - a.instructions);
    const functions = new Map<string, ProfileRow>();
    for (const b of blocks) {
      const fn = this.symbols?.find(b.start);
      const name = fn?.name ?? '(unknown)';
      const f = functions.get(name) ?? { symbol: name, entries: 0, instructions: 0, timeMs: 0 };
      if (fn?.start === b.start) f.entries += b.entries; // calls: entries of the function's first block
      f.instructions += b.instructions;
      f.timeMs += b.timeMs;
      functions.set(name, f);
    }
    const windowProfile: Profile = {
      ...after,
      totalInstructions: blocks.reduce((n, b) => n + b.instructions, 0),
      totalTimeMs: blocks.reduce((n, b) => n + b.timeMs, 0),
      blocks,
      functions: [],
    };
    return {
      seconds,
      totalInstructions: windowProfile.totalInstructions,
      totalTimeMs: windowProfile.totalTimeMs,
      functions: [...functions.values()]
        .sort((a, b) => b.timeMs - a.timeMs || b.instructions - a.instructions)
        .slice(0, TOP),
      blocks: blocks.slice(0, TOP).map((b) => ({
        symbol: b.symbol,
        start: b.start,
        entries: b.entries,
        instructions: b.instructions,
        timeMs: b.timeMs,
      })),
      cpuprofile: JSON.stringify(toCpuProfile(windowProfile)),
    };
  }
}

function byStart(blocks: readonly BlockProfile[]): Map<number, BlockProfile> {
  return new Map(blocks.map((b) => [b.start, b]));
}
