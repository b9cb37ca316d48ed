import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitRunArgv } from '../../../src/cli/run.js';

const REPO = join(__dirname, '..', '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'linux-user');
const PPCJIT = join(REPO, 'bin', 'ppcjit.js');
const built = existsSync(join(REPO, 'dist', 'src', 'cli', 'run.js'));
if (!built) console.warn('linux-user run.test: dist/ not built (npm run build) — end-to-end fixtures skipped');

describe('run argument splitting', () => {
  it('options before the ELF are ours, everything after it is the guest’s', () => {
    expect(splitRunArgv(['run', '--cpu', '7450', 'a.elf', '--cpu', 'x', '--', '-v'])).toEqual({
      head: ['run', '--cpu', '7450', 'a.elf'],
      guest: ['--cpu', 'x', '--', '-v'],
    });
    expect(splitRunArgv(['run', '--trace-syscalls', '--', '-odd-name', 'arg'])).toEqual({
      head: ['run', '--trace-syscalls', '-odd-name'],
      guest: ['arg'],
    });
    expect(splitRunArgv(['run', '--profile-out', 'p.json', '--profile', 'x.elf', 'y']).guest).toEqual(['y']);
    // Every option that takes a value (observe options included) skips its value.
    expect(splitRunArgv(['run', '--compile-threshold', '0', 'x.elf', '-9']).guest).toEqual(['-9']);
    expect(splitRunArgv(['disasm', '--hex', '60000000'])).toEqual({ head: ['disasm', '--hex', '60000000'], guest: [] });
  });
});

/** Each fixture's stdout and status as qemu-ppc recorded them (build.sh --record). */
describe.skipIf(!built)('fixtures under ppcjit run match qemu-ppc', () => {
  for (const name of readdirSync(join(FIXTURES, 'bin')).sort()) {
    it(name, () => {
      const argsFile = join(FIXTURES, 'src', `${name}.args`);
      const args = existsSync(argsFile)
        ? readFileSync(argsFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [];
      const r = spawnSync(process.execPath, [PPCJIT, 'run', `bin/${name}`, ...args], {
        cwd: FIXTURES,
        env: { PATH: '/usr/bin:/bin' },
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'latin1',
        timeout: 60_000,
      });
      const expected = readFileSync(join(FIXTURES, 'expected', `${name}.stdout`), 'latin1');
      const status = Number(readFileSync(join(FIXTURES, 'expected', `${name}.status`), 'utf8'));
      expect({ stdout: r.stdout, status: r.status }, r.stderr).toEqual({ stdout: expected, status });
      if (status > 128) expect(r.stderr).toMatch(new RegExp(`^ppcjit: guest terminated by signal ${status - 128} \\(`));
    });
  }

  it('command-line errors are one line with exit status 2', () => {
    const run = (...a: string[]) =>
      spawnSync(process.execPath, [PPCJIT, 'run', ...a], { encoding: 'utf8', cwd: FIXTURES, timeout: 60_000 });
    const cases: [string[], RegExp][] = [
      [['--cpu', 'nope', 'bin/auxv'], /^ppcjit: unknown CPU 'nope'; valid names: .*750.*7450/],
      [['missing.elf'], /^ppcjit: cannot read 'missing.elf': ENOENT$/],
      [['build.sh'], /^ppcjit: build.sh: not an ELF file$/],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  });

  it('--trace-syscalls prints each call strace-style on stderr', () => {
    const r = spawnSync(process.execPath, [PPCJIT, 'run', '--trace-syscalls', 'bin/auxv'], {
      encoding: 'utf8',
      cwd: FIXTURES,
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^brk\(0x0\) = 0x[0-9a-f]+$/m);
    expect(r.stderr).toMatch(/^write\(1, 0x[0-9a-f]+, \d+\) = \d+$/m);
    expect(r.stderr).toMatch(/^exit_group\(0\) = \?$/m);
  });
});
