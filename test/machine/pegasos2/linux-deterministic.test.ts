import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Pegasos2, type StopReason } from '../../../src/machine/pegasos2/machine.js';
import {
  consoleLines,
  expectedFromQemu,
  kernelLog,
  LINUX_GUEST,
  LINUX_INIT_MARKER,
  linuxGuestPresent,
  linuxOptions,
} from '../../support/linux-guest.js';

interface DeterministicBoot {
  reason: StopReason;
  console: string;
  instructions: number;
  countedInstructions: number;
  blocksCompiled: number;
  templateInstructions: number;
}

/** `ppcjit boot --deterministic --append console=ttyS0`, optionally with another tiering. */
function bootDeterministic(configure?: (machine: Pegasos2) => void): DeterministicBoot {
  const chunks: Uint8Array[] = [];
  const machine = new Pegasos2({ ...linuxOptions(true), output: (b) => chunks.push(b) });
  configure?.(machine);
  const reason = machine.run(180_000);
  const { engine } = machine;
  return {
    reason,
    console: Buffer.concat(chunks).toString('latin1'),
    instructions: engine.instructions,
    countedInstructions: engine.countedInstructions,
    blocksCompiled: engine.blocksCompiled,
    templateInstructions: engine.templateInstructions,
  };
}

describe.skipIf(!linuxGuestPresent)('deterministic boots of the shared Linux kernel', () => {
  let first: DeterministicBoot;
  let second: DeterministicBoot;
  let otherTiering: DeterministicBoot;
  beforeAll(() => {
    first = bootDeterministic();
    second = bootDeterministic();
    otherTiering = bootDeterministic((m) => {
      m.engine.compileThreshold = 0;
      m.engine.regionThreshold = 200;
    });
  }, 600_000);

  it('power off after /init with the kernel log of boot-qemu.log', () => {
    expect(first.reason).toEqual({ kind: 'power-off' });
    expect(consoleLines(first.console)).toContain(`${LINUX_INIT_MARKER}\r`);
    const qemu = expectedFromQemu(readFileSync(`${LINUX_GUEST}boot-qemu.log`, 'latin1'));
    expect(kernelLog(first.console)).toEqual(qemu);
  });

  it('print byte-identical output, printk timestamps and RTC date included, with the same counters', () => {
    const lines = consoleLines(first.console);
    expect(lines.filter((l) => /^\[ {4}0\.\d{6}\] /.test(l)).length).toBeGreaterThan(100);
    expect(lines.map((l) => l.replace(/^\[ *\d+\.\d{6}\] /, ''))).toContain(
      'rtc-generic rtc-generic: setting system clock to 2026-01-01T00:00:00 UTC (1767225600)\r',
    );
    expect(second.console).toBe(first.console);
    expect(second.instructions).toBe(first.instructions);
    expect(second.blocksCompiled).toBe(first.blocksCompiled);
    expect(second.templateInstructions).toBe(first.templateInstructions);
    expect(first.countedInstructions).toBe(first.instructions);
  });

  it('print the same output and retire the same instructions when every block is compiled at once', () => {
    expect(otherTiering.console).toBe(first.console);
    expect(otherTiering.instructions).toBe(first.instructions);
    expect(otherTiering.templateInstructions).toBe(0);
  });
});
