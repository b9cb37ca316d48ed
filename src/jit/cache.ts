import type { BlockFn } from './compile.js';

/** A translated block plus the successor links the run loop follows without a map lookup. */
export interface Block {
  readonly start: number;
  /** Address just past the last instruction. */
  readonly end: number;
  readonly insnCount: number;
  readonly fn: BlockFn;
  /** Runs its own back-edge internally; reports extra iterations in CpuState.r[R.LOOP_ITERS]. */
  readonly selfLoop: boolean;
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
}

/**
 * Translated blocks keyed by guest start address, with a per-page index so a store into a
 * code page (or icbi) invalidates exactly the blocks translated from that page.
 */
export class BlockCache {
  private readonly blocks = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  compiled = 0;
  invalidated = 0;
  /** Translations per start address (more than 1: the block was invalidated and rebuilt). */
  readonly translations = new Map<number, number>();
  /** Blocks no longer in the cache, kept for profiles when `keepRetired` is set. */
  readonly retired: Block[] = [];
  keepRetired = false;

  get(pc: number): Block | undefined {
    return this.blocks.get(pc);
  }

  add(block: Block): void {
    this.blocks.set(block.start, block);
    this.translations.set(block.start, (this.translations.get(block.start) ?? 0) + 1);
    let list = this.byPage.get(block.physPage);
    if (!list) this.byPage.set(block.physPage, (list = []));
    list.push(block);
    this.compiled++;
  }

  /** Drops one block (its translation no longer holds). */
  remove(block: Block): void {
    if (!block.valid) return;
    block.valid = false;
    if (this.blocks.get(block.start) === block) this.blocks.delete(block.start);
    const list = this.byPage.get(block.physPage);
    if (list) list.splice(list.indexOf(block), 1);
    if (this.keepRetired) this.retired.push(block);
    this.invalidated++;
  }

  /** Drops every block translated from the physical page holding `pa`; returns the page number. */
  invalidatePage(pa: number): number {
    const page = pa >>> 12;
    const list = this.byPage.get(page);
    if (list) {
      for (const b of list) {
        if (!b.valid) continue;
        b.valid = false;
        if (this.blocks.get(b.start) === b) this.blocks.delete(b.start);
        if (this.keepRetired) this.retired.push(b);
        this.invalidated++;
      }
      this.byPage.delete(page);
    }
    return page;
  }

  clear(): void {
    for (const b of this.blocks.values()) b.valid = false;
    this.blocks.clear();
    this.byPage.clear();
  }

  all(): IterableIterator<Block> {
    return this.blocks.values();
  }
}
