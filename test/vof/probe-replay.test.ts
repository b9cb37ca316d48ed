/**
 * The device tree as a client sees it through the client interface, compared with QEMU 7.2:
 * test/vof/fixtures/vofclient-qemu72.log is the serial output of the spec's probe
 * (../shared/spec/sc-vof-hcall-experiments/vof/vofclient.c) under
 * `qemu-system-ppc -M pegasos2 -kernel vofclient.elf -append "hello world"`. We replay the probe's
 * tree-changing calls, then walk the tree exactly as its `dump_node` does (package-to-path,
 * nextprop, getproplen, getprop, child, peer) and print it the same way.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootHarness } from './harness.js';
import { dumpNode, replayProbeMutations } from './probe-dump.js';

describe('tree dump through the client interface matches QEMU 7.2', () => {
  const log = readFileSync(new URL('./fixtures/vofclient-qemu72.log', import.meta.url), 'utf8').split(/\r?\n/);
  const want = log.slice(log.indexOf('--- tree dump ---') + 1, log.indexOf('--- end tree dump ---'));

  const h = bootHarness({ bootargs: 'hello world' });
  replayProbeMutations(h);
  const got: string[] = [];
  dumpNode(h, 1, 0, got);

  it('has the same lines except /memory@0 available', () => {
    expect(want.length).toBe(271);
    const isAvailable = (line: string) => line.startsWith('    available ');
    expect(got.filter((l) => !isAvailable(l))).toEqual(want.filter((l) => !isAvailable(l)));
  });
  it('[ppcjit] available has no empty ranges and no claim beyond RAM (QEMU granted 0x1FF00000+2 MiB)', () => {
    expect(want.find((l) => l.startsWith('    available '))).toBe(
      '    available len=56 <0x00000da0 0x00007260 0x00010000 0x003f0000 0x0040cf50 0x000000b0 0x0040e000 0x00000000 0x0040f000 0x00000000 0x00412000 0x1faee000 0x20100000 0xfff00000>',
    );
    expect(got.find((l) => l.startsWith('    available '))).toBe(
      '    available len=32 <0x00000da0 0x00007260 0x00010000 0x003f0000 0x0040cf50 0x000000b0 0x00412000 0x1fbee000>',
    );
  });
});
