import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StopReason } from '../../../src/machine/pegasos2/machine.js';
import {
  bootLinux,
  consoleLines,
  expectedFromQemu,
  KNOWN_MISSING,
  kernelLog,
  LINUX_GUEST,
  LINUX_INIT_MARKER,
  linuxGuestPresent,
} from '../../support/linux-guest.js';

if (!linuxGuestPresent) console.warn('linux boot: ../shared/guests/linux-pegasos2 is absent — skipped');

describe('the log extraction shared by the Linux log checks', () => {
  const log = (...lines: string[]) => lines.join('\n');
  it('starts at the line that begins with the first message and keeps every byte but the run-dependent fields', () => {
    const raw = log(
      'VOF noise',
      '[    0.000000] Total memory = 512MB; using 1024kB for hash table\r',
      '[    1.234567] rtc-generic rtc-generic: setting system clock to 2026-01-01T00:00:00 UTC (1767225600)\r',
      '\r',
      '0.19 0.00\r',
      'LOC:         93   Local timer interrupts for timer event device\r',
      '[    0.020000] hrtimer: interrupt took 123456 ns\r',
      '[    0.150000] pci 0000:00:0c.1: chrp_pci_fixup_vt8231_ata+0x0/0xe0 took 11075 usecs\r',
      'ppcjit-guest: init reached\r',
      '[    1.367731] reboot: Power down\r',
      '[    1.393744] RTAS power-o',
    );
    expect(kernelLog(raw)).toEqual([
      'Total memory = 512MB; using 1024kB for hash table\r',
      'rtc-generic rtc-generic: setting system clock to <date> UTC (<seconds>)\r',
      '\r',
      '<uptime>\r',
      'LOC: <count>   Local timer interrupts for timer event device\r',
      'ppcjit-guest: init reached\r',
      'reboot: Power down\r',
    ]);
  });

  it('does not find the first message behind other bytes on its line, nor a timestamp inside a line', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)).replace('\n', '');
    const clean = [
      '[    0.000000] Total memory = 512MB\r',
      'x[    0.100000] y\r',
      '[    1.000000] reboot: Power down\r',
    ];
    const extracted = ['Total memory = 512MB\r', 'x[    0.100000] y\r', 'reboot: Power down\r'];
    expect(kernelLog(log(...clean))).toEqual(extracted);
    const dirty = [`${garbage}${clean[0]}`, ...clean.slice(1)];
    expect(kernelLog(log(...dirty))).toEqual([dirty[0], ...extracted.slice(1)]);
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
    for (const line of KNOWN_MISSING) expect(qemu).toContain(line); // whole lines of an array
  });

  it('reaches /init and powers off', () => {
    expect(reason).toEqual({ kind: 'power-off' });
    expect(consoleLines(ours)).toContain(`${LINUX_INIT_MARKER}\r`);
  });

  it('prints the kernel log of boot-qemu.log line by line (run-dependent lines aside)', () => {
    const qemu = expectedFromQemu(readFileSync(`${LINUX_GUEST}boot-qemu.log`, 'latin1'));
    expect(kernelLog(ours)).toEqual(qemu);
  });
});
