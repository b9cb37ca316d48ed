// The pegasos2-busybox guest (test/guests/pegasos2-busybox) with its shell: booted with
// `ppcjit.shell`, /init runs busybox sh on ttyS0. Snapshots for the console and boot-farm tests.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUSYBOX_LINUX as GUEST } from '../support/linux-guest.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const ppcjit = (...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { input: '', encoding: 'latin1', timeout: 300_000 });

/** Snapshots of the shell guest: at its command line's echo (before the shell starts) and at its first prompt. */
export function shellSnapshots(into: string): { atCmdline: string; atPrompt: string } {
  const atCmdline = join(into, 'busybox-cmdline.snap');
  const atPrompt = join(into, 'busybox-prompt.snap');
  const boot = ppcjit(
    'boot',
    ...['--cpu', GUEST.cpu, '--memory', String(GUEST.ramMb), '--kernel', GUEST.vmlinux],
    // --timeout is wall-clock (default 60 s): a loaded host can take longer to boot.
    ...['--append', `${GUEST.bootargs} ppcjit.shell`, '--deterministic', '--no-stdin', '--timeout', '280'],
    ...['--snapshot-at', 'cmdline: ', '--snapshot-out', atCmdline],
  );
  if (boot.status !== 0) throw new Error(`boot to the shell failed: ${boot.stderr}`);
  const prompt = ppcjit(
    'boot',
    '--restore',
    atCmdline,
    '--no-stdin',
    '--timeout',
    '280',
    '--snapshot-at',
    'ppcjit# ',
    '--snapshot-out',
    atPrompt,
  );
  if (prompt.status !== 0 || prompt.stdout !== 'console=ttyS0 ppcjit.shell\r\nppcjit# ')
    throw new Error(`restore to the prompt failed: ${JSON.stringify(prompt.stdout)} ${prompt.stderr}`);
  return { atCmdline, atPrompt };
}
