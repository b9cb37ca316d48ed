// The pegasos2-busybox guest under a live qemu-system-ppc and under ppcjit: the same log, and the
// committed boot-qemu.log still what QEMU prints (a rebuilt kernel needs a re-recorded log).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StopReason } from '../../src/machine/pegasos2/machine.js';
import { bootGuest, consoleLines, BUSYBOX_LINUX as GUEST, kernelLog } from '../support/linux-guest.js';
import { haveTool } from './objdump.js';

const ready = GUEST.present && haveTool('qemu-system-ppc');
if (!ready) console.warn('pegasos2-busybox diff: needs its built kernel (build.sh) and qemu-system-ppc — skipped');

/** QEMU boots this guest to power-off in a few seconds on an idle host. */
const QEMU_TIMEOUT_S = 120;

describe.skipIf(!ready)('pegasos2-busybox: ppcjit and a live qemu-system-ppc print the same log', () => {
  let reason: StopReason;
  let ours: string[];
  beforeAll(() => {
    const boot = bootGuest(GUEST, 300_000);
    reason = boot.reason;
    ours = kernelLog(boot.console, GUEST.firstMessage);
  }, 400_000);

  it('ppcjit powers off', () => {
    expect(reason).toEqual({ kind: 'power-off' });
  });

  it('the logs agree line by line; the committed log is what QEMU prints', () => {
    // Up to three QEMU runs, the first that agrees counts: a loaded host can delay QEMU's timer
    // interrupts enough to change its log.
    let qemu = '';
    let status: number | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = spawnSync('timeout', [String(QEMU_TIMEOUT_S), 'qemu-system-ppc', ...GUEST.qemuArgs], {
        encoding: 'latin1',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 1 << 24,
      });
      qemu = r.stdout;
      status = r.status;
      if (status === 0 && JSON.stringify(kernelLog(qemu, GUEST.firstMessage)) === JSON.stringify(ours)) break;
    }
    expect(status, 'qemu-system-ppc exits 0 at power-off').toBe(0);
    expect(consoleLines(qemu)).toContain(`${GUEST.initMarker}\r`);
    expect(ours).toEqual(kernelLog(qemu, GUEST.firstMessage));
    expect(kernelLog(readFileSync(GUEST.referenceLog, 'latin1'), GUEST.firstMessage)).toEqual(ours);
  });
});
