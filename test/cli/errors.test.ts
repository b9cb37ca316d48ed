import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tinyElf } from '../machine/elf-builder.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-cli-'));
const demo = fileURLToPath(new URL('../../demo/demo.elf', import.meta.url));
const truncated = join(dir, 'truncated.elf');
writeFileSync(truncated, readFileSync(demo).subarray(0, 300));
const notElf = join(dir, 'text.elf');
writeFileSync(notElf, 'hello\n');

const ppcjit = (...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('bad input: one line on stderr, documented exit code, no stack trace', () => {
  const cases: [string[], number, RegExp][] = [
    [['disasm', '--hex', '123'], 2, /^ppcjit: invalid hex word '123': odd number of hex digits$/],
    [['disasm', '--hex', 'xyz1'], 2, /^ppcjit: invalid hex word 'xyz1'/],
    [['disasm', '--bogus'], 2, /^ppcjit: Unknown argument: bogus$/],
    [['disasm', join(dir, 'missing')], 2, /^ppcjit: cannot read '.*missing': ENOENT$/],
    [['disasm', truncated], 2, /^ppcjit: .*truncated/],
    [['run', truncated], 2, /^ppcjit: .*truncated/],
    [['run', notElf], 2, /^ppcjit: .*not an ELF file$/],
    [['boot', '--machine', 'mac99'], 2, /^ppcjit: unknown machine 'mac99'; valid machines: pegasos2$/],
    [['boot', '--cpu', 'power9'], 2, /^ppcjit: pegasos2 takes a 6xx\/7xx\/74xx CPU, not 'power9'$/],
    [['boot', '--cpu', 'nope'], 2, /^ppcjit: unknown CPU 'nope'; valid names: /],
    [['boot', '--kernel', truncated], 2, /^ppcjit: .*truncated/],
    [['boot', '--memory', '3'], 2, /^ppcjit: invalid --memory 3/],
    [['boot', '--vof-entry', 'smoke'], 2, /^ppcjit: invalid --vof-entry 'smoke'/],
    [['boot', '--cpu', '604e'], 2, /needs a 7xx\/74xx CPU/],
    [['frobnicate'], 2, /^ppcjit: Unknown argument: frobnicate$/],
    [
      ['run', '--compile-threshold', '-1', demo],
      2,
      /^ppcjit: invalid --compile-threshold -1: expected an integer ≥ 0$/,
    ],
    [['boot', '--compile-threshold', '1.5', '--kernel', demo], 2, /^ppcjit: invalid --compile-threshold 1.5/],
    [['boot', '--restore', notElf, '--instances', '2'], 2, /^ppcjit: .*snapshot/],
    [['boot', '--restore', notElf, '--instances', '2', '--jobs', '0'], 2, /^ppcjit: invalid --jobs 0/],
  ];
  for (const [args, status, message] of cases) {
    it(`ppcjit ${args.join(' ')}`, () => {
      const r = ppcjit(...args);
      expect(r.status, r.stderr).toBe(status);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('a boot that does not finish in time ends with status 124', () => {
    // b . — the client spins forever.
    const spin = join(dir, 'spin.elf');
    const elf = tinyElf([0x48000000]);
    writeFileSync(spin, elf);
    const r = ppcjit('boot', '--kernel', spin, '--timeout', '1');
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/^ppcjit: guest still running after 1 s \(pc 0x00400000/);
  });
});
