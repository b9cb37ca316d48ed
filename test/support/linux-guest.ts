// The shared Linux guest (../shared/guests/linux-pegasos2, see its README): where it is, how
// ppcjit boots it, and the one normalisation both log checks use — test/machine/pegasos2 against
// the committed boot-qemu.log (npm test), test/diff against a live qemu-system-ppc (npm run test:diff).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findCpuModel } from '../../src/cpu/models.js';
import { parseElf } from '../../src/machine/elf.js';
import { Pegasos2, type StopReason } from '../../src/machine/pegasos2/machine.js';

export const LINUX_GUEST = fileURLToPath(new URL('../../../shared/guests/linux-pegasos2/', import.meta.url));
export const LINUX_VMLINUX = `${LINUX_GUEST}vmlinux`;
export const linuxGuestPresent = existsSync(LINUX_VMLINUX);
export const LINUX_BOOTARGS = 'console=ttyS0';
export const LINUX_INIT_MARKER = 'ppcjit-guest: init reached';

/** The guest README's QEMU command line (stdin must be /dev/null; QEMU exits at power-off). */
export const QEMU_LINUX_ARGS = ['-M', 'pegasos2', '-kernel', LINUX_VMLINUX, '-append', LINUX_BOOTARGS].concat([
  '-serial',
  'stdio',
  '-display',
  'none',
  '-m',
  '512',
]);

/**
 * Lines of QEMU 7.2's log ppcjit does not print yet, each a known gap (issue notes). Empty when
 * every line matches; a line added here must name its reason.
 */
export const KNOWN_MISSING: ReadonlySet<string> = new Set<string>();

/**
 * "hrtimer: interrupt took N ns" appears when a timer interrupt handler runs long in wall time
 * (a loaded host, under either emulator): not part of the guest's behaviour.
 */
const TIMING = /^hrtimer: interrupt took \d+ ns$/;

/** The kernel's last words before RTAS power-off. */
const POWER_DOWN = /\breboot: Power down$/;

/**
 * The kernel's own log from its first line (`Total memory = …`) to `reboot: Power down`, with \r
 * removed, without printk timestamps, without empty lines, and without the lines the guest
 * README names as run-dependent: the RTC date, /proc/uptime and the `LOC:` timer interrupt count.
 * The end is cut at `reboot: Power down` because QEMU's power-off is asynchronous: its CPU may
 * run on long enough for the kernel to print part of `RTAS power-off returned 0` before QEMU
 * exits (seen in 3 of 4 live runs); ppcjit stops at the RTAS call, as boot-qemu.log does.
 */
export function kernelLog(text: string): string[] {
  const lines = text.replace(/\r/g, '').split('\n');
  const first = lines.findIndex((l) => l.includes('Total memory = '));
  const last = lines.findIndex((l) => POWER_DOWN.test(l));
  return lines
    .slice(Math.max(first, 0), last < 0 ? undefined : last + 1)
    .map((l) => l.replace(/^.*?\[\s*\d+\.\d+\] /, ''))
    .filter((l) => !/^rtc-generic rtc-generic: setting system clock to /.test(l))
    .filter((l) => !/^\d+\.\d+ \d+\.\d+$/.test(l)) // /proc/uptime
    .filter((l) => !/^LOC: +\d+ +Local timer interrupts for timer event device/.test(l))
    .filter((l) => !TIMING.test(l))
    .filter((l) => l !== '');
}

/** QEMU's kernel log as ppcjit is expected to print it today (the known gaps left out). */
export const expectedFromQemu = (qemuOutput: string) => kernelLog(qemuOutput).filter((l) => !KNOWN_MISSING.has(l));

/** The machine `ppcjit boot --append console=ttyS0 [--deterministic]` builds for the shared kernel. */
export const linuxOptions = (deterministic = false) => ({
  model: findCpuModel('7400'),
  ramMb: 512,
  kernel: parseElf(readFileSync(LINUX_VMLINUX), LINUX_VMLINUX),
  bootargs: LINUX_BOOTARGS,
  vofEntry: 'vhyp' as const,
  deterministic,
});

/** Boots the shared kernel on ppcjit's pegasos2 as `ppcjit boot --append console=ttyS0` does. */
export function bootLinux(timeoutMs = 120_000): { reason: StopReason; console: string } {
  const chunks: Uint8Array[] = [];
  const machine = new Pegasos2({ ...linuxOptions(), output: (b) => chunks.push(b) });
  const reason = machine.run(timeoutMs);
  return { reason, console: Buffer.concat(chunks).toString('latin1') };
}
