// The Linux guests the tests boot, how ppcjit and QEMU boot them, and the one log extraction
// every Linux log check uses (test/machine/pegasos2 and test/guests against the committed
// boot-qemu.log in npm test, test/diff against a live qemu-system-ppc in npm run test:diff):
// - the shared kernel (../shared/guests/linux-pegasos2, see its README), 7400, 512 MB;
// - pegasos2-busybox (test/guests/pegasos2-busybox, built by its build.sh into the cache), 7447a,
//   256 MB: AltiVec, PREEMPT, HZ=250, libata + pata_via, a busybox /init.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findCpuModel } from '../../src/cpu/models.js';
import { parseElf } from '../../src/machine/elf.js';
import { Pegasos2, type StopReason } from '../../src/machine/pegasos2/machine.js';

export interface LinuxGuest {
  name: string;
  vmlinux: string;
  /** The committed reference: what `qemuArgs` printed on stdout and stderr. */
  referenceLog: string;
  present: boolean;
  cpu: string;
  ramMb: number;
  bootargs: string;
  /** The kernel's first console message: the compared log starts at the line it begins. */
  firstMessage: string;
  initMarker: string;
  qemuArgs: string[];
}

function guest(g: Omit<LinuxGuest, 'present' | 'qemuArgs'>): LinuxGuest {
  const qemuArgs = ['-M', 'pegasos2', '-cpu', g.cpu, '-m', String(g.ramMb), '-kernel', g.vmlinux];
  qemuArgs.push('-append', g.bootargs, '-serial', 'stdio', '-display', 'none');
  return { ...g, present: existsSync(g.vmlinux), qemuArgs };
}

export const LINUX_GUEST = fileURLToPath(new URL('../../../shared/guests/linux-pegasos2/', import.meta.url));
export const LINUX_INIT_MARKER = 'ppcjit-guest: init reached';

/** The shared kernel, booted as its README says (QEMU 7.2's default pegasos2 CPU is the 7400). */
export const SHARED_LINUX = guest({
  name: 'linux-pegasos2',
  vmlinux: `${LINUX_GUEST}vmlinux`,
  referenceLog: `${LINUX_GUEST}boot-qemu.log`,
  cpu: '7400',
  ramMb: 512,
  bootargs: 'console=ttyS0',
  firstMessage: 'Total memory = ',
  initMarker: LINUX_INIT_MARKER,
});

const CACHE = process.env.XDG_CACHE_HOME || `${homedir()}/.cache`;
/** Where test/guests/pegasos2-busybox/build.sh leaves the kernel ($PPCJIT_BUSYBOX_GUEST overrides). */
const BUSYBOX_OUT = process.env.PPCJIT_BUSYBOX_GUEST || `${CACHE}/ppcjit-guests/pegasos2-busybox/out`;

export const BUSYBOX_LINUX = guest({
  name: 'pegasos2-busybox',
  vmlinux: `${BUSYBOX_OUT}/vmlinux`,
  referenceLog: fileURLToPath(new URL('../guests/pegasos2-busybox/boot-qemu.log', import.meta.url)),
  cpu: '7447a',
  ramMb: 256,
  bootargs: 'console=ttyS0',
  firstMessage: 'Total memory = ',
  initMarker: LINUX_INIT_MARKER,
});

export const LINUX_VMLINUX = SHARED_LINUX.vmlinux;
export const linuxGuestPresent = SHARED_LINUX.present;
export const LINUX_BOOTARGS = SHARED_LINUX.bootargs;
/** The guest README's QEMU command line (stdin must be /dev/null; QEMU exits at power-off). */
export const QEMU_LINUX_ARGS = SHARED_LINUX.qemuArgs;

/**
 * Lines of QEMU 7.2's log ppcjit does not print yet, each a known gap (issue notes). Empty when
 * every line matches; a line added here must name its reason.
 */
export const KNOWN_MISSING: ReadonlySet<string> = new Set<string>();

/** A printk timestamp, only at the very start of a line (PRINTK_TIME): guest time, see below. */
const TIMESTAMP = /^\[ *\d+\.\d{6}\] /;

/** The kernel's last words before RTAS power-off. */
const POWER_DOWN = /^(\[ *\d+\.\d{6}\] )?reboot: Power down\r?$/;

/**
 * Run-dependent parts of whole lines, each replaced by a placeholder (the rest of the line must
 * still match byte for byte). `null` drops the line. Why each depends on the run:
 */
const RUN_DEPENDENT: [RegExp, string | null][] = [
  // rtc-generic reads RTAS get-time-of-day: the host's date in QEMU and in ppcjit without
  // --deterministic.
  [/^(rtc-generic rtc-generic: setting system clock to )\S+ UTC \(\d+\)(\r?)$/, '$1<date> UTC (<seconds>)$2'],
  // /proc/uptime, printed by the shared guest's /init: guest time, and guest time follows the host
  // clock (the time base runs at 33.333 MHz of wall time in both emulators).
  [/^\d+\.\d{2} \d+\.\d{2}(\r?)$/, '<uptime>$1'],
  // /proc/interrupts' timer count: decrementer interrupts so far, a function of guest time (its
  // right-aligned field's width goes with it).
  [/^LOC: +\d+( +Local timer interrupts for timer event device\r?)$/, 'LOC: <count>$1'],
  // Printed only when a timer interrupt handler ran long in wall time (a loaded host), under either
  // emulator: whether it appears at all depends on the host.
  [/^hrtimer: interrupt took \d+ ns\r?$/, null],
  // The PCI core reports a fixup that took over 10 ms of guest time (do_one_fixup_debug): guest time
  // follows the host clock, so a loaded host makes it appear.
  [/^pci [0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.\d: \S+ took \d+ usecs\r?$/, null],
];

/**
 * The kernel's console log, exact but for what provably depends on the run:
 * - it starts at the first line that *begins* (after its timestamp) with `firstMessage`: before
 *   it ppcjit may have printed what the client wrote through VOF, which QEMU sends to its trace
 *   instead of stdout. Bytes in front of the first message on its own line (the 16550 loopback
 *   fault of issue 13) make the line not match, and the whole output is then returned, so the
 *   comparison fails visibly;
 * - printk timestamps at the start of a line are removed: they are guest time, which follows the
 *   host clock, so they differ from run to run;
 * - the RUN_DEPENDENT fields above are replaced by placeholders;
 * - it ends at `reboot: Power down`, because QEMU's power-off is asynchronous: its CPU may run on
 *   long enough to print part of `RTAS power-off returned 0` before QEMU exits (seen in 3 of 4 live
 *   runs); ppcjit stops at the RTAS call, as boot-qemu.log does.
 * Everything else, \r and empty lines included, is compared as printed.
 */
export function kernelLog(text: string, firstMessage = SHARED_LINUX.firstMessage): string[] {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.replace(TIMESTAMP, '').startsWith(firstMessage));
  const fromFirst = first < 0 ? lines : lines.slice(first);
  const last = fromFirst.findIndex((l) => POWER_DOWN.test(l));
  return normaliseLines(last < 0 ? fromFirst : fromFirst.slice(0, last + 1));
}

/** The RUN_DEPENDENT and timestamp normalisation of kernelLog, for a log cut elsewhere. */
export function normaliseLines(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    let l: string | null = line.replace(TIMESTAMP, '');
    for (const [pattern, replacement] of RUN_DEPENDENT) {
      if (!pattern.test(l)) continue;
      l = replacement === null ? null : l.replace(pattern, replacement);
      break;
    }
    if (l !== null) out.push(l);
  }
  return out;
}

/** The console's lines as printed (split at \n only): for checks that a whole line was printed. */
export const consoleLines = (text: string) => text.split('\n');

/** QEMU's kernel log as ppcjit is expected to print it today (the known gaps left out). */
export const expectedFromQemu = (qemuOutput: string, firstMessage = SHARED_LINUX.firstMessage) =>
  kernelLog(qemuOutput, firstMessage).filter((l) => !KNOWN_MISSING.has(l));

/** The machine `ppcjit boot --cpu C --memory M --append … [--deterministic]` builds for a guest. */
export const guestOptions = (g: LinuxGuest, deterministic = false) => ({
  model: findCpuModel(g.cpu),
  ramMb: g.ramMb,
  kernel: parseElf(readFileSync(g.vmlinux), g.vmlinux),
  bootargs: g.bootargs,
  vofEntry: 'vhyp' as const,
  deterministic,
});

/** The machine `ppcjit boot --append console=ttyS0 [--deterministic]` builds for the shared kernel. */
export const linuxOptions = (deterministic = false) => guestOptions(SHARED_LINUX, deterministic);

/** Boots a guest on ppcjit's pegasos2 as `ppcjit boot` does. */
export function bootGuest(g: LinuxGuest, timeoutMs = 120_000): { reason: StopReason; console: string } {
  const chunks: Uint8Array[] = [];
  const machine = new Pegasos2({ ...guestOptions(g), output: (b) => chunks.push(b) });
  const reason = machine.run(timeoutMs);
  return { reason, console: Buffer.concat(chunks).toString('latin1') };
}

/** Boots the shared kernel on ppcjit's pegasos2 as `ppcjit boot --append console=ttyS0` does. */
export const bootLinux = (timeoutMs = 120_000) => bootGuest(SHARED_LINUX, timeoutMs);
