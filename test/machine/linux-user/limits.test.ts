/**
 * What a guest may take of the host (issue 18): hostile guests, assembled here, against
 * `ppcjit run --max-memory MB` (mmap/brk of every guest process together → ENOMEM) and
 * `--max-processes N` (fork → EAGAIN). Each guest exits with a status that says how far it got
 * and which errno stopped it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tinyElf } from '../elf-builder.js';

const PPCJIT = fileURLToPath(new URL('../../../bin/ppcjit.js', import.meta.url));
const li = (rd: number, v: number) => ((14 << 26) | (rd << 21) | (v & 0xffff)) >>> 0;
const lis = (rd: number, v: number) => ((15 << 26) | (rd << 21) | (v & 0xffff)) >>> 0;
const addi = (rd: number, ra: number, v: number) => ((14 << 26) | (rd << 21) | (ra << 16) | (v & 0xffff)) >>> 0;
const addis = (rd: number, ra: number, v: number) => ((15 << 26) | (rd << 21) | (ra << 16) | (v & 0xffff)) >>> 0;
const mr = (ra: number, rs: number) => ((31 << 26) | (rs << 21) | (ra << 16) | (rs << 11) | (444 << 1)) >>> 0;
const cmpwi = (ra: number, v: number) => ((11 << 26) | (ra << 16) | (v & 0xffff)) >>> 0;
const cmpw = (ra: number, rb: number) => ((31 << 26) | (ra << 16) | (rb << 11)) >>> 0;
const lwz = (rd: number, d: number, ra: number) => ((32 << 26) | (rd << 21) | (ra << 16) | (d & 0xffff)) >>> 0;
const SC = 0x44000002;
/** Branches from word `from` to word `to`: b, bso (error return), bne, beq. */
const b = (from: number, to: number) => (0x48000000 | (((to - from) * 4) & 0x3fffffc)) >>> 0;
const bc = (bo: number, bi: number) => (from: number, to: number) =>
  ((16 << 26) | (bo << 21) | (bi << 16) | (((to - from) * 4) & 0xfffc)) >>> 0;
const bso = bc(12, 3);
const bne = bc(4, 2);
const beq = bc(12, 2);
const exit = [li(0, 1), SC];

function run(words: number[], flags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-limits-'));
  const elf = join(dir, 'guest.elf');
  writeFileSync(elf, tinyElf(words, 0x10000000));
  const r = spawnSync(process.execPath, [PPCJIT, 'run', ...flags, elf], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stderr: r.stderr };
}

describe('guest limits', () => {
  it('mmap beyond --max-memory fails with ENOMEM', () => {
    // for (n = 0; mmap2(0, 16 MiB, RW, PRIVATE|ANONYMOUS) succeeds; n++); exit(n + (errno == ENOMEM ? 100 : 0))
    const words = [
      li(31, 0),
      li(0, 192), // 1: loop
      li(3, 0),
      lis(4, 0x100),
      li(5, 3),
      li(6, 0x22),
      li(7, -1),
      li(8, 0),
      SC,
      bso(9, 12),
      addi(31, 31, 1),
      b(11, 1),
      cmpwi(3, 12), // 12: fail
      bne(13, 15),
      addi(31, 31, 100),
      mr(3, 31), // 15
      ...exit,
    ];
    expect(run(words, ['--max-memory', '64'])).toEqual({ status: 104, stderr: '' });
    expect(run(words, ['--max-memory', '100'])).toEqual({ status: 106, stderr: '' });
  });

  it('brk beyond --max-memory leaves the break where it was', () => {
    // cur = brk(0); brk(cur + 128 MiB) must return cur; brk(cur + 1 MiB) must return cur + 1 MiB
    const words = [
      li(0, 45),
      li(3, 0),
      SC,
      mr(30, 3),
      addis(3, 30, 0x800),
      li(0, 45),
      SC,
      cmpw(3, 30),
      bne(8, 17),
      addis(3, 30, 0x10),
      li(0, 45),
      SC,
      addis(4, 30, 0x10),
      cmpw(3, 4),
      bne(14, 17),
      li(3, 0),
      b(16, 18),
      li(3, 1), // 17: bad
      ...exit, // 18
    ];
    expect(run(words, ['--max-memory', '64'])).toEqual({ status: 0, stderr: '' });
  });

  it('a fork bomb meets --max-processes: EAGAIN', () => {
    // pipe(fds); for (n = 0; (pid = fork()) succeeds; n++) if (pid == 0) { close(fds[1]); read(fds[0]); exit(0); }
    // exit(n + (errno == EAGAIN ? 100 : 0)): the children end when the parent's exit closes the pipe.
    const words = [
      0x9421ffe0, // stwu r1,-32(r1)
      addi(3, 1, 8),
      li(0, 42),
      SC, // pipe
      li(31, 0),
      li(0, 2), // 5: loop: fork
      SC,
      bso(7, 13),
      cmpwi(3, 0),
      beq(9, 20),
      addi(31, 31, 1),
      b(11, 5),
      0x60000000,
      cmpwi(3, 11), // 13: fail
      bne(14, 16),
      addi(31, 31, 100),
      mr(3, 31), // 16
      ...exit,
      0x60000000,
      li(0, 6), // 20: child: close(fds[1])
      lwz(3, 12, 1),
      SC,
      li(0, 3), // read(fds[0], sp + 16, 1)
      lwz(3, 8, 1),
      addi(4, 1, 16),
      li(5, 1),
      SC,
      li(3, 0),
      ...exit,
    ];
    expect(run(words, ['--max-processes', '5'])).toEqual({ status: 104, stderr: '' });
    expect(run(words, ['--max-processes', '1'])).toEqual({ status: 100, stderr: '' });
  });

  it('bad limits: one line, exit 2', () => {
    expect(run([...exit], ['--max-memory', '0'])).toEqual({
      status: 2,
      stderr: 'ppcjit: invalid --max-memory 0: expected an integer ≥ 1\n',
    });
    expect(run([...exit], ['--max-processes', '1.5'])).toEqual({
      status: 2,
      stderr: 'ppcjit: invalid --max-processes 1.5: expected an integer ≥ 1\n',
    });
  });
});
