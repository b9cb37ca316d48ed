// The pegasos2-busybox guest (build.sh here; README) against its committed QEMU 7.2 log: AltiVec
// kernel on a 7447A, PREEMPT, HZ=250, libata probing the VIA IDE, a busybox /init. Skipped with a
// notice until build.sh has put the kernel in the cache.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StopReason } from '../../../src/machine/pegasos2/machine.js';
import { bootGuest, consoleLines, BUSYBOX_LINUX as GUEST, kernelLog } from '../../support/linux-guest.js';

if (!GUEST.present)
  console.warn(`pegasos2-busybox: ${GUEST.vmlinux} absent (test/guests/pegasos2-busybox/build.sh) — skipped`);

describe.skipIf(!GUEST.present)('pegasos2-busybox guest against the committed QEMU 7.2 log', () => {
  let reason: StopReason;
  let ours: string;
  beforeAll(() => {
    ({ reason, console: ours } = bootGuest(GUEST, 300_000));
  }, 400_000);

  it('reaches /init and powers off', () => {
    expect(reason).toEqual({ kind: 'power-off' });
    expect(consoleLines(ours)).toContain(`${GUEST.initMarker}\r`);
  });

  it('prints boot-qemu.log exactly (timestamps and run-dependent fields aside)', () => {
    const qemu = kernelLog(readFileSync(GUEST.referenceLog, 'latin1'), GUEST.firstMessage);
    expect(consoleLines(readFileSync(GUEST.referenceLog, 'latin1'))).toContain('ppcjit-guest: powering off\r');
    expect(kernelLog(ours, GUEST.firstMessage)).toEqual(qemu);
  });
});
