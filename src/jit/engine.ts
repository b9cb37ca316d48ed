import { type CpuState, R } from '../runtime/cpu-state.js';
import type { GuestMemory } from '../runtime/memory.js';
import type { Runtime } from '../runtime/runtime.js';
import { type DecodedInsn, findBlock, MAX_BLOCK_INSNS } from './block.js';
import { type Block, BlockCache, createBlock, executedInstructions, foldRegionCounts } from './cache.js';
import type { BlockFn } from './compile.js';

/** Entries after which a block is compiled again together with its hot neighbours. */
export const REGION_THRESHOLD = 50_000;
/** A neighbour joins a region only if it has run at least this often. */
const REGION_MEMBER_MIN_ENTRIES = 20;
/**
 * Blocks a region starts with. TurboFan's compile time grows much faster than linearly with a
 * region's size (xz -6: 3 s of background compilation with 4-block regions, 4.7 s with 8, 20 s
 * with 16, 27 s with 32), and until it finishes the region runs unoptimized; most regions of
 * real programs run only about ten member blocks per call anyway.
 */
const REGION_BLOCKS = 8;
/** A full region whose calls loop inside it is rebuilt once with up to this many blocks. */
const LOOP_REGION_BLOCKS = 32;
/** Calls after which a region is reviewed (Engine.reviewRegion). */
const REGION_REVIEW_CALLS = 64;
/**
 * Member entries per call from which a region counts as a loop worth growing; below it the
 * region costs more than the blocks it holds and is dropped.
 */
const MIN_MEMBERS_PER_CALL = 2;
/**
 * Guest instructions a grown region may hold: with this bound the C loops of bench/ got their
 * regions back (bytecode 5.8 → 2.2–3.2 s) while xz's many loop regions stay cheap to compile.
 */
const LOOP_REGION_INSNS = 200;

/** A region entered this many times its threshold is rebuilt once with the successors seen since. */
const REGION_REBUILD_FACTOR = 25;
const MAX_SEEN_SUCCESSORS = 16;

import { branchTarget, type CompiledBlock, type CompileOptions, compileBlock, compileRegion } from './compile.js';
import type { SharedBlocks, SharedTranslation } from './shared-blocks.js';
import { NoTemplate, templateBlock } from './template.js';

/**
 * Entries after which a cold block (running per-instruction templates) is compiled to one
 * function. Tuned with `npm run bench` (the Linux boot and the user-mode guests; README
 * "Architecture" has the numbers): a compiled block costs a `new Function` and, once hot, a
 * TurboFan compilation of its own, while templates are optimized once for every block.
 */
export const DEFAULT_COMPILE_THRESHOLD = 30_000;

export interface EngineMemory extends GuestMemory {
  /** Flags by physical page, set for pages holding translated code (stores there invalidate). */
  readonly codePages: Uint8Array;
  /** Called with the physical address of a store into a flagged page. */
  onCodeWrite: (pa: number) => void;
  /**
   * Whether physical page `page` still holds the bytes of the image the machine started from
   * (never written since): only then may translations be shared with other guests.
   */
  pristinePage?(page: number): boolean;
  /**
   * Physical page number the instruction at `ea` is fetched from (may throw the fetch fault).
   * Absent: effective = physical (user mode).
   */
  codePage?(ea: number): number;
}

/**
 * What an attached debugger (src/gdb/engine-debug.ts) plugs into the engine. The engine looks at
 * it once per `run` call and once per translation, never per block: with no debugger attached
 * the run loop does no extra work.
 */
export interface EngineDebugHook {
  /** Runs the guest in place of `run` (one block at a time through `runBlocks`, stopping at breakpoints). */
  run(maxBlocks: number, maxInstructions: number): boolean;
  /** The most instructions a block translated at `pc` may hold (it must end before a breakpoint). */
  blockLimit(pc: number): number;
}

/**
 * Where control may go after `b`: its static branch target, its fall-through, and the successors
 * the run loop saw (links and indirect targets). May hold undefined and duplicates.
 */
function successorsOf(b: Block): (number | undefined)[] {
  return [branchTarget(b.insns[b.insns.length - 1]), b.end, b.next0Pc, b.next1Pc, ...b.seen];
}

/**
 * Whether control can go round within `members`: a region without a loop is entered, runs a
 * member or two and leaves, and only pays its larger prologue and write-back.
 */
function hasCycle(members: readonly Block[]): boolean {
  const index = new Map(members.map((b, i) => [b.start, i]));
  const edges = members.map((b) => successorsOf(b).flatMap((pc) => (pc === undefined ? [] : (index.get(pc) ?? []))));
  // Depth-first search: 1 = on the current path, 2 = done.
  const state = new Uint8Array(members.length);
  const visit = (i: number): boolean => {
    state[i] = 1;
    for (const j of edges[i]) {
      if (state[j] === 1 || (state[j] === 0 && visit(j))) return true;
    }
    state[i] = 2;
    return false;
  };
  return members.some((_, i) => state[i] === 0 && visit(i));
}

/**
 * Runs guest code: looks up (or translates) the block at PC, calls it, and follows the
 * block's cached successor links so a hot loop does not go through the map every time.
 */
export class Engine {
  readonly cache = new BlockCache();
  /** Set by runtime code (exit, fatal signal, breakpoint) to leave `run`. */
  stopped = false;
  /** Compile hot blocks together with their hot neighbours into regions. */
  regions = true;
  regionsCompiled = 0;
  /**
   * Build regions only around loops (see hasCycle). Tests turn it off to run the region code
   * generator on straight-line code.
   */
  loopRegionsOnly = true;
  /**
   * Blocks continue through always-taken direct branches on their page (block.ts findBlock).
   * Tests turn it off to see one block per basic block.
   */
  followBranches = true;
  /** Entries after which a block is compiled again with its hot neighbours into a region. */
  regionThreshold = REGION_THRESHOLD;
  /** Measure wall time per block (costs a clock read per block entry). */
  profiling = false;
  /** Total time spent translating (decode + templates or codegen + new Function). */
  translateMs = 0;
  /**
   * Entries at which a cold block is compiled; 0 compiles every block at its first entry
   * (no template tier: --dump-blocks and --source-maps then see every block).
   */
  compileThreshold = DEFAULT_COMPILE_THRESHOLD;
  /** Blocks compiled to a JS function (at first entry, or when they turned hot). */
  blocksCompiled = 0;
  /** Translations shared with other guests started from the same image (see SharedBlocks). */
  shared: SharedBlocks | undefined;
  /** Blocks whose translation came from `shared` (made by another guest). */
  blocksShared = 0;
  /**
   * Guest instructions retired by `run` calls given an instruction budget, counted per block
   * call from what the call reports: length for a plain block (templates or compiled alike),
   * (1 + extra iterations) × length for a self-loop, R.REGION_INSNS for a region. A block that
   * faulted part-way counts whole, as in `instructions`, so the count depends only on the
   * guest's path, not on how its code was translated.
   */
  countedInstructions = 0;
  compileOptions: CompileOptions = {};
  /** Set while a debugger is attached (see EngineDebugHook). */
  debug: EngineDebugHook | undefined;
  /** Called with each newly compiled block (for --dump-blocks). */
  onCompile: ((block: Block, insns: readonly DecodedInsn[], compiled: CompiledBlock) => void) | undefined;

  constructor(
    readonly s: CpuState,
    readonly m: EngineMemory,
    readonly rt: Runtime,
  ) {
    m.onCodeWrite = (ea) => this.invalidate(ea);
  }

  /**
   * Bumped when address translation changes: blocks are keyed by effective address, so a
   * block from an older epoch is re-checked against the current translation before reuse.
   */
  epoch = 0;

  /** Drops the blocks translated from the physical page holding `pa`. */
  invalidate(pa: number): void {
    const page = this.cache.invalidatePage(pa);
    this.m.codePages[page] = 0;
  }

  translationChanged(): void {
    this.epoch++;
  }

  /** Guest instructions executed so far (a block that faulted part-way counts whole). */
  get instructions(): number {
    let n = this.cache.retiredInstructions;
    for (const b of this.liveBlocks()) n += executedInstructions(b);
    return n;
  }

  /**
   * Every live block and region once. A region replaces its entry block in the cache, so the
   * entry is reached through the region's members.
   */
  *liveBlocks(): Generator<Block> {
    const seen = new Set<Block>();
    for (const b of this.cache.all()) {
      for (const x of b.members ? [b, ...b.members] : [b]) {
        if (!seen.has(x)) {
          seen.add(x);
          yield x;
        }
      }
    }
  }

  /** Folds region entry counts into their member blocks (call before reading block entries). */
  foldRegionCounts(): void {
    for (const b of this.cache.all()) foldRegionCounts(b);
  }

  /**
   * Builds a region from a block that just became hot: its hot successors on the same page,
   * found through static branch targets, the fall-through and the observed successor links.
   * Returns the region (now cached at the block's address) or the block itself.
   */
  private formRegion(entry: Block, grow = false): Block {
    const current = this.cache.get(entry.start);
    if (entry.hasTail || entry.members || entry.regionTried >= 2) return current ?? entry;
    entry.regionTried++;
    let members = grow
      ? this.regionMembers(entry, LOOP_REGION_BLOCKS, LOOP_REGION_INSNS)
      : this.regionMembers(entry, REGION_BLOCKS);
    let cyclic = hasCycle(members);
    // A loop longer than the first size closes only in a larger region.
    if (!grow && !cyclic && members.length >= REGION_BLOCKS) {
      members = this.regionMembers(entry, LOOP_REGION_BLOCKS, LOOP_REGION_INSNS);
      cyclic = hasCycle(members);
    }
    const previous = current?.members;
    if (members.length < 2 || (previous && previous.length >= members.length)) return current ?? entry;
    if (this.loopRegionsOnly && !cyclic) return current ?? entry;
    const t0 = performance.now();
    const fn = compileRegion(
      members.map((b) => b.insns),
      this.compileOptions,
    );
    const region = createBlock({
      start: entry.start,
      end: entry.end,
      insnCount: 0,
      fn,
      selfLoop: false,
      compiled: true,
      physPage: entry.physPage,
      epoch: entry.epoch,
      insns: entry.insns,
      hasTail: entry.hasTail,
      members,
      counts: new Float64Array(members.length),
      regionTried: 2,
    });
    if (current?.members) this.cache.remove(current);
    // Links that lead to the plain entry block must now lead to the region.
    entry.superseded = true;
    this.cache.add(region);
    this.regionsCompiled++;
    this.translateMs += performance.now() - t0;
    return region;
  }

  /**
   * A block reached its `nextEvent` entry count: compiles it, forms or reviews a region at the
   * thresholds it reached, and sets the next count to look at. Returns what to run now.
   */
  private blockEvent(block: Block, entries: number): Block {
    const original = block;
    if (entries === this.compileThreshold && !block.compiled) this.compileHot(block);
    if (
      this.regions &&
      (entries === this.regionThreshold || entries === this.regionThreshold * REGION_REBUILD_FACTOR)
    ) {
      const formed = this.formRegion(block.members ? block.members[0] : block);
      // The region counts this entry itself (cnt[0]); don't count it on the plain block too.
      if (formed !== block && !block.members) block.entries--;
      block = formed;
    }
    if (entries === REGION_REVIEW_CALLS && block.members) block = this.reviewRegion(block);
    original.nextEvent = this.nextEvent(original);
    if (block !== original) block.nextEvent = this.nextEvent(block);
    return block;
  }

  /** The smallest threshold above a block's entry count that the run loop must act on. */
  private nextEvent(block: Block): number {
    const entries = block.entries;
    let next = Number.POSITIVE_INFINITY;
    const consider = (threshold: number) => {
      if (threshold > entries && threshold < next) next = threshold;
    };
    if (!block.compiled) consider(this.compileThreshold);
    if (this.regions) {
      consider(this.regionThreshold);
      consider(this.regionThreshold * REGION_REBUILD_FACTOR);
    }
    if (block.members) consider(REGION_REVIEW_CALLS);
    return next;
  }

  /**
   * The hot blocks a region at `entry` takes in, breadth first from the entry through static
   * branch targets, fall-throughs and observed successors on the entry's page: at most
   * `maxBlocks` blocks of at most `maxInsns` instructions in all.
   */
  private regionMembers(entry: Block, maxBlocks: number, maxInsns = Number.POSITIVE_INFINITY): Block[] {
    const members: Block[] = [entry];
    let insns = entry.insnCount;
    const seen = new Set([entry.start]);
    for (let i = 0; i < members.length && members.length < maxBlocks; i++) {
      for (const pc of successorsOf(members[i])) {
        if (pc === undefined || pc < 0 || seen.has(pc) || pc >>> 12 !== entry.start >>> 12) continue;
        seen.add(pc);
        let candidate = this.cache.get(pc);
        if (candidate?.members) candidate = candidate.members[0];
        if (!candidate?.valid || candidate.hasTail || candidate.physPage !== entry.physPage) continue;
        if (candidate.entries < REGION_MEMBER_MIN_ENTRIES) continue;
        if (insns + candidate.insnCount > maxInsns) continue;
        insns += candidate.insnCount;
        members.push(candidate);
        if (members.length >= maxBlocks) break;
      }
    }
    return members;
  }

  /**
   * A region called REGION_REVIEW_CALLS times is judged by how many member blocks a call ran.
   * One left after a block or so (a function body with a call in every other block) runs slower
   * than its single blocks — a prologue and write-back sized for every member — and is dropped
   * for good. One that loops and filled its first size is rebuilt once, larger (a C loop whose
   * body is more than REGION_BLOCKS blocks). Returns what the run loop should run now.
   */
  private reviewRegion(region: Block): Block {
    const members = region.members!;
    let memberEntries = 0;
    for (let k = 0; k < members.length; k++) memberEntries += region.counts![k];
    const perCall = memberEntries / region.entries;
    const entry = members[0];
    if (perCall >= MIN_MEMBERS_PER_CALL) {
      if (members.length < REGION_BLOCKS) return region;
      return this.formRegion(entry, true);
    }
    this.cache.remove(region);
    entry.superseded = false;
    entry.regionTried = 2;
    this.cache.reinstate(entry);
    // The run loop counted this entry on the region: the plain block runs it instead.
    entry.entries++;
    return entry;
  }

  lookup(pc: number): Block {
    const physPage = this.m.codePage ? this.m.codePage(pc) : pc >>> 12;
    const hit = this.cache.get(pc);
    if (hit) {
      if (hit.physPage === physPage) {
        hit.epoch = this.epoch;
        return hit;
      }
      this.cache.remove(hit);
    }
    const t0 = performance.now();
    const shareable = this.shared !== undefined && this.m.pristinePage?.(physPage) === true;
    const known = shareable ? this.shared!.get(pc, physPage) : undefined;
    if (known) {
      this.blocksShared++;
      const block = this.newBlock(pc, physPage, known);
      this.translateMs += performance.now() - t0;
      return block;
    }
    // A debugger's breakpoint limit counts instructions from `pc` in address order: no following.
    const limit = this.debug ? this.debug.blockLimit(pc) : MAX_BLOCK_INSNS;
    const insns = findBlock(pc, (ea) => this.m.fetch(ea), limit, this.followBranches && !this.debug);
    let cold: { fn: BlockFn; hasTail: boolean } | undefined;
    if (this.compileThreshold > 0) {
      try {
        cold = templateBlock(insns, this.compileOptions.facilities, this.compileOptions.memory);
      } catch (e) {
        if (!(e instanceof NoTemplate)) throw e;
      }
    }
    const compiled = cold ? undefined : compileBlock(insns, this.compileOptions);
    const translation = {
      insns,
      fn: (cold ?? compiled)!.fn,
      selfLoop: compiled?.selfLoop ?? false,
      hasTail: (cold ?? compiled)!.hasTail,
      compiled: compiled !== undefined,
    };
    const block = this.newBlock(pc, physPage, translation);
    if (shareable) this.shared!.put(pc, physPage, translation);
    this.translateMs += performance.now() - t0;
    if (compiled) {
      this.blocksCompiled++;
      this.onCompile?.(block, insns, compiled);
    }
    return block;
  }

  /** Caches a new block for a translation (made here or shared by another guest). */
  private newBlock(pc: number, physPage: number, t: SharedTranslation): Block {
    const last = t.insns[t.insns.length - 1];
    const block = createBlock({
      start: pc,
      end: (last.pc + 4) >>> 0,
      insnCount: t.insns.length,
      fn: t.fn,
      selfLoop: t.selfLoop,
      compiled: t.compiled,
      physPage,
      epoch: this.epoch,
      insns: t.insns,
      hasTail: t.hasTail,
      regionTried: 0,
    });
    this.cache.add(block);
    this.m.codePages[physPage] = 1;
    return block;
  }

  /** A cold block turned hot: compile it to one function (links to it stay valid). */
  private compileHot(block: Block): void {
    const t0 = performance.now();
    const compiled = compileBlock(block.insns, this.compileOptions);
    block.fn = compiled.fn;
    block.selfLoop = compiled.selfLoop;
    block.compiled = true;
    // This entry runs compiled: the ones before ran templates.
    block.templateEntries = block.entries - 1;
    this.blocksCompiled++;
    if (this.shared && this.m.pristinePage?.(block.physPage)) {
      const { selfLoop, hasTail } = compiled;
      this.shared.put(block.start, block.physPage, {
        insns: block.insns,
        fn: compiled.fn,
        selfLoop,
        hasTail,
        compiled: true,
      });
    }
    this.translateMs += performance.now() - t0;
    this.onCompile?.(block, block.insns, compiled);
  }

  /** Guest instructions executed through templates (the cold tier) so far. */
  get templateInstructions(): number {
    let n = 0;
    for (const b of this.liveBlocks()) {
      if (!b.members) n += (b.compiled ? b.templateEntries : b.entries) * b.insnCount;
    }
    return n + this.cache.retiredTemplateInstructions;
  }

  /**
   * Runs until something sets `stopped`, `maxBlocks` blocks ran, or (when given) at least
   * `maxInstructions` instructions retired: the run then ends at the first block boundary at
   * which they have — the same boundary whether the blocks ran as templates, compiled, in
   * regions or self-loops (looping blocks see the rest of the budget in R.INSN_BUDGET). Returns
   * false when a budget ran out. An instruction fetch fault is delivered through rt.fault.
   */
  run(maxBlocks = Number.POSITIVE_INFINITY, maxInstructions = Number.POSITIVE_INFINITY): boolean {
    if (this.debug !== undefined) return this.debug.run(maxBlocks, maxInstructions);
    return this.runBlocks(maxBlocks, maxInstructions);
  }

  /** The run loop proper (`run` without a debugger; a debugger calls it one block at a time). */
  runBlocks(maxBlocks = Number.POSITIVE_INFINITY, maxInstructions = Number.POSITIVE_INFINITY): boolean {
    const { s, m, rt } = this;
    let pc = s.pc;
    let budget = maxBlocks;
    const counting = maxInstructions !== Number.POSITIVE_INFINITY;
    let insnLeft = maxInstructions;
    s.r[R.INSN_BUDGET] = 0;
    this.stopped = false;
    let block: Block | undefined;
    while (!this.stopped) {
      if (budget-- <= 0 || insnLeft <= 0) {
        s.pc = pc;
        return false;
      }
      if (block === undefined || !block.valid || block.superseded || block.epoch !== this.epoch) {
        try {
          block = this.lookup(pc);
        } catch (e) {
          pc = rt.fault(s, e, pc) >>> 0;
          block = undefined;
          continue;
        }
      }
      const entries = ++block.entries;
      if (entries >= block.nextEvent) block = this.blockEvent(block, entries);
      const cur = block;
      if (counting) s.r[R.INSN_BUDGET] = Math.min(insnLeft, 0x7fffffff);
      if (this.profiling) {
        const t0 = performance.now();
        pc = cur.fn(s, m, rt, cur.counts) >>> 0;
        cur.timeMs += performance.now() - t0;
      } else pc = cur.fn(s, m, rt, cur.counts) >>> 0;
      if (cur.selfLoop) cur.entries += s.r[R.LOOP_ITERS];
      if (counting) {
        const retired = cur.members
          ? s.r[R.REGION_INSNS]
          : cur.selfLoop
            ? (1 + s.r[R.LOOP_ITERS]) * cur.insnCount
            : cur.insnCount;
        insnLeft -= retired;
        this.countedInstructions += retired;
      }
      if (cur.next0Pc === pc && cur.next0?.valid) block = cur.next0;
      else if (cur.next1Pc === pc && cur.next1?.valid) block = cur.next1;
      else {
        block = this.cache.get(pc);
        // Remember successors beyond the two links (indirect branches: switch tables, returns)
        // so a region rebuilt later can take them in.
        if (cur.seen.length < MAX_SEEN_SUCCESSORS && !cur.seen.includes(pc)) cur.seen.push(pc);
        if (block) {
          cur.next1 = cur.next0;
          cur.next1Pc = cur.next0Pc;
          cur.next0 = block;
          cur.next0Pc = pc;
        }
      }
    }
    s.pc = pc;
    return true;
  }
}
