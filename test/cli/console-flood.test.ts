/**
 * Console floods (issue 18): a guest that prints forever to a reader that does not read is held
 * by back-pressure — ppcjit hands stdout at most its high-water mark (1 MiB) beyond what the
 * pipe holds, instead of buffering everything the guest prints. The reader starts reading only
 * once ppcjit has given up (--timeout), so every byte it then gets was accepted while it did not
 * read: without back-pressure, that is everything the guest printed in those seconds (~100 MB).
 * In user mode a guest's write(2) to stdout is the host's write, so it waits likewise.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tinyElf } from '../machine/elf-builder.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const FLOOD = fileURLToPath(new URL('../guests/console-flood/flood.elf', import.meta.url));
/** Linux's default pipe capacity. */
const PIPE_BYTES = 1 << 16;
const HIGH_WATER = 1 << 20;
/**
 * Besides the high-water mark and the pipe: the flushed piece that crossed the mark, the output
 * of the rest of that block and of the final flush (each under 64 KiB: one client-interface
 * `write`, one flush piece), and Node's read-ahead on the child's stdout (a paused stream still
 * fills its buffer): 8 × 64 KiB covers them (measured: 21 × 64 KiB in all).
 */
const SLACK = 8 << 16;

function floodUnread(extra: string[]): Promise<{ bytes: number; status: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [PPCJIT, 'boot', '--kernel', FLOOD, '--timeout', '2', '--hang-timeout', '0', '--no-stdin', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let bytes = 0;
  return new Promise((resolve) => {
    child.stderr.on('data', (d) => {
      stderr += d;
      // ppcjit gave up: now read what it accepted meanwhile.
      if (stderr.includes('\n')) child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    });
    child.on('close', (status) => resolve({ bytes, status, stderr }));
  });
}

describe('console flood with a reader that does not read', () => {
  for (const [what, extra] of [
    ['client-interface write, 64 KiB at a time', []],
    ['UART, byte by byte', ['--append', 'uart']],
  ] as const) {
    it(`boot holds the guest: ${what}`, async () => {
      const r = await floodUnread([...extra]);
      expect(r.status).toBe(124);
      expect(r.stderr).toMatch(
        /^ppcjit: guest still running after 2 s \(pc 0x[0-9a-f]{8}, lr 0x[0-9a-f]{8}, msr 0x[0-9a-f]{8}\)\n$/,
      );
      expect(r.bytes).toBeGreaterThan(0); // how much the guest printed before the pipe filled depends on the host's speed
      expect(r.bytes).toBeLessThanOrEqual(HIGH_WATER + PIPE_BYTES + SLACK);
    });
  }
});

describe('user-mode output flood', () => {
  it('ppcjit run writes through: a guest writing to a reader that does not read waits in write(2)', async () => {
    const base = 0x10000000;
    const buffer = base + 0x1000;
    const writes = 512; // 32 MiB
    const li = (rd: number, v: number) => ((14 << 26) | (rd << 21) | (v & 0xffff)) >>> 0;
    const lis = (rd: number, v: number) => ((15 << 26) | (rd << 21) | (v & 0xffff)) >>> 0;
    const loop = 1;
    const words = [
      li(31, writes),
      li(0, 4), // loop: write(1, buffer, 64 KiB)
      li(3, 1),
      lis(4, buffer >>> 16),
      0x60840000 | (buffer & 0xffff), // ori r4,r4,buffer@l
      lis(5, 1),
      0x44000002,
      0x3bffffff, // addi r31,r31,-1
      0x2c1f0000, // cmpwi r31,0
      (0x40820000 | (((loop - 9) * 4) & 0xfffc)) >>> 0, // bne loop
      li(3, 0),
      li(0, 1),
      0x44000002, // exit(0)
    ];
    const bytes = tinyElf(words, base);
    new DataView(bytes.buffer).setUint32(52 + 20, 0x1000 + 0x10000); // p_memsz: the buffer as bss
    const dir = mkdtempSync(join(tmpdir(), 'ppcjit-flood-'));
    writeFileSync(join(dir, 'flood.elf'), bytes);
    const child = spawn(process.execPath, [PPCJIT, 'run', '--trace-syscalls', join(dir, 'flood.elf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause();
    // Every write(2) the guest completed is a trace line; while we do not read, they stop once
    // the socket between us is full: ppcjit waits in the write instead of queueing output.
    let trace = '';
    child.stderr.on('data', (d) => (trace += d));
    const completed = () => trace.split('\n').filter((l) => l === 'write(1, 0x10001000, 65536) = 65536').length;
    let seen = -1;
    while (completed() !== seen || seen === 0) {
      seen = completed();
      await new Promise((r) => setTimeout(r, 500)); // quiet for half a second: the guest waits
    }
    expect(seen).toBeLessThan(16); // the socket holds a few hundred KiB; the guest wrote 32 MiB
    let read = 0;
    child.stdout.on('data', (chunk: Buffer) => (read += chunk.length));
    child.stdout.resume();
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(completed()).toBe(writes);
    expect(read).toBe(writes << 16);
  });
});
