import { decode } from '../decoder/decode.js';
import * as F from '../decoder/fields.js';
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
 * The target of an always-taken direct branch that stays in its function — `b`, `ba`, and
 * `bcl`/`bc` whose BO ignores both CR and CTR (`bcl 20,31,$+4` is the PIC idiom that reads its
 * own address) — or undefined for any other instruction. A `bl` is not followed: the callee's
 * code would be translated again into every calling block, each then too cold to compile (jq:
 * 16 % more instructions ran through templates), and its entries would leave the function.
 */
function alwaysTakenTarget(pc: number, word: number): number | undefined {
  const opcd = word >>> 26;
  const linking = (word & 1) !== 0;
  let displacement: number;
  if (opcd === 18 && !linking) displacement = F.li(word);
  else if (opcd === 16 && (F.rt(word) & 0x14) === 0x14) displacement = F.bd(word);
  else return undefined;
  const target = (word & 2 ? displacement : pc + displacement) >>> 0;
  // A linking bc elsewhere than the next instruction is a call.
  return linking && target !== (pc + 4) >>> 0 ? undefined : target;
}

/**
 * Whether instruction `i` of a block is an always-taken branch the block continues through (the
 * finder ends a block at any other block-ending instruction).
 */
export const isFollowed = (insns: readonly DecodedInsn[], i: number): boolean =>
  i < insns.length - 1 && ((insns[i].def?.flags ?? 0) & Flag.EndsBlock) !== 0;

/**
 * Decodes the block starting at `pc`: up to a block-ending instruction, an invalid word, the
 * end of the 4 KiB page, or MAX_BLOCK_INSNS. `fetch` may throw a GuestFault for the first word
 * (the caller delivers it); a fault on a later word just ends the block.
 *
 * With `followBranches`, an always-taken direct branch (`b`, `bcl 20,31`) whose target
 * lies on the same page, is not the block's start (a self-loop stays one) and is not already in
 * the block does not end it: decoding goes on at the target, so the run loop is not entered
 * between the two parts (jq: 12 % fewer block entries). Dolphin's PPCAnalyst likewise follows
 * branches when it flattens a block. The page bound keeps invalidation and
 * address translation per page as for any block.
 */
export function findBlock(
  pc: number,
  fetch: (ea: number) => number,
  maxInsns = MAX_BLOCK_INSNS,
  followBranches = false,
): DecodedInsn[] {
  const insns: DecodedInsn[] = [];
  const page = pc & PAGE_MASK;
  const visited = followBranches ? new Set<number>() : undefined;
  let at = pc >>> 0;
  while (insns.length < maxInsns && (at & PAGE_MASK) === page && !visited?.has(at)) {
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
    visited?.add(at);
    if (!def) break;
    if ((def.flags ?? 0) & Flag.EndsBlock) {
      const target = visited ? alwaysTakenTarget(at, word) : undefined;
      if (target === undefined || target === pc || (target & PAGE_MASK) !== page || visited!.has(target)) break;
      if (insns.length >= maxInsns) break;
      at = target;
      continue;
    }
    at = (at + 4) >>> 0;
  }
  return insns;
}
