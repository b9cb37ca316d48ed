import { INSTRUCTIONS } from './table/index.js';
import type { InsnDef } from './types.js';

/** Low bits that index the per-primary-opcode dispatch (every extended-opcode form lives there). */
const LOW_BITS = 0x7ff;

/**
 * Lookup built from the table: primary opcode → 2048 slots keyed by the low 11 bits of the
 * word → candidate definitions in table order (the first full match wins, as in objdump's
 * opcode table). A primary opcode's slots are built on its first decode (building all 64 up
 * front cost ~50 ms of every start-up).
 */
type Slots = (readonly InsnDef[])[];

const NO_CANDIDATES: readonly InsnDef[] = [];

const byPrimary: InsnDef[][] = Array.from({ length: 64 }, () => []);
for (const def of INSTRUCTIONS) {
  if ((def.match & ~def.mask) !== 0) throw new Error(`table: ${def.name} match has bits outside mask`);
  byPrimary[def.match >>> 26].push(def);
}

function buildSlots(primary: number): Slots {
  const slots: Slots = new Array(LOW_BITS + 1).fill(NO_CANDIDATES);
  for (const def of byPrimary[primary]) {
    const m = def.mask & LOW_BITS;
    const v = def.match & LOW_BITS;
    for (let s = 0; s <= LOW_BITS; s++) {
      if ((s & m) === v) slots[s] = slots[s] === NO_CANDIDATES ? [def] : [...slots[s], def];
    }
  }
  return slots;
}

const lookup: (Slots | undefined)[] = new Array(64).fill(undefined);

/** The table entry for a word, or undefined when the word is not a valid instruction. */
export function decode(w: number): InsnDef | undefined {
  const primary = w >>> 26;
  const slots = lookup[primary] ?? (lookup[primary] = buildSlots(primary));
  const candidates = slots[w & LOW_BITS];
  for (const def of candidates) {
    if (((w ^ def.match) & def.mask) === 0) return def;
  }
  return undefined;
}

/** The mnemonic with the variant suffixes the word selects (e.g. "addo.", "bla"). */
export function variantName(def: InsnDef, base: string, w: number): string {
  const v = def.variants;
  if (!v) return base;
  let name = base;
  if (v.includes('oe') && w & 0x400) name += 'o';
  if (v.includes('lk') && w & 1) name += 'l';
  if (v.includes('aa') && w & 2) name += 'a';
  if (v.includes('rc') && w & 1) name += '.';
  return name;
}
