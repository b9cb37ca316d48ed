import { readFileSync } from 'node:fs';
import { findCpuModel } from '../../../src/cpu/models.js';
import { parseElf } from '../../../src/machine/elf.js';
import { Pegasos2, type Pegasos2Options } from '../../../src/machine/pegasos2/machine.js';
import { MarkerSplit } from '../../../src/machine/snapshot/marker.js';

export const OFCLIENT = parseElf(readFileSync(new URL('../../../demo/ofclient/ofclient.elf', import.meta.url)));
/** A line the demo client prints about two thirds through, before its claim/release calls. */
export const OFCLIENT_MARKER = '/pci@c0000000 (phandle';

export const latin1 = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('latin1');

/**
 * Boots `kernel` and stops as soon as the console output contains `marker` (from inside the
 * output callback, so the machine stops at the end of the block that printed it).
 */
export function bootToMarker(options: Omit<Pegasos2Options, 'output'>, marker: string, timeoutMs = 120_000) {
  const split = new MarkerSplit(marker);
  const before: Uint8Array[] = [];
  const machine: Pegasos2 = new Pegasos2({
    ...options,
    output: (bytes) => {
      const wasFound = split.found;
      before.push(split.push(bytes));
      if (!wasFound && split.found) machine.stop({ kind: 'timeout' });
    },
  });
  const reason = machine.run(timeoutMs);
  return { machine, reason, split, before: latin1(before) };
}

/** Runs a machine to its end, collecting what it prints. */
export function runToEnd(make: (output: (b: Uint8Array) => void) => Pegasos2, timeoutMs = 120_000) {
  const chunks: Uint8Array[] = [];
  const machine = make((b) => chunks.push(b.slice()));
  const reason = machine.run(timeoutMs);
  return { machine, reason, text: latin1(chunks) };
}

export const ofclientOptions = (ramMb = 64) => ({
  model: findCpuModel('7400'),
  ramMb,
  kernel: OFCLIENT,
  vofEntry: 'vhyp' as const,
  startDateMs: 0,
});
