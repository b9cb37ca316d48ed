// `ppcjit boot`'s serial console driving a guest with a command loop (issue 20):
// test/guests/uart-jobs reads lines from the UART and answers commands, so CI exercises the pipe
// and pseudo-terminal paths without a Linux kernel (console-linux.test.ts does the same with a
// busybox shell when that guest is built). Also: input the guest has not read yet is part of a
// snapshot.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasScript, inPty, type PtyStep, wrapped } from './pty-session.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const GUEST = fileURLToPath(new URL('../guests/uart-jobs/uart-jobs.elf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-console-shell-'));

const ppcjit = (input: string, ...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { input, encoding: 'latin1', timeout: 60_000 });

if (!hasScript) console.warn('console-shell: util-linux `script` not found — the pseudo-terminal tests are skipped');

describe('a command-loop guest through a pipe', () => {
  it('runs the piped commands in order and prints exactly their answers', () => {
    const r = ppcjit('echo hi there\nsum 40 2\nfib 20\nprimes 100\nbogus\nexit\n', 'boot', '--kernel', GUEST);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'uart-jobs: ready',
      '$ echo hi there',
      'hi there',
      '$ sum 40 2',
      '42',
      '$ fib 20',
      '6765',
      '$ primes 100',
      '25',
      '$ bogus',
      '?',
      '$ exit',
      '',
    ]);
  });

  it('keeps input the guest has not read in the snapshot; the restored guest reads exactly those bytes', () => {
    // The guest reads "fib 27\n" and prints "$ fib 27" (the marker) before it computes: the rest
    // of the input came in the same read of stdin (one write of 25 bytes into an empty pipe), and
    // the guest has not read it when the marker stops the run.
    const snap = join(dir, 'pending.snap');
    const first = ppcjit(
      'fib 27\necho after\nexit\n',
      'boot',
      '--kernel',
      GUEST,
      '--snapshot-at',
      '$ fib 27',
      '--snapshot-out',
      snap,
    );
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe('uart-jobs: ready\n$ fib 27');
    expect(first.stderr).toMatch(/^ppcjit: snapshot written to \S+: \d+ KiB, \d+ RAM pages, \d+ ms\n$/);
    // No stdin for the restored guest: "echo after" and "exit" can only come from the snapshot.
    const rest = ppcjit('', 'boot', '--restore', snap, '--no-stdin', '--timeout', '30');
    expect(rest.stderr).toBe('');
    expect(rest.status).toBe(0);
    expect(rest.stdout).toBe('\n196418\n$ echo after\nafter\n$ exit\n');
    // Without the pending bytes the guest would wait for input until the timeout.
    const uninterrupted = ppcjit('fib 27\necho after\nexit\n', 'boot', '--kernel', GUEST);
    expect(first.stdout + rest.stdout).toBe(uninterrupted.stdout);
  });
});

describe.skipIf(!hasScript)('a command-loop guest on a terminal', () => {
  const boot = `${process.execPath} ${PPCJIT} boot --kernel ${GUEST} --timeout 60`;

  it('raw mode: Ctrl-C inside a line and Enter as Ctrl-J reach the guest; C-a h; the guest exits; terminal restored', async () => {
    const t = wrapped(dir, 'raw', boot);
    const { out, status } = await inPty(t.cmd, [
      [/ready\r\n$/, 'echo a\x03b\n'],
      [/\$ echo a.b\r\na.b\r\n$/, '\x01h'],
      [/send C-a to the guest\r\n$/, 'sum 1 2\nexit\n'],
    ]);
    expect(status).toBe(0);
    expect(out.split('\n')).toEqual([
      'uart-jobs: ready\r',
      '$ echo a\x03b\r',
      'a\x03b\r',
      '\r', // the help starts on a line of its own
      'C-a h    print this help\r',
      'C-a x    exit ppcjit (exit status 0)\r',
      'C-a C-a  send C-a to the guest\r',
      '$ sum 1 2\r',
      '3\r',
      '$ exit\r',
      'status=0\r',
      '',
    ]);
    expect(t.restored()).toBe(true);
  }, 60_000);

  // Every way the run can end restores the terminal (C-a x and --timeout: console.test.ts).
  const endings: [string, string, (pid: () => number) => PtyStep[], string[], number][] = [
    ['a guest crash (trap into the empty ROM)', 'trap', () => [[/ready\r\n$/, 'trap\n']], ['$ trap\r'], 1],
    [
      'a kernel panic line',
      'panic',
      () => [[/ready\r\n$/, 'panic\n']],
      ['$ panic\r', 'Kernel panic - not syncing: asked to\r'],
      3,
    ],
    [
      'SIGTERM',
      'term',
      (pid) => [[/ready\r\n$/, () => process.kill(pid(), 'SIGTERM')]],
      ['Terminated\r'], // the outer shell's report of how its child ended
      143,
    ],
    [
      'SIGINT from outside (Ctrl-C typed goes to the guest)',
      'int',
      (pid) => [[/ready\r\n$/, () => process.kill(pid(), 'SIGINT')]],
      [],
      130,
    ],
    [
      'C-a x while the guest computes',
      'quit',
      () => [
        [/ready\r\n$/, 'hang\n'],
        [/hang\r\n$/, '\x01x'],
      ],
      ['$ hang\r'],
      0,
    ],
  ];
  for (const [what, name, steps, lines, code] of endings) {
    it(`restores the terminal after ${what}`, async () => {
      const t = wrapped(dir, name, `${boot} 2>/dev/null`);
      const { out, status } = await inPty(t.cmd, steps(t.pid));
      expect(status).toBe(0);
      expect(out.split('\n')).toEqual(['uart-jobs: ready\r', ...lines, `status=${code}\r`, '']);
      expect(t.restored()).toBe(true);
    }, 60_000);
  }
});
