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
  const build = mkdtempSync(join(tmpdir(), 'ppcjit-probe-'));
  execFileSync('sh', [join(SPEC, 'build.sh')], { env: { ...process.env, BUILD: build }, stdio: 'ignore' });
  const elf = join(build, 'vofclient.elf');
  // The G3 and G4 parts QEMU's pegasos2 accepts whose sc path consults the virtual hypervisor.
  for (const cpu of ['7400', '750', '7447a', '7450']) {
    it(`-cpu ${cpu}: agrees except for the documented deliberate differences`, () => {
      const ours = comparable(runProbe(readFileSync(elf), cpu));
      // QEMU keeps running after the probe's last line: a timeout ends it. The probe's UART loop
      // gives up waiting after a bounded spin, so a loaded host can make QEMU drop a character:
      // up to three QEMU runs, the first that agrees counts (ours is deterministic).
      let qemu = '';
      for (let attempt = 0; attempt < 3; attempt++) {
        qemu = spawnSync(
          'timeout',
          ['6', 'qemu-system-ppc', '-M', 'pegasos2', '-cpu', cpu, '-kernel', elf, '-append', 'hello world'].concat([
            '-display',
            'none',
            '-serial',
            'stdio',
            '-monitor',
            'none',
          ]),
          { encoding: 'latin1' },
        ).stdout;
        if (JSON.stringify(comparable(qemu)) === JSON.stringify(ours)) break;
      }
      expect(qemu).toContain('=== done ===');
      expect(ours).toEqual(comparable(qemu));
    });
  }
});
