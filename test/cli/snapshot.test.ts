import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unescapeInput } from '../../src/cli/boot-snapshot.js';
import { tinyElf } from '../machine/elf-builder.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const OFCLIENT = fileURLToPath(new URL('../../demo/ofclient/ofclient.elf', import.meta.url));
const MARKER = '/pci@c0000000 (phandle';
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-snapshot-cli-'));

const ppcjit = (...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { encoding: 'latin1', timeout: 60_000 });

/**
 * Echoes what the UART receives until a 'Q', then returns to VOF (exit). It waits for each byte,
 * so where a snapshot cuts it (the end of the block that echoed the marker) does not matter:
 *   lis r9,0xfe00; ori r9,r9,0x2f8; 1: lbz r3,5(r9) (LSR); andi. r3,r3,1 (data ready); beq 1b;
 *   lbz r4,0(r9); cmpwi r4,'Q'; beq 2f; stb r4,0(r9); b 1b; 2: blr
 */
const ECHO = [
  0x3d20fe00, 0x612902f8, 0x88690005, 0x70630001, 0x4182fff8, 0x88890000, 0x2c040051, 0x4182000c, 0x98890000,
  0x4bffffe4, 0x4e800020,
];
const echoElf = join(dir, 'echo.elf');
writeFileSync(echoElf, tinyElf(ECHO));

describe('ppcjit boot --snapshot-at / --restore / --append-input', () => {
  it('splits a boot at the marker: snapshot output + restored output = the uninterrupted output (deterministic)', () => {
    const file = join(dir, 'det.snap');
    const first = ppcjit(
      'boot',
      '--deterministic',
      '--kernel',
      OFCLIENT,
      '--snapshot-at',
      MARKER,
      '--snapshot-out',
      file,
    );
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.endsWith(MARKER)).toBe(true);
    expect(first.stderr).toMatch(/^ppcjit: snapshot written to .*det\.snap: \d+ KiB, \d+ RAM pages, \d+ ms$/m);
    const rest = ppcjit('boot', '--restore', file);
    expect(rest.status, rest.stderr).toBe(0);
    const full = ppcjit('boot', '--deterministic', '--kernel', OFCLIENT);
    expect(full.status).toBe(0);
    expect(first.stdout + rest.stdout).toBe(full.stdout);
    expect(readFileSync(file).subarray(0, 8).toString()).toBe('PPCJITSN');
  });

  it('feeds --append-input (with escapes) to the UART, on a fresh boot and after a restore', () => {
    const r = ppcjit('boot', '--kernel', echoElf, '--append-input', 'hi\\nthere\\x21Q');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('hi\nthere!');
    // A snapshot of the echo client at its first echoed byte, as it waits for the next.
    const file = join(dir, 'echo.snap');
    const s = ppcjit('boot', '--kernel', echoElf, '--append-input', 'a', '--snapshot-at', 'a', '--snapshot-out', file);
    expect(s.status, s.stderr).toBe(0);
    const restored = ppcjit('boot', '--restore', file, '--append-input', 'bc\\tdQ');
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toBe('bc\td');
  });

  const errors: Array<[string[], RegExp]> = [
    [
      ['--restore', 'x.snap', '--kernel', 'k.elf', '--memory', '64'],
      /--restore takes the machine from the snapshot; drop --kernel, --memory$/,
    ],
    [['--restore', 'x.snap', '--deterministic'], /drop --deterministic$/],
    [['--restore', join(dir, 'missing.snap')], /^ppcjit: cannot read snapshot '.*missing\.snap': ENOENT$/],
    [['--kernel', OFCLIENT, '--snapshot-at', 'x'], /--snapshot-at and --snapshot-out go together$/],
    [['--kernel', OFCLIENT, '--append-input', '\\q'], /invalid --append-input escape '\\q'/],
  ];
  for (const [args, message] of errors) {
    it(`rejects boot ${args.join(' ')} with one line, exit 2`, () => {
      const r = ppcjit('boot', ...args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    });
  }

  it('rejects a corrupt snapshot file before the guest runs (exit 2, nothing on stdout)', () => {
    const file = join(dir, 'good.snap');
    expect(ppcjit('boot', '--kernel', OFCLIENT, '--snapshot-at', MARKER, '--snapshot-out', file).status).toBe(0);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(join(dir, 'bad.snap'), bytes);
    const r = ppcjit('boot', '--restore', join(dir, 'bad.snap'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ppcjit: cannot restore '.*bad\.snap': corrupt \(SHA-256 mismatch\)\n$/);
  });

  it('says so when the marker never appears (exit 1, no file)', () => {
    const r = ppcjit(
      'boot',
      '--kernel',
      OFCLIENT,
      '--snapshot-at',
      'no such text',
      '--snapshot-out',
      join(dir, 'n.snap'),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--snapshot-at marker 'no such text' never appeared; no snapshot written/);
  });
});

describe('--append-input escapes', () => {
  it('decodes \\n \\r \\t \\\\ \\xHH and passes other text through as UTF-8', () => {
    expect([...unescapeInput('a\\n\\r\\t\\\\\\x7fé')]).toEqual([0x61, 10, 13, 9, 0x5c, 0x7f, 0xc3, 0xa9]);
    expect(() => unescapeInput('\\x4')).toThrow(/invalid --append-input escape/);
  });
});
