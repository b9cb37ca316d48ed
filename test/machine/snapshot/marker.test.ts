import { describe, expect, it } from 'vitest';
import { MarkerSplit } from '../../../src/machine/snapshot/marker.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('MarkerSplit', () => {
  it('splits at the end of the first marker, whatever the chunking', () => {
    const output = 'boot...\ninit reached\nafter one\ninit reached again\n';
    for (const size of [1, 2, 3, 5, 7, 13, output.length]) {
      const split = new MarkerSplit('init reached');
      let before = '';
      for (let i = 0; i < output.length; i += size) before += text(split.push(bytes(output.slice(i, i + size))));
      expect(split.found).toBe(true);
      expect(before).toBe('boot...\ninit reached');
      expect(text(split.after)).toBe('\nafter one\ninit reached again\n');
    }
  });

  it('hands everything through while the marker has not appeared', () => {
    const split = new MarkerSplit('xyz');
    expect(text(split.push(bytes('xy')))).toBe('xy');
    expect(text(split.push(bytes('-z')))).toBe('-z');
    expect(split.found).toBe(false);
    expect(split.after.length).toBe(0);
  });
});
