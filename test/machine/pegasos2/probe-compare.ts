import { findCpuModel } from '../../../src/cpu/models.js';
import { parseElf } from '../../../src/machine/elf.js';
import { Pegasos2 } from '../../../src/machine/pegasos2/machine.js';

/**
 * Lines of the spec's VOF/sc probe where ppcjit answers differently from QEMU 7.2 on purpose
 * (../shared/spec/sc-vof-hcall.md §4, the rows marked [ppcjit]) or where the value depends on
 * the run. They are compared separately; everything else must be identical.
 */
export const DELIBERATE: readonly [RegExp, string][] = [
  [/^entry r1=/, 'r6/r7 are vof.bin leftovers, not part of the entry ABI'],
  [/^entry msr=/, 'LR and r2 point into vof.bin under QEMU; our firmware is host code'],
  [/^r2 after entry call/, "QEMU's VOF entry clobbers r2 (its TOC) and never restores it; ours preserves it"],
  [/^child\(0x7777\)/, 'child of a bad phandle: QEMU returns the root, ppcjit 0 (vector 27)'],
  [/^ {2}bytes: /, 'package-to-path: QEMU overruns the buffer, ppcjit writes buflen bytes (vector 29)'],
  [/^write\(stdout/, 'write: QEMU returns 0 and prints nothing, ppcjit returns len and prints (vector 32)'],
  [/^hello$/, 'the text VOF write prints (ppcjit only)'],
  [/^claim\(0x1ff00000/, 'claims beyond RAM fail in ppcjit (vector 35)'],
  [/^ {4}available len=/, '/memory available follows from the refused claim'],
  [/^milliseconds ->/, 'clock'],
  [/get-time-of-day/, 'RTC'],
  [/^sc (3|127) \(/, 'sc 3/127: ppcjit follows QEMU master (LEV & 1 → hypercall); 7.2 delivers 0xC00 (vectors 10, 11)'],
  [
    /^msr after mtmsr\(msr\|ME\)/,
    'mtmsr writes the whole MSR on 6xx/7xx/74xx; QEMU never changes ME (spec §1.3 item 3)',
  ],
  [/^qemu-system-ppc: /, "QEMU's own stderr"],
];

/** Drops the deliberate lines (and QEMU's exception line after an `sc 3`/`sc 127`). */
export function comparable(log: string): string[] {
  const out: string[] = [];
  let dropNextException = false;
  for (const line of log.replace(/\r/g, '').split('\n')) {
    if (dropNextException && line.startsWith('   EXC ')) continue;
    dropNextException = false;
    if (DELIBERATE.some(([re]) => re.test(line))) {
      dropNextException = /^sc (3|127) \(/.test(line);
      continue;
    }
    out.push(line);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** Boots the probe on ppcjit until it prints its last line (it spins afterwards, as under QEMU). */
export function runProbe(elf: Uint8Array, cpu = '7400', append = 'hello world'): string {
  const chunks: Uint8Array[] = [];
  const machine = new Pegasos2({
    model: findCpuModel(cpu),
    ramMb: 512,
    kernel: parseElf(elf),
    bootargs: append,
    vofEntry: 'vhyp',
    output: (b) => chunks.push(b),
  });
  const deadline = Date.now() + 60_000;
  let text = '';
  while (Date.now() < deadline) {
    const reason = machine.run(100);
    text = Buffer.concat(chunks).toString('latin1');
    if (text.includes('=== done ===') || reason.kind !== 'timeout') break;
  }
  return text;
}
