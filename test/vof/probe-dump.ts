/**
 * The spec probe's (../shared/spec/sc-vof-hcall-experiments/vof/vofclient.c) tree dump, ported:
 * walks the tree through the client interface exactly as its `dump_node`/`print_prop` do and
 * prints the same text, so our VOF's view can be compared line by line with QEMU's.
 */
import { type Harness, hex } from './harness.js';

const BUF = 0x30000;
const ERR = 0xffffffff;

export function printProp(h: Harness, ph: number, name: string): string {
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

export function dumpNode(h: Harness, ph: number, depth: number, out: string[]): void {
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

/** The probe's calls before its dump that change what the dump shows. */
export function replayProbeMutations(h: Harness): void {
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
}
