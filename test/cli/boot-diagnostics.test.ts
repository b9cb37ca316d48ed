import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tinyElf } from '../machine/elf-builder.js';

// Tiny pegasos2 clients (MMU off, entered at 0x400000 by VOF) and what `ppcjit boot` says when
// they crash, hang or fault, with their symbols from a System.map.
const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-boot-diag-'));
const ppcjit = (...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { encoding: 'utf8', timeout: 60_000 });

const SPIN = 0x48000000; // b .
/** Prints `text` through the 16550 THR at 0xfe0002f8 (lis r9,0xfe00; ori r9,r9,0x2f8; li/stb per byte). */
function uartPrint(text: string): number[] {
  const words = [0x3d20fe00, 0x612902f8];
  for (const c of Buffer.from(text, 'latin1')) words.push(0x38000000 | c, 0x98090000);
  return words;
}

/** Writes the client and a System.map naming its start and its last instruction. */
function client(name: string, words: number[], lastSymbol: string): { elf: string; map: string } {
  const elf = join(dir, `${name}.elf`);
  const map = join(dir, `${name}.map`);
  writeFileSync(elf, tinyElf(words));
  const last = (0x400000 + (words.length - 1) * 4).toString(16).padStart(8, '0');
  writeFileSync(map, `00400000 T client_start\n${last} t ${lastSymbol}\n`);
  return { elf, map };
}

describe('ppcjit boot diagnostics', () => {
  it('a kernel panic on the console: the report is printed, then exit 3 naming PC and LR', () => {
    const words = [...uartPrint('Kernel panic - not syncing: test\n'), SPIN];
    const { elf, map } = client('panic', words, 'panic_loop');
    const loop = (0x400000 + (words.length - 1) * 4).toString(16).padStart(8, '0');
    const r = ppcjit('boot', '--kernel', elf, '--symbols', map, '--timeout', '30');
    expect(r.stdout).toBe('Kernel panic - not syncing: test\n');
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(
        `^ppcjit: kernel crash on the console \\('Kernel panic - not syncing: test'\\); stopped at pc 0x${loop} <panic_loop>, lr 0x[0-9a-f]{8}, msr 0x00000040\n$`,
      ),
    );
  });

  it('no console output for --hang-timeout seconds of guest time: exit 124 with where it hangs', () => {
    const { elf, map } = client('hang', [...uartPrint('hi\n'), 0x60000000, SPIN], 'wait_forever');
    const r = ppcjit('boot', '--kernel', elf, '--symbols', map, '--hang-timeout', '0.5', '--timeout', '30');
    expect(r.stdout).toBe('hi\n');
    expect(r.status, r.stderr).toBe(124);
    expect(r.stderr).toMatch(
      /^ppcjit: no console output for 0\.5 s of guest time \(--hang-timeout\): guest hung at pc 0x00400024 <wait_forever>, /,
    );
  });

  it('--timeout is the total: a guest that keeps printing is stopped there, with its symbol', () => {
    // li r0,'.'; then forever: lis r3,1; mtctr r3; bdnz .; stb r0,0(r9) — a dot every 65536
    // iterations, so it never counts as hung.
    const loop = [0x3c600001, 0x7c6903a6, 0x42000000, 0x98090000, 0x4bfffff0];
    const { elf, map } = client('chatty', [0x3d20fe00, 0x612902f8, 0x3800002e, ...loop], 'chatter');
    const r = ppcjit('boot', '--kernel', elf, '--symbols', map, '--hang-timeout', '0.2', '--timeout', '1');
    expect(r.status, r.stderr).toBe(124);
    expect(r.stdout).toMatch(/^\.+$/);
    expect(r.stderr).toMatch(
      /^ppcjit: guest still running after 1 s \(pc 0x004000[0-9a-f]{2} <(client_start\+0x[0-9a-f]+|chatter)>/,
    );
  });

  it('an interrupt into the empty ROM names the faulting instruction and LR by symbol', () => {
    // li r3,0; bl +8; sc — SRR0 is the instruction after sc, LR the one after bl.
    const { elf, map } = client('fault', [0x38600000, 0x48000005, 0x44000002, SPIN], 'after_sc');
    const r = ppcjit('boot', '--kernel', elf, '--symbols', map, '--timeout', '30');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /empty ROM at 0xfff00c00 \(SRR0 0x0040000c <after_sc>, SRR1 0x[0-9a-f]{8}, LR 0x00400008 <client_start\+0x8>\)/,
    );
  });
});
