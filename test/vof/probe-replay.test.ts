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
import { bootHarness, type Harness, hex } from './harness.js';

const BUF = 0x30000;
const ERR = 0xffffffff;

function printProp(h: Harness, ph: number, name: string): string {
  const len = h.ci('getproplen', 2, 1, ph, name).rets[0];
  let line = `    ${name} len=${len === ERR ? 4294967295 : len}`;
  if (len === ERR) return line;
  h.ram.fill(0, BUF, BUF + 512);
  const got = h.ci('getprop', 4, 1, ph, name, BUF, 511).rets[0];
  if (got !== len) line += ` getprop=${hex(got)}`;
  const n = Math.min(len, 511);
  const buf = h.get(BUF, 512);
  let printable = !(n === 0 || buf[n - 1] !== 0);
  for (let i = 0; i + 1 < n; i++) if (buf[i] < 0x20 || buf[i] >= 0x7f) printable = false;
  if (printable) return `${line} "${h.cstr(BUF)}"`;
  const words: string[] = [];
  for (let i = 0; i < n && i < 64; i += 4)
    words.push(hex((buf[i] << 24) | (buf[i + 1] << 16) | (buf[i + 2] << 8) | buf[i + 3]));
  return `${line} <${words.join(' ')}${n > 64 ? ' ...' : ''}>`;
}

function dumpNode(h: Harness, ph: number, depth: number, out: string[]): void {
  h.ram.fill(0, BUF, BUF + 300);
  const r = h.ci('package-to-path', 3, 1, ph, BUF, 300).rets[0];
  out.push(`NODE ph=${hex(ph)} path_len=${r} ${h.cstr(BUF)}`);
  let prev = '';
  for (;;) {
    h.ram.fill(0, 0x31000, 0x31000 + 68);
    if (h.ci('nextprop', 3, 1, ph, prev, 0x31000).rets[0] !== 1) break;
    const name = h.cstr(0x31000);
    out.push(printProp(h, ph, name));
    prev = name;
  }
  if (depth > 6) return;
  for (let c = h.ci('child', 1, 1, ph).rets[0]; c && c !== ERR; c = h.ci('peer', 1, 1, c).rets[0]) {
    dumpNode(h, c, depth + 1, out);
  }
}

describe('tree dump through the client interface matches QEMU 7.2', () => {
  const log = readFileSync(new URL('./fixtures/vofclient-qemu72.log', import.meta.url), 'utf8').split(/\r?\n/);
  const want = log.slice(log.indexOf('--- tree dump ---') + 1, log.indexOf('--- end tree dump ---'));

  const h = bootHarness({ bootargs: 'hello world' });
  // The probe's calls before the dump that change what the dump shows.
  h.ci('open', 1, 1, '/failsafe');
  const claims: Array<[number, number, number]> = [
    [0, 0x1000, 0x1000],
    [0, 0x1000, 0x1000],
    [0, 0x3000, 0x10],
    [0x400000, 0x1000, 0],
    [0x800000, 0x10000, 0],
    [0x800000, 0x10000, 0],
    [0x900000, 0, 0],
    [0x1ff00000, 0x200000, 0],
    [0, 0x40000000, 0x1000],
  ];
  for (const [v, s, a] of claims) h.ci('claim', 3, 1, v, s, a);
  h.ci('release', 2, 1, 0x800000, 0x10000);
  h.ci('setprop', 4, 1, 3, 'qemu-test', 'abc', 4);
  h.ci('quiesce', 0, 0);
  h.ci('setprop', 4, 1, 3, 'qemu-test2', 'abcdefgh', 9);
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
