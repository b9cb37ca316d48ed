import type { DecodedInsn } from './block.js';
import type { BlockFn } from './compile.js';

/** A translated block plus the successor links the run loop follows without a map lookup. */
export interface Block {
  readonly start: number;
  /** Address just past the last instruction. */
  readonly end: number;
  readonly insnCount: number;
  /** Runs the block: its per-instruction templates while cold, its compiled code once hot. */
  fn: BlockFn;
  /** Runs its own back-edge internally; reports extra iterations in CpuState.r[R.LOOP_ITERS]. */
  selfLoop: boolean;
  /** Compiled to one function (false: still running templates). */
  compiled: boolean;
  /** Entries that ran through templates before the block was compiled. */
  templateEntries: number;
  /** Physical page the block was translated from (blocks never cross a page). */
  readonly physPage: number;
  /** Engine translation epoch in which the block's physPage was last confirmed. */
  epoch: number;
  valid: boolean;
  /** Exact number of times the block's code ran from its start (self-loop iterations included). */
  entries: number;
  /** Wall time inside the block, measured only while profiling. */
  timeMs: number;
  next0: Block | undefined;
  next0Pc: number;
  next1: Block | undefined;
  next1Pc: number;
  /** The decoded instructions (a hot block is recompiled with its neighbours into a region). */
  readonly insns: readonly DecodedInsn[];
  /** Ends with a runtime call after write-back (sc, rfi …): never a region member. */
  readonly hasTail: boolean;
  /** For a region: its member blocks and their entry counts (`counts[k]` for `members[k]`). */
  readonly members?: readonly Block[];
  readonly counts?: Float64Array;
  /** How many times a region was built (or refused) from this block. */
  regionTried: number;
  /** Successor addresses seen when neither link matched (indirect branch targets). */
  seen: number[];
  /** A region now starts at this block's address: links to the block go to the region instead. */
  superseded: boolean;
  /**
   * The entry count at which the run loop next looks at the block (compile threshold, region
   * threshold, region review): one compare per entry instead of one per threshold.
   */
  nextEvent: number;
}

/** What a new block or region is made of; every other field starts at its initial value. */
export interface BlockInit {
  start: number;
  end: number;
  insnCount: number;
  fn: BlockFn;
  selfLoop: boolean;
  compiled: boolean;
  physPage: number;
  epoch: number;
  insns: readonly DecodedInsn[];
  hasTail: boolean;
  members?: readonly Block[];
  counts?: Float64Array;
  regionTried: number;
}

/**
 * Every block and region is created here, with all fields in one order, so the run loop's
 * property loads see one hidden class. (Blocks built by object spread took several; the loads
 * went megamorphic: ~10 % of a Linux boot in Builtins_LoadIC_Megamorphic under `perf`.)
 */
export function createBlock(i: BlockInit): Block {
  return {
    start: i.start,
    end: i.end,
    insnCount: i.insnCount,
    fn: i.fn,
    selfLoop: i.selfLoop,
    compiled: i.compiled,
    templateEntries: 0,
    physPage: i.physPage,
    epoch: i.epoch,
    valid: true,
    entries: 0,
    timeMs: 0,
    next0: undefined,
    next0Pc: -1,
    next1: undefined,
    next1Pc: -1,
    insns: i.insns,
    hasTail: i.hasTail,
    members: i.members,
    counts: i.counts,
    regionTried: i.regionTried,
    seen: [],
    superseded: false,
    nextEvent: 0,
  };
}

/** Guest instructions a block (or region) has executed so far. */
export function executedInstructions(b: Block): number {
  if (!b.members || !b.counts) return b.entries * b.insnCount;
  let n = 0;
  for (let k = 0; k < b.members.length; k++) n += b.counts[k] * b.members[k].insnCount;
  return n;
}

/** Moves a region's entry counts into its member blocks (for profiles). */
export function foldRegionCounts(region: Block): void {
  if (!region.members || !region.counts) return;
  const total = executedInstructions(region);
  for (let k = 0; k < region.members.length; k++) {
    const member = region.members[k];
    // The region's measured time is shared by the instructions each member executed.
    if (total > 0) member.timeMs += (region.timeMs * region.counts[k] * member.insnCount) / total;
    member.entries += region.counts[k];
    region.counts[k] = 0;
  }
  region.timeMs = 0;
}

/**
 * Translated blocks keyed by guest start address, with a per-page index so a store into a
 * code page (or icbi) invalidates exactly the blocks translated from that page.
 */
/** Direct-mapped front of the block map: the run loop looks up most PCs without hashing. */
const FRONT_SIZE = 1 << 14;

/**
 * Live blocks before the cache is emptied (QEMU empties its whole translation buffer when it is
 * full: tb_flush in accel/tcg/translate-all.c). A guest that keeps writing new code (a JIT of its
 * own, code generated into fresh pages) would otherwise grow host memory without bound: a block
 * costs the host hundreds of times its 4-byte instructions. The Linux boot lives with ~25,000
 * blocks.
 */
export const DEFAULT_MAX_BLOCKS = 1 << 17;

/** What a profile keeps of a block that left the cache: its counts, not its code. */
export interface RetiredBlock {
  readonly start: number;
  end: number;
  entries: number;
  /** Guest instructions its translations executed (they may have differed in length). */
  instructions: number;
  timeMs: number;
}

export class BlockCache {
  private readonly blocks = new Map<number, Block>();
  /** front[slot(pc)] is blocks.get(pc) or a block of another PC (never a stale one). */
  private readonly front: (Block | undefined)[] = new Array(FRONT_SIZE).fill(undefined);
  private readonly byPage = new Map<number, Block[]>();
  /** Blocks translated (regions not counted: see Engine.regionsCompiled). */
  compiled = 0;
  invalidated = 0;
  /** Translations per start address (more than 1: the block was invalidated and rebuilt). */
  readonly translations = new Map<number, number>();
  /**
   * The counts of blocks no longer in the cache, one record per start address (a guest that
   * rewrites its code forever retires blocks forever), kept for profiles when `keepRetired` is set.
   */
  private readonly retiredByStart = new Map<number, RetiredBlock>();
  keepRetired = false;
  /** Live blocks (regions not counted) beyond which `add` first empties the cache. */
  maxBlocks = DEFAULT_MAX_BLOCKS;
  /** Blocks dropped because the cache was full, and how many times it was emptied for that. */
  evicted = 0;
  flushes = 0;
  private live = 0;
  /** Instructions executed by blocks that have left the cache. */
  retiredInstructions = 0;
  /** Of those, instructions that ran through templates. */
  retiredTemplateInstructions = 0;

  get(pc: number): Block | undefined {
    const slot = (pc >>> 2) & (FRONT_SIZE - 1);
    const near = this.front[slot];
    if (near !== undefined && near.start === pc) return near;
    const block = this.blocks.get(pc);
    if (block !== undefined) this.front[slot] = block;
    return block;
  }

  private forget(block: Block): void {
    if (this.blocks.get(block.start) !== block) return;
    this.blocks.delete(block.start);
    const slot = (block.start >>> 2) & (FRONT_SIZE - 1);
    if (this.front[slot] === block) this.front[slot] = undefined;
  }

  add(block: Block): void {
    if (!block.members && this.live >= this.maxBlocks) this.flush();
    this.blocks.set(block.start, block);
    this.front[(block.start >>> 2) & (FRONT_SIZE - 1)] = block;
    if (!block.members) this.translations.set(block.start, (this.translations.get(block.start) ?? 0) + 1);
    let list = this.byPage.get(block.physPage);
    if (!list) this.byPage.set(block.physPage, (list = []));
    list.push(block);
    if (!block.members) {
      this.compiled++;
      this.live++;
    }
  }

  /** Live blocks (regions not counted). */
  get size(): number {
    return this.live;
  }

  /** Blocks no longer in the cache (with `keepRetired`), one record per start address. */
  get retired(): Iterable<RetiredBlock> {
    return this.retiredByStart.values();
  }

  /** The cache is full: every block leaves it (and is counted as evicted). */
  private flush(): void {
    const before = this.invalidated;
    for (const page of [...this.byPage.keys()]) this.invalidatePage(page << 12);
    this.evicted += this.invalidated - before;
    this.invalidated = before;
    this.flushes++;
  }

  /**
   * Makes a block that a region had replaced at its address the one found there again (the
   * region was dropped); it never left its page's list.
   */
  reinstate(block: Block): void {
    this.blocks.set(block.start, block);
    this.front[(block.start >>> 2) & (FRONT_SIZE - 1)] = block;
  }

  /** Drops one block (its translation no longer holds). */
  remove(block: Block): void {
    if (!block.valid) return;
    this.retire(block);
    const list = this.byPage.get(block.physPage);
    if (list) list.splice(list.indexOf(block), 1);
  }

  private retire(block: Block): void {
    block.valid = false;
    this.forget(block);
    if (block.members) {
      // A region's counts belong to its members, which account for them when they retire.
      foldRegionCounts(block);
      return;
    }
    this.retiredInstructions += block.entries * block.insnCount;
    this.retiredTemplateInstructions += (block.compiled ? block.templateEntries : block.entries) * block.insnCount;
    if (this.keepRetired) this.keepCounts(block);
    this.invalidated++;
    this.live--;
  }

  private keepCounts(block: Block): void {
    const kept = this.retiredByStart.get(block.start);
    const instructions = block.entries * block.insnCount;
    if (!kept) {
      const { start, end, entries, timeMs } = block;
      this.retiredByStart.set(start, { start, end, entries, instructions, timeMs });
      return;
    }
    // A later translation at the same address (the guest rewrote it): the profile shows one row.
    kept.end = block.end;
    kept.entries += block.entries;
    kept.instructions += instructions;
    kept.timeMs += block.timeMs;
  }

  /** Drops every block translated from the physical page holding `pa`; returns the page number. */
  invalidatePage(pa: number): number {
    const page = pa >>> 12;
    const list = this.byPage.get(page);
    if (list) {
      // Regions first, so their counts are folded into members before those retire.
      for (const b of list) if (b.valid && b.members) this.retire(b);
      for (const b of list) if (b.valid) this.retire(b);
      this.byPage.delete(page);
    }
    return page;
  }

  clear(): void {
    for (const b of this.blocks.values()) b.valid = false;
    this.live = 0;
    this.blocks.clear();
    this.front.fill(undefined);
    this.byPage.clear();
  }

  all(): IterableIterator<Block> {
    return this.blocks.values();
  }
}
