/**
 * Drives the VOF client interface the way a guest does: argument blocks and strings in a RAM
 * array, `clientCall(blockAddress)`, results read back from RAM.
 * Default machine = the spec §4 setup: 512 MiB, kernel at 0x400000 with memsz 0xCF50.
 */

import { pegasos2Tree } from '../../src/machine/pegasos2/device-tree.js';
import { type ChosenBoot, vofBootState } from '../../src/vof/boot.js';
import { arrayMemory, type Vof } from '../../src/vof/client-interface.js';
import type { DeviceTree } from '../../src/vof/device-tree.js';
import { readCell } from '../../src/vof/device-tree.js';
import type { VofEntryMode } from '../../src/vof/firmware.js';

/** The pegasos2 device tree VOF boots with, as the machine builds it (no CPU options: the 7400). */
export const pegasos2BootTree =
  (ramSize: number, bootargs?: string) =>
  (chosen: ChosenBoot): DeviceTree =>
    pegasos2Tree({ ramSize, bootargs, ...chosen });

export const MiB = 1024 * 1024;
export const BLOCK = 0x20000; // argument block
const STRINGS = 0x21000; // strings placed by `ci`
export const BUF = 0x30000; // scratch output buffer

export interface Harness {
  vof: Vof;
  ram: Uint8Array;
  console: number[];
  exited: () => boolean;
  /** Calls a service; string args are placed in RAM. Returns the status and nret result cells. */
  ci(service: string, nargs: number, nret: number, ...args: Array<number | string>): { status: number; rets: number[] };
  /** Writes a string (NUL-terminated) or bytes at an address. */
  put(addr: number, data: string | Uint8Array): number;
  get(addr: number, len: number): Uint8Array;
  cstr(addr: number): string;
  cellsAt(addr: number, n: number): number[];
}

export interface HarnessOptions {
  ramSize?: number;
  bootargs?: string;
  kernel?: { start: number; size: number; entry: number } | null;
  entryMode?: VofEntryMode;
  milliseconds?: () => number;
}

export function bootHarness(options: HarnessOptions = {}): Harness {
  const ram = new Uint8Array(options.ramSize ?? 512 * MiB);
  const memory = arrayMemory(ram);
  const consoleBytes: number[] = [];
  let exited = false;
  const kernel = options.kernel === undefined ? { start: 0x400000, size: 0xcf50, entry: 0x400000 } : options.kernel;
  const boot = vofBootState({
    memory,
    console: { write: (b) => consoleBytes.push(...b) },
    tree: pegasos2BootTree(ram.length, options.bootargs),
    kernel: kernel ?? undefined,
    entryMode: options.entryMode,
    milliseconds: options.milliseconds,
    onExit: () => {
      exited = true;
    },
  });
  for (const image of boot.images) ram.set(image.bytes, image.addr);
  const put = (addr: number, data: string | Uint8Array) => {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(`${data}\0`) : data;
    ram.set(bytes, addr);
    return addr;
  };
  const cellsAt = (addr: number, n: number) => Array.from({ length: n }, (_, i) => readCell(ram.subarray(addr), i));
  const ci = (service: string, nargs: number, nret: number, ...args: Array<number | string>) => {
    let strings = STRINGS;
    const place = (s: string) => {
      const at = strings;
      put(at, s);
      strings += s.length + 1 + 3;
      strings &= ~3;
      return at;
    };
    const cells = [place(service), nargs, nret, ...args.map((a) => (typeof a === 'string' ? place(a) : a >>> 0))];
    // Results start as 0xCCCCCCCC so "nothing written" is visible.
    while (cells.length < 20) cells.push(0xcccccccc);
    const view = new DataView(ram.buffer);
    cells.forEach((c, i) => view.setUint32(BLOCK + 4 * i, c >>> 0));
    const status = boot.vof.clientCall(BLOCK);
    return { status, rets: cellsAt(BLOCK + 12 + 4 * nargs, nret) };
  };
  return {
    vof: boot.vof,
    ram,
    console: consoleBytes,
    exited: () => exited,
    ci,
    put,
    get: (addr, len) => ram.slice(addr, addr + len),
    cstr: (addr) => {
      const end = ram.indexOf(0, addr);
      return new TextDecoder().decode(ram.subarray(addr, end));
    },
    cellsAt,
  };
}

export const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
