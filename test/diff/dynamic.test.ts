import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PPCJIT_RUN, ppcjitHasRun } from '../corpus/corpus.js';
import { haveTool } from './objdump.js';

/**
 * Dynamically linked programs, built here by powerpc-linux-gnu-gcc/g++ with their defaults
 * (PIE, ld.so.1, libc.so.6 from libc6-powerpc-cross): `ppcjit run -L SYSROOT` must give the
 * stdout and exit status of `qemu-ppc -L SYSROOT`, byte for byte. stderr is not compared
 * (qemu-ppc and ppcjit word their own diagnostics differently).
 */
const QEMU = process.env.QEMU_PPC ?? 'qemu-ppc';
const SYSROOT = '/usr/powerpc-linux-gnu';
const SOURCES = join(__dirname, 'dynamic');
const ready =
  haveTool(QEMU) &&
  haveTool('powerpc-linux-gnu-gcc') &&
  haveTool('powerpc-linux-gnu-g++') &&
  existsSync(join(SYSROOT, 'lib', 'ld.so.1')) &&
  existsSync(join(SYSROOT, 'lib', 'libstdc++.so.6')) &&
  ppcjitHasRun();

let dir = '';

function build(compiler: string, out: string, args: string[]): void {
  execFileSync(compiler, ['-O2', '-o', join(dir, out), ...args], { cwd: SOURCES, stdio: 'pipe' });
}

function run(command: string[], args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(command[0], [...command.slice(1), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'latin1',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, status: r.status, stderr: r.stderr };
}

const qemu = (args: string[]) => run([QEMU, '-L', SYSROOT], args);
const ppcjit = (args: string[]) => run([...PPCJIT_RUN, '-L', SYSROOT], args);

describe.skipIf(!ready)('dynamic programs: ppcjit run -L vs qemu-ppc -L', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ppcjit-dynamic-'));
    build('powerpc-linux-gnu-gcc', 'hello', ['hello.c']);
    build('powerpc-linux-gnu-gcc', 'libm', ['libm.c', '-lm']);
    build('powerpc-linux-gnu-gcc', 'plugin.so', ['-shared', '-fPIC', 'plugin.c']);
    build('powerpc-linux-gnu-gcc', 'dlopen', ['dlopen.c']);
    build('powerpc-linux-gnu-g++', 'cxx', ['cxx.cc']);
    build('powerpc-linux-gnu-gcc', 'spawn', ['spawn.c']);
    build('powerpc-linux-gnu-gcc', 'auxv', ['auxv.c']);
    build('powerpc-linux-gnu-gcc', 'threads', ['threads.c', '-pthread']);
    build('powerpc-linux-gnu-g++', 'cxxthread', ['cxxthread.cc', '-pthread']);
    // A "#!" script whose interpreter is the dynamic hello (binfmt_script: hello -opt SCRIPT ARG).
    writeFileSync(join(dir, 'script'), `#!${join(dir, 'hello')} -opt\n`);
    chmodSync(join(dir, 'script'), 0o755);
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, string[]][] = [
    ['hello', ['hello', 'two words', '']],
    ['libm', ['libm']],
    ['libm, another argument', ['libm', '2.5']],
    ['dlopen of a library built here', ['dlopen']],
    ['C++: exceptions, iostreams, virtual calls', ['cxx']],
    ['auxv: /proc/self/auxv and getauxval', ['auxv']],
    ['pthreads: mutex sum, TLS, producer/consumer, cancel, 1000 threads', ['threads']],
    ['C++ std::thread, condition_variable, async', ['cxxthread']],
  ];
  for (const [name, args] of cases) {
    it(name, () => {
      const expected = qemu(args);
      expect(expected.status, expected.stderr).not.toBe(null);
      const ours = ppcjit(args);
      expect({ stdout: ours.stdout, status: ours.status }, ours.stderr.slice(0, 2000)).toEqual({
        stdout: expected.stdout,
        status: expected.status,
      });
    });
  }

  it('QEMU_LD_PREFIX does what -L does', () => {
    const expected = qemu(['hello', 'env']);
    const ours = run(PPCJIT_RUN, ['hello', 'env'], { QEMU_LD_PREFIX: SYSROOT });
    expect({ stdout: ours.stdout, status: ours.status }).toEqual({ stdout: expected.stdout, status: expected.status });
  });

  it('fork + execve of a dynamic program and of a #! script run by one', () => {
    // qemu-ppc cannot execve a PowerPC program without binfmt_misc, so the expectation is built
    // from qemu-ppc running each child's command line directly.
    const direct = qemu([join(dir, 'hello'), 'direct']);
    const viaScript = qemu([join(dir, 'hello'), '-opt', join(dir, 'script'), 'via-script']);
    const ours = ppcjit(['spawn', join(dir, 'hello'), join(dir, 'script')]);
    expect({ stdout: ours.stdout, status: ours.status }, ours.stderr.slice(0, 2000)).toEqual({
      stdout: `${direct.stdout}child exited ${direct.status}\n${viaScript.stdout}child exited ${viaScript.status}\n`,
      status: 0,
    });
  });

  it('without -L the interpreter is missing: one line on stderr, exit 2', () => {
    const ours = run(PPCJIT_RUN, ['hello']);
    expect({ status: ours.status, stderr: ours.stderr }).toEqual({
      status: 2,
      stderr: 'ppcjit: hello: cannot open its interpreter /lib/ld.so.1: ENOENT (try -L)\n',
    });
  });
});
