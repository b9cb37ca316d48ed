import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dealGuests, type InstancesSummary, instancesExitCode } from '../../src/cli/instances.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const OFCLIENT = fileURLToPath(new URL('../../demo/ofclient/ofclient.elf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-instances-'));
const ppcjit = (...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { encoding: 'utf8', timeout: 120_000 });

/** The demo client prints the time base's milliseconds: run-dependent. */
const dropClock = (text: string) => text.replace(/^milliseconds: .*$/m, 'milliseconds: <clock>');

describe('ppcjit boot --restore FILE --instances N', () => {
  it('deals guests round-robin to the workers', () => {
    expect(dealGuests(5, 2)).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
    expect(dealGuests(2, 4)).toEqual([[1], [2]]);
  });

  it('exits with the status of the first guest that failed', () => {
    const guest = (g: number, exitCode: number) => ({ guest: g, exitCode }) as InstancesSummary['guests'][number];
    const summary = (codes: number[]) => ({ guests: codes.map((c, i) => guest(i + 1, c)) }) as InstancesSummary;
    expect(instancesExitCode(summary([0, 0]))).toBe(0);
    expect(instancesExitCode(summary([0, 124, 1]))).toBe(124);
  });

  it('runs N guests from one snapshot on worker threads: each log equals a single restore, shared translations', () => {
    const snap = join(dir, 'of.snap');
    const marker = '/pci@c0000000 (phandle';
    expect(ppcjit('boot', '--kernel', OFCLIENT, '--snapshot-at', marker, '--snapshot-out', snap).status).toBe(0);
    const single = ppcjit('boot', '--restore', snap);
    expect(single.status).toBe(0);

    const out = join(dir, 'guests');
    const r = ppcjit('boot', '--restore', snap, '--instances', '5', '--jobs', '2', '--output-dir', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/5 guests from .* on 2 worker\(s\) in [\d.]+ s: [\d.]+ guests\/min/);
    for (let g = 1; g <= 5; g++) {
      expect(dropClock(readFileSync(join(out, `guest-${g}.log`), 'latin1'))).toBe(dropClock(single.stdout));
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as InstancesSummary;
    expect(summary.guests.map((g) => [g.guest, g.stop, g.exitCode])).toEqual(
      [1, 2, 3, 4, 5].map((g) => [g, 'exit', 0]),
    );
    // Guests 1 and 2 start their workers and translate; the later ones reuse their blocks.
    expect(summary.guests[0].blocksShared).toBe(0);
    for (const g of summary.guests.slice(2)) expect(g.blocksShared).toBe(g.blocks);
  });

  it('rejects --instances without --restore and a bad count, before starting anything', () => {
    const noRestore = ppcjit('boot', '--kernel', OFCLIENT, '--instances', '2');
    expect(noRestore.status).toBe(2);
    expect(noRestore.stderr).toMatch(/^ppcjit: .*--instances/m);
    const bad = ppcjit('boot', '--restore', join(dir, 'missing.snap'), '--instances', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
