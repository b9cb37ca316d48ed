// `ppcjit boot`'s serial console with a Linux guest that has a shell (issue 20): the
// pegasos2-busybox guest (test/guests/pegasos2-busybox) started with `ppcjit.shell` runs busybox
// sh on ttyS0. Driven through a pipe and through a pseudo-terminal. The guest takes about 40
// minutes to build cold, so CI does not build it and these tests skip with a notice when it is
// absent; console-shell.test.ts runs the same paths with a small command-loop guest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUSYBOX_LINUX as GUEST } from '../support/linux-guest.js';
import { shellSnapshots } from './busybox-shell.js';
import { hasScript, inPty, wrapped } from './pty-session.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-console-linux-'));
const ppcjit = (input: string, ...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { input, encoding: 'latin1', timeout: 300_000 });

if (!GUEST.present)
  console.warn(`console-linux: ${GUEST.vmlinux} absent (test/guests/pegasos2-busybox/build.sh) — skipped`);

describe.skipIf(!GUEST.present)('a Linux guest with a shell on the serial console', () => {
  let snaps: { atCmdline: string; atPrompt: string };
  beforeAll(() => {
    snaps = shellSnapshots(dir);
  }, 600_000);

  it('runs commands piped into its shell and prints exactly their output', () => {
    const r = ppcjit(
      'echo hello\nseq 3\nexpr 6 \\* 7\nuname -r\nstty echo; poweroff -f\n',
      'boot',
      '--restore',
      snaps.atPrompt,
      '--timeout', // wall-clock: a loaded host is slow
      '280',
    );
    expect(r.status, r.stderr).toBe(0);
    // The shell's line editing echoes each line after the prompt the snapshot ended with. The tty
    // writes CR LF. `stty echo` waits until the tty has sent everything (TCSADRAIN) before the
    // immediate power-off. The printk timestamp is guest time at power-off, which depends on when
    // the host delivered the piped bytes while the guest idled: the one field normalised.
    expect(r.stdout.replace(/^\[ *\d+\.\d{6}\] /m, '[T] ').split('\r\n')).toEqual([
      'echo hello',
      'hello',
      'ppcjit# seq 3',
      '1',
      '2',
      '3',
      'ppcjit# expr 6 \\* 7',
      '42',
      'ppcjit# uname -r',
      '6.1.192-ppcjit-bb',
      'ppcjit# stty echo; poweroff -f',
      '[T] reboot: Power down',
      '',
    ]);
    expect(r.stderr).toMatch(/^ppcjit: deterministic: \d+ guest instructions, [\d.]+ s guest time, [^\n]*\n$/);
  }, 300_000);

  it.skipIf(!hasScript)(
    'on a terminal: raw mode (Ctrl-C stops a loop in the guest, tab completes, up recalls), C-a h, C-a x, terminal restored',
    async () => {
      const t = wrapped(dir, 'linux', `${process.execPath} ${PPCJIT} boot --restore ${snaps.atCmdline} --timeout 240`);
      const { out, status } = await inPty(t.cmd, [
        [/ppcjit# $/, 'echo hi\r'],
        [/hi\r\r\nppcjit# $/, 'echo go; while :; do :; done\r'],
        [/go\r\r\n$/, '\x03'],
        [/\^C\r\r\nppcjit# $/, 'ech\t'],
        [/ppcjit# echo .\[J$/, 'hi2\r'],
        [/hi2\r\r\nppcjit# $/, '\x1b[A'],
        [/ppcjit# \rppcjit# echo hi2.\[J$/, '\r'],
        [/hi2\r\r\nppcjit# [^\n]*\n[^\n]*hi2\r\r\nppcjit# $/, '\x01h'],
        [/send C-a to the guest\r\n$/, '\x01x'],
      ]);
      expect(status).toBe(0);
      // The guest's tty writes CR LF, which the pty's output processing makes CR CR LF.
      expect(out.split('\n')).toEqual([
        'console=ttyS0 ppcjit.shell\r\r',
        'ppcjit# echo hi\r\r',
        'hi\r\r',
        'ppcjit# echo go; while :; do :; done\r\r',
        'go\r\r',
        '^C\r\r', // the guest's tty echoes the Ctrl-C and interrupts the loop: it came as a byte
        'ppcjit# ech\rppcjit# echo \x1b[Jhi2\r\r', // tab completed "ech" (busybox redraws the line)
        'hi2\r\r',
        'ppcjit# \rppcjit# echo hi2\x1b[J\r\r', // up arrow recalled the line
        'hi2\r\r',
        'ppcjit# \r',
        'C-a h    print this help\r',
        'C-a x    exit ppcjit (exit status 0)\r',
        'C-a C-a  send C-a to the guest\r',
        'ppcjit: terminated (C-a x)\r',
        'status=0\r',
        '',
      ]);
      expect(t.restored()).toBe(true);
    },
    300_000,
  );
});
