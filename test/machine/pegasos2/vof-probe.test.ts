import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparable, runProbe } from './probe-compare.js';

const elf = readFileSync(new URL('../../fixtures/vof-probe/vofclient.elf', import.meta.url));
const qemu = readFileSync(new URL('../../vof/fixtures/vofclient-qemu72.log', import.meta.url), 'latin1');

describe('the spec VOF/sc probe on ppcjit pegasos2', () => {
  const ours = runProbe(elf);

  it('prints what QEMU 7.2 prints, except the deliberate differences', () => {
    expect(ours).toContain('=== done ===');
    expect(comparable(ours)).toEqual(comparable(qemu));
  });

  it('gives the architecture’s (and the spec’s [ppcjit]) answers where QEMU differs', () => {
    const line = (prefix: string) =>
      ours
        .replace(/\r/g, '')
        .split('\n')
        .find((l) => l.startsWith(prefix));
    expect(line('child(0x7777)')).toBe('child(0x7777) -> ret=0x00000000 r3=0x00000000');
    expect(line('write(stdout')).toBe('write(stdout,"hello\\n",6) -> ret=0x00000006 r3=0x00000000');
    expect(line('claim(0x1ff00000')).toMatch(/ret=0xffffffff/);
    expect(line('sc 3 (')).toBe('sc 3 (0x44000062), r3=0x1234: r3=0xffffffff r4=0x00000000 (no exception)');
    expect(line('msr after mtmsr(msr|ME)')).toBe('msr after mtmsr(msr|ME)=0x00001000');
  });
});
