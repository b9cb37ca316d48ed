// Memory mappings as ld.so.1 uses them: file mappings replaced over code the JIT already
// translated, PROT_NONE reservations made accessible again, and the /proc/self files that
// describe the mappings and the auxv.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Errno } from '../../../src/machine/linux-user/abi.js';
import { STACK_BOTTOM, STACK_TOP } from '../../../src/machine/linux-user/address-space.js';
import { loadProgram } from '../../../src/machine/linux-user/loader.js';
import { tinyElf } from '../elf-builder.js';
import { putString, SCRATCH, sys, testProcess } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ppcjit-mapping-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROT_RWX = 7;
const MAP_PRIVATE_FIXED = 0x12;
const MAP_PRIVATE_ANON = 0x22;
const O_RDONLY = 0;

/** Big-endian words as a file. */
function codeFile(name: string, words: number[]): string {
  const bytes = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => {
    bytes.writeUInt32BE(w >>> 0, i * 4);
  });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** li r3,n; li r0,__NR_pause; sc — stops the engine (pause sleeps) with r3 = n. */
const returns = (n: number) => [0x38600000 | n, 0x3800001d, 0x44000002];

/** open(path) in the guest; the new fd. */
function open(p: ReturnType<typeof testProcess>, path: string): number {
  putString(p, SCRATCH, path);
  const r = sys(p, 'open', [SCRATCH, O_RDONLY, 0]);
  expect(r.so).toBe(0);
  return r.r3;
}

/** Runs the guest from `pc` until it pauses; r3. */
function runAt(p: ReturnType<typeof testProcess>, pc: number): number {
  p.s.pc = pc;
  p.blockedAt = undefined;
  p.engine.stopped = false;
  p.engine.run(1000);
  return p.s.gpr[3];
}

describe('file mappings over translated code', () => {
  it('MAP_FIXED of another file over code that ran: the new code runs (translations dropped)', () => {
    const p = testProcess();
    const first = open(p, codeFile('one', returns(1)));
    const second = open(p, codeFile('two', returns(2)));
    const at = sys(p, 'mmap2', [0, 4096, PROT_RWX, 0x02 /* MAP_PRIVATE */, first, 0]).r3 >>> 0;
    // Twice, so every tier has seen the block before it is replaced.
    expect(runAt(p, at)).toBe(1);
    expect(runAt(p, at)).toBe(1);
    expect(sys(p, 'mmap2', [at, 4096, PROT_RWX, MAP_PRIVATE_FIXED, second, 0]).r3 >>> 0).toBe(at);
    expect(runAt(p, at)).toBe(2);
    expect(sys(p, 'munmap', [at, 4096]).so).toBe(0);
    expect(sys(p, 'mmap2', [at, 4096, PROT_RWX, MAP_PRIVATE_FIXED, first, 0]).r3 >>> 0).toBe(at);
    expect(runAt(p, at)).toBe(1);
  });
});

describe('PROT_NONE reservations', () => {
  it('mprotect makes a PROT_NONE mapping accessible (a thread stack guard, ld.so gaps); unmapped memory is ENOMEM', () => {
    const p = testProcess();
    const at = sys(p, 'mmap2', [0, 0x3000, 0, MAP_PRIVATE_ANON, -1, 0]).r3 >>> 0;
    expect(sys(p, 'mprotect', [at + 0x1000, 0x2000, 3])).toMatchObject({ so: 0, r3: 0 });
    p.um.setU32(at + 0x1000, 7);
    expect(p.um.u32(at + 0x1000)).toBe(7);
    expect(sys(p, 'munmap', [at, 0x3000]).so).toBe(0);
    expect(sys(p, 'mprotect', [at, 0x1000, 3])).toMatchObject({ so: 1, r3: Errno.ENOMEM });
  });
});

describe('/proc/self files', () => {
  const code = [0x38000001, 0x38600000, 0x44000002];

  function readGuestFile(p: ReturnType<typeof testProcess>, path: string): Buffer {
    const fd = open(p, path);
    const buf = SCRATCH + 0x1000;
    const chunks: Buffer[] = [];
    for (;;) {
      const n = sys(p, 'read', [fd, buf, 0x1000]).r3;
      if (n === 0) break;
      chunks.push(Buffer.from(p.um.read(buf, n)));
    }
    sys(p, 'close', [fd]);
    return Buffer.concat(chunks);
  }

  it('/proc/self/auxv is the auxv the loader built, big-endian pairs up to AT_NULL', () => {
    const p = testProcess();
    loadProgram(p, tinyElf(code), ['prog'], []);
    const bytes = readGuestFile(p, '/proc/self/auxv');
    const pairs: [number, number][] = [];
    for (let i = 0; i < bytes.length; i += 8) pairs.push([bytes.readUInt32BE(i), bytes.readUInt32BE(i + 4)]);
    expect(pairs).toEqual(p.auxv);
    expect(pairs.at(-1)).toEqual([0, 0]);
    expect(readGuestFile(p, `/proc/${p.pid}/auxv`)).toEqual(bytes);
  });

  it('/proc/self/maps: the program by file, anonymous and PROT_NONE mmaps, the stack, in qemu-ppc’s format', () => {
    const p = testProcess();
    p.exePath = join(dir, 'prog');
    writeFileSync(p.exePath, tinyElf(code));
    loadProgram(p, readFileSync(p.exePath), ['prog'], []);
    const anon = sys(p, 'mmap2', [0, 0x2000, 3, MAP_PRIVATE_ANON, -1, 0]).r3 >>> 0;
    sys(p, 'mprotect', [anon + 0x1000, 0x1000, 0]);
    const lines = readGuestFile(p, '/proc/self/maps').toString('latin1').split('\n');
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const line = (start: number, end: number, perms: string, rest: string, name: string) => {
      const head = `${hex(start)}-${hex(end)} ${perms} ${rest}`;
      return `${head}${' '.repeat(73 - head.length)}${name}`;
    };
    const prog = lines.find((l) => l.startsWith(hex(0x400000)));
    expect(prog).toMatch(/^00400000-00401000 rwxp 00000000 [0-9a-f]{2}:[0-9a-f]{2} \d+ +\/.*\/prog$/);
    expect(prog?.length).toBe(73 + p.exePath.length);
    expect(lines).toContain(line(anon, anon + 0x1000, 'rw-p', '00000000 00:00 0', ''));
    expect(lines).toContain(line(anon + 0x1000, anon + 0x2000, '---p', '00000000 00:00 0', ''));
    // No PT_GNU_STACK: an executable stack, Linux's default for ppc32.
    expect(lines).toContain(line(STACK_BOTTOM, STACK_TOP, 'rwxp', '00000000 00:00 0', '[stack]'));
    expect(lines.at(-1)).toBe('');
  });

  it('a faked /proc file opens read-only (EACCES for writing); other pids’ files are the host’s', () => {
    const p = testProcess();
    putString(p, SCRATCH, '/proc/self/maps');
    expect(sys(p, 'open', [SCRATCH, 1 /* O_WRONLY */, 0])).toMatchObject({ so: 1, r3: Errno.EACCES });
  });
});
