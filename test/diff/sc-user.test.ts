import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haveTool } from './objdump.js';

const SPEC = fileURLToPath(new URL('../../../shared/spec/sc-vof-hcall-experiments', import.meta.url));
const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const ready = existsSync(SPEC) && haveTool('powerpc-linux-gnu-gcc') && haveTool('qemu-ppc');

/** The probe prints getpid's result: the pid differs between runs, everything else must not. */
function withoutPid(out: string): string {
  const pid = /^sc_lev0_getpid r3=(0x[0-9a-f]{8})/m.exec(out)?.[1];
  return pid ? out.split(pid).join('<pid>') : out;
}

describe.skipIf(!ready)('sc in Linux user mode: the spec probe under qemu-ppc and ppcjit run', () => {
  const build = mkdtempSync(join(tmpdir(), 'ppcjit-scuser-'));
  execFileSync('sh', [join(SPEC, 'build.sh')], { env: { ...process.env, BUILD: build }, stdio: 'ignore' });
  const probe = join(build, 'scuser');
  // every LEV, ENOSYS, OSI magic and the ePAPR sequence are all plain Linux system calls
  for (const [ours, qemu] of [
    ['750', '750'],
    ['604e', '604'],
    ['7400', '7400'],
    ['7447a', '7447a'],
    ['7450', '7450'],
    ['e500v2', 'e500v2'],
  ]) {
    it(`-cpu ${ours}`, () => {
      const q = spawnSync('qemu-ppc', ['-cpu', qemu, probe], { encoding: 'utf8' });
      const p = spawnSync(process.execPath, [PPCJIT, 'run', '--cpu', ours, probe], { encoding: 'utf8' });
      expect(p.status).toBe(q.status);
      expect(withoutPid(p.stdout)).toBe(withoutPid(q.stdout));
      expect(p.stdout).toContain('sc_lev127_getpid');
    });
  }
});
