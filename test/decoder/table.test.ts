import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decoder/decode.js';
import { INSTRUCTIONS } from '../../src/decoder/table/index.js';
import { EMITTERS } from '../../src/jit/emit/index.js';

describe('the instruction table', () => {
  it('names every opcode once', () => {
    const seen = new Map<string, number>();
    for (const def of INSTRUCTIONS) seen.set(def.name, (seen.get(def.name) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });

  it('keeps match bits inside the mask', () => {
    expect(INSTRUCTIONS.filter((d) => (d.match & ~d.mask) !== 0).map((d) => d.name)).toEqual([]);
  });

  it('decodes each entry’s own match word to that entry or an earlier one that also matches', () => {
    for (const def of INSTRUCTIONS) {
      const found = decode(def.match);
      expect(found, def.name).toBeDefined();
      if (found !== def)
        expect(((def.match ^ found!.match) & found!.mask) === 0, `${def.name} vs ${found!.name}`).toBe(true);
    }
  });

  it('has an emitter for every entry and no emitter without an entry', () => {
    const names = new Set(INSTRUCTIONS.map((d) => d.name));
    expect(Object.keys(EMITTERS).filter((n) => !names.has(n))).toEqual([]);
    expect(INSTRUCTIONS.filter((d) => !EMITTERS[d.name]).map((d) => d.name)).toEqual([]);
  });
});
