import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCpuModel } from '../../../src/cpu/models.js';
import { parseElf } from '../../../src/machine/elf.js';
import { Pegasos2, type Pegasos2Options } from '../../../src/machine/pegasos2/machine.js';
import { tinyElf } from '../elf-builder.js';

const client = parseElf(readFileSync(new URL('../../../demo/ofclient/ofclient.elf', import.meta.url)));
const qemuLog = readFileSync(new URL('../../../demo/ofclient/qemu-7.2.log', import.meta.url), 'latin1');

/** Serial output with QEMU's \r\n folded and the run-dependent clock line dropped. */
const normalise = (text: string) =>
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((l) => !l.startsWith('milliseconds:'))
    .join('\n');

function boot(options: Partial<Pegasos2Options> & { kernel: Pegasos2Options['kernel'] }) {
  const chunks: Uint8Array[] = [];
  const machine = new Pegasos2({
    model: findCpuModel('7400'),
    ramMb: 512,
    vofEntry: 'vhyp',
    output: (b) => chunks.push(b),
    ...options,
  });
  const reason = machine.run(30_000);
  return { reason, machine, text: Buffer.concat(chunks).toString('latin1') };
}

describe('pegasos2 with VOF', () => {
  it('boots the demo Open Firmware client and prints what it prints under QEMU 7.2', () => {
    const { reason, text } = boot({ kernel: client });
    expect(reason).toEqual({ kind: 'exit' });
    expect(normalise(text)).toBe(normalise(qemuLog));
  });

  it('gives the client identical results through the OSI and ePAPR entries', () => {
    const vhyp = boot({ kernel: client, epapr: true }).text;
    expect(normalise(boot({ kernel: client, vofEntry: 'osi', epapr: true }).text)).toBe(normalise(vhyp));
    expect(normalise(boot({ kernel: client, vofEntry: 'epapr' }).text)).toBe(normalise(vhyp));
    expect(vhyp).toContain('hcall-instructions = <0x3c004b56 0x60004d21 0x44000002 0x60000000>');
  });

  it('stops with a diagnostic when an interrupt goes to the empty ROM (MSR[IP]=1 at entry)', () => {
    // sc (LEV 0) right at entry: delivered to 0xfff00c00, where QEMU loops forever.
    const { reason } = boot({ kernel: parseElf(tinyElf([0x44000002])) });
    expect(reason).toEqual({ kind: 'empty-rom', vector: 0xfff00c00, srr0: 0x400004, srr1: 0x40 });
  });

  it('answers OSI console output, availability and exit when --osi is on', () => {
    // r3/r4 = OSI magic, r5 = selector, r6 = argument; plain sc.
    const osi = (selector: number, arg: number) => [
      0x3c601137,
      0x606324fa,
      0x3c807781,
      0x60840f9b,
      0x38a00000 | selector,
      0x38c00000 | arg,
      0x44000002,
    ];
    const words = [...osi(0, 97), 0x7c7f1b78, ...osi(97, 0x41), ...osi(97, 0x0a), ...osi(54, 0)];
    const { reason, text, machine } = boot({ kernel: parseElf(tinyElf(words)), osi: true });
    expect(reason).toEqual({ kind: 'exit' });
    expect(text).toBe('A\n');
    expect(machine.s.gpr[31]).toBe(1); // OSI_CALL_AVAILABLE(OSI_TTY_PUTC)
  });

  it('answers ePAPR KVM_HC_FEATURES and idle, EV_UNIMPLEMENTED otherwise, in supervisor state', () => {
    // r11 = token; lis r0,0x4b56; ori r0,r0,0x4d21; sc; then save r3/r4 in r20/r21 …
    const hcall = (tokenHi: number, tokenLo: number) => [
      0x3d600000 | tokenHi,
      0x616b0000 | tokenLo,
      0x3c004b56,
      0x60004d21,
      0x44000002,
    ];
    const words = [
      ...hcall(0x002a, 0x0003),
      0x7c741b78,
      0x7c952378,
      ...hcall(0x0001, 0x0010),
      0x7c761b78,
      ...hcall(0x002a, 0x0063),
      0x7c771b78,
      0x44000002, // then a plain sc ends the run in the empty ROM
    ];
    const { machine } = boot({ kernel: parseElf(tinyElf(words)), epapr: true });
    const g = machine.s.gpr;
    expect([g[20], g[21], g[22], g[23]]).toEqual([0, 0, 0, 12]);
  });
});
