import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, PPCJIT, ppcjitHasRun } from '../../corpus/corpus.js';

/**
 * execve under `ppcjit run` (procs/execve.c, built with `powerpc-linux-gnu-gcc -static -O2`):
 * qemu-ppc cannot exec a guest ELF without binfmt_misc, so this is checked against the corpus
 * programs' own committed expectations instead of a live qemu-ppc. fork/wait/pipe behaviour is
 * compared with qemu-ppc through the corpus (forkwait.c, pipes.c).
 */
const hasRun = ppcjitHasRun();
const EXECVE = join(import.meta.dirname, 'procs', 'execve-O2');
const corpusBin = (name: string) => join(CORPUS_DIR, 'bin', name);

describe.skipIf(!hasRun)('execve, fork and wait4 under ppcjit run', () => {
  it('runs a static program in a child, a #! script, keeps the pid, fails like the kernel', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ppcjit-execve-'));
    try {
      const r = spawnSync(
        process.execPath,
        [PPCJIT, 'run', EXECVE, corpusBin('exitcode-O2'), corpusBin('argvenv-O2')],
        { env: { PPCJIT_CORPUS: 'corpus', TMPDIR: tmp }, encoding: 'utf8', timeout: 60_000 },
      );
      const script = join(tmp, 'ppcjit-execve-script');
      const exitcodeOut = readFileSync(join(CORPUS_DIR, 'expected', 'exitcode-O2.expected'), 'utf8');
      expect(r.stdout, r.stderr).toBe(
        [
          `--- ${corpusBin('exitcode-O2')} printed:`,
          `${exitcodeOut}--- status 42`,
          `--- ${script} printed:`,
          'argc=4',
          'argv[1]=opt-arg', // binfmt_script: interpreter, its one optional argument, the script, the rest
          `argv[2]=${script}`,
          'argv[3]=x',
          'PPCJIT_CORPUS=corpus',
          'HOME set: no',
          '--- status 4',
          "pid after execve is the fork's pid: yes",
          'execve(/nonexistent/program) = -1 No such file or directory',
          'execve(/) = -1 Permission denied',
          `execve(${script}) = -1 Permission denied`,
          `execve(${script}) = -1 Exec format error`,
          '',
        ].join('\n'),
      );
      expect(r.status).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasRun)('stdin from a regular file', () => {
  it('is seekable, from the offset the host descriptor had (procs/seekstdin.c)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'ppcjit-stdin-'));
    const file = join(tmp, 'in.txt');
    writeFileSync(file, 'abcdefgh\n');
    const fd = openSync(file, 'r');
    try {
      const r = spawnSync(process.execPath, [PPCJIT, 'run', join(import.meta.dirname, 'procs', 'seekstdin-O2')], {
        stdio: [fd, 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stdout, r.stderr).toBe('lseek=3 rest=defgh\n');
    } finally {
      closeSync(fd);
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasRun)('every process asleep (Linux would hang)', () => {
  it('a lone pipe read gets EAGAIN; then the youngest sleeper is killed and its parent goes on', () => {
    const r = spawnSync(process.execPath, [PPCJIT, 'run', join(import.meta.dirname, 'procs', 'deadlock-O2')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout).toBe(
      'child read -1 Resource temporarily unavailable\nparent: child status 3\nparent: pausing child killed by 9\n',
    );
    expect(r.stderr).toMatch(/^ppcjit: pid \d+ blocked forever \(every guest process is waiting\) — killed\n$/);
    expect(r.status).toBe(0);
  });
});
