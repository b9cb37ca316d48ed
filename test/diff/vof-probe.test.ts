import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { comparable, runProbe } from '../machine/pegasos2/probe-compare.js';
import { haveTool } from './objdump.js';

const SPEC = fileURLToPath(new URL('../../../shared/spec/sc-vof-hcall-experiments', import.meta.url));
const ready = existsSync(SPEC) && haveTool('powerpc-linux-gnu-gcc') && haveTool('qemu-system-ppc');
if (!ready) console.warn('vof-probe diff: needs ../shared/spec, the cross gcc and qemu-system-ppc — skipped');

describe.skipIf(!ready)('the spec VOF/sc probe, rebuilt, under qemu-system-ppc and ppcjit', () => {
  it('agrees except for the documented deliberate differences', () => {
    const build = mkdtempSync(join(tmpdir(), 'ppcjit-probe-'));
    execFileSync('sh', [join(SPEC, 'build.sh')], { env: { ...process.env, BUILD: build }, stdio: 'ignore' });
    const elf = join(build, 'vofclient.elf');
    // QEMU keeps running after the probe's last line: a timeout ends it.
    const qemu = spawnSync(
      'timeout',
      [
        '15',
        'qemu-system-ppc',
        '-M',
        'pegasos2',
        '-kernel',
        elf,
        '-append',
        'hello world',
        '-display',
        'none',
        '-serial',
        'stdio',
        '-monitor',
        'none',
      ],
      { encoding: 'latin1' },
    ).stdout;
    expect(qemu).toContain('=== done ===');
    expect(comparable(runProbe(readFileSync(elf)))).toEqual(comparable(qemu));
  });
});
