import { decode } from '../decoder/decode.js';
import type { InsnDef } from '../decoder/types.js';
import { Flag } from '../decoder/types.js';

/** Longest block the finder builds; keeps generated functions well under V8's optimizer limits. */
export const MAX_BLOCK_INSNS = 64;
const PAGE_MASK = ~0xfff;

export interface DecodedInsn {
  pc: number;
  word: number;
  /** undefined: not a valid instruction (the block raises a program exception there). */
  def: InsnDef | undefined;
}

/**
 * Decodes the basic block starting at `pc`: up to a block-ending instruction, an invalid
 * word, the end of the 4 KiB page, or MAX_BLOCK_INSNS. `fetch` may throw a GuestFault for
 * the first word (the caller delivers it); a fault on a later word just ends the block.
 */
export function findBlock(pc: number, fetch: (ea: number) => number, maxInsns = MAX_BLOCK_INSNS): DecodedInsn[] {
  const insns: DecodedInsn[] = [];
  const page = pc & PAGE_MASK;
  let at = pc >>> 0;
  while (insns.length < maxInsns && (at & PAGE_MASK) === page) {
    let word: number;
    if (insns.length === 0) word = fetch(at);
    else {
      try {
        word = fetch(at);
      } catch {
        break;
      }
    }
    const def = decode(word);
    insns.push({ pc: at, word, def });
    if (!def || (def.flags ?? 0) & Flag.EndsBlock) break;
    at = (at + 4) >>> 0;
  }
  return insns;
}
