import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StopReason } from '../../../src/machine/pegasos2/machine.js';
import {
  bootLinux,
  expectedFromQemu,
  KNOWN_MISSING,
  kernelLog,
  LINUX_GUEST,
  LINUX_INIT_MARKER,
  linuxGuestPresent,
} from '../../support/linux-guest.js';

if (!linuxGuestPresent) console.warn('linux boot: ../shared/guests/linux-pegasos2 is absent — skipped');

describe('the log normalisation shared by the Linux log checks', () => {
  it('drops \\r, printk timestamps, empty and run-dependent lines, and starts at the kernel log', () => {
    const raw = [
      'VOF noise',
      '[    0.000000] Total memory = 512MB; using 1024kB for hash table\r',
      '[    1.234567] rtc-generic rtc-generic: setting system clock to 2026-01-01T00:00:00 UTC (1767225600)',
      '',
      '0.19 0.00',
      'LOC:         93   Local timer interrupts for timer event device',
      '[    0.020000] hrtimer: interrupt took 123456 ns',
      'ppcjit-guest: init reached',
      '[    1.367731] reboot: Power down\r',
      '[    1.393744] RTAS power-o',
    ].join('\n');
    expect(kernelLog(raw)).toEqual([
      'Total memory = 512MB; using 1024kB for hash table',
      'ppcjit-guest: init reached',
      'reboot: Power down',
    ]);
  });
});

describe.skipIf(!linuxGuestPresent)('Linux 6.1 on pegasos2 against the committed QEMU 7.2 log', () => {
  let reason: StopReason;
  let ours: string;
  beforeAll(() => {
    ({ reason, console: ours } = bootLinux());
  }, 180_000);

  it('every known gap names a line QEMU prints', () => {
    const qemu = kernelLog(readFileSync(`${LINUX_GUEST}boot-qemu.log`, 'latin1'));
    for (const line of KNOWN_MISSING) expect(qemu).toContain(line);
  });

  it('reaches /init and powers off', () => {
    expect(reason).toEqual({ kind: 'power-off' });
    expect(ours).toContain(LINUX_INIT_MARKER);
  });

  it('prints the kernel log of boot-qemu.log line by line (run-dependent lines aside)', () => {
    const qemu = expectedFromQemu(readFileSync(`${LINUX_GUEST}boot-qemu.log`, 'latin1'));
    expect(kernelLog(ours)).toEqual(qemu);
  });
});
