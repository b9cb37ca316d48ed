import type { DecodedInsn } from './block.js';
import type { BlockFn } from './compile.js';

/** A translation other engines may reuse: the decoded block and its current code. */
export interface SharedTranslation {
  readonly insns: readonly DecodedInsn[];
  fn: BlockFn;
  selfLoop: boolean;
  hasTail: boolean;
  compiled: boolean;
}

/**
 * Translations shared by the engines of several guests that start from the same memory image
 * (guests restored from one snapshot). A translation is keyed by the block's effective address
 * and physical page, and is only offered for pages the asking guest has not written since the
 * image was loaded: such a page still holds the image's bytes, which is what the translation
 * was made from. Generated code takes the CPU state, memory and runtime as arguments, so one
 * function serves every guest. The engines must use the same compile options.
 */
export class SharedBlocks {
  private readonly translations = new Map<number, SharedTranslation>();
  /** Lookups answered from here (translations a guest did not have to make). */
  hits = 0;

  private static key(ea: number, physPage: number): number {
    // EA (32 bits) and physical page (≤ 20 bits) fit exactly in a double's 53-bit integer range.
    return (ea >>> 0) * 0x100000 + physPage;
  }

  get(ea: number, physPage: number): SharedTranslation | undefined {
    const t = this.translations.get(SharedBlocks.key(ea, physPage));
    if (t) this.hits++;
    return t;
  }

  /** Offers a translation made from an unmodified page (or its compiled form, replacing templates). */
  put(ea: number, physPage: number, translation: SharedTranslation): void {
    const key = SharedBlocks.key(ea, physPage);
    const known = this.translations.get(key);
    if (!known || (translation.compiled && !known.compiled)) this.translations.set(key, translation);
  }

  get size(): number {
    return this.translations.size;
  }
}
