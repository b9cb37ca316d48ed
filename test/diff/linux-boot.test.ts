import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StopReason } from '../../src/machine/pegasos2/machine.js';
import {
  bootLinux,
  consoleLines,
  expectedFromQemu,
  kernelLog,
  LINUX_INIT_MARKER,
  linuxGuestPresent,
  QEMU_LINUX_ARGS,
} from '../support/linux-guest.js';
import { haveTool } from './objdump.js';

const ready = linuxGuestPresent && haveTool('qemu-system-ppc');
if (!ready) console.warn('linux boot diff: needs ../shared/guests/linux-pegasos2 and qemu-system-ppc — skipped');

/** QEMU boots to power-off in ~1.5 s on an idle host; a run still going after this is stuck. */
const QEMU_TIMEOUT_S = 60;

describe.skipIf(!ready)('Linux 6.1 on pegasos2: ppcjit and a live qemu-system-ppc print the same log', () => {
  let reason: StopReason;
  let ours: string;
  beforeAll(() => {
    ({ reason, console: ours } = bootLinux());
  }, 180_000);

  it('ppcjit reaches /init and powers off', () => {
    expect(reason).toEqual({ kind: 'power-off' });
    expect(consoleLines(ours)).toContain(`${LINUX_INIT_MARKER}\r`);
  });

  it('the kernel logs agree line by line (run-dependent lines and known gaps aside)', () => {
    // Up to three QEMU runs, the first that agrees counts (as test/diff/vof-probe): a loaded
    // host can delay QEMU's timer interrupts enough to change its log; ours is deterministic.
    let qemu = '';
    let status: number | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = spawnSync('timeout', [String(QEMU_TIMEOUT_S), 'qemu-system-ppc', ...QEMU_LINUX_ARGS], {
        encoding: 'latin1',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 1 << 24,
      });
      qemu = r.stdout;
      status = r.status;
      if (status === 0 && JSON.stringify(expectedFromQemu(qemu)) === JSON.stringify(kernelLog(ours))) break;
    }
    expect(status, 'qemu-system-ppc exits 0 at power-off').toBe(0);
    expect(consoleLines(qemu)).toContain(`${LINUX_INIT_MARKER}\r`);
    expect(kernelLog(ours)).toEqual(expectedFromQemu(qemu));
  });
});
