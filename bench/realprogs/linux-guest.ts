import { readFileSync, realpathSync, writeSync } from 'node:fs';
import { DEFAULT_USER_CPU, findCpuModel } from '../../src/cpu/models.js';
import { createInitProcess } from '../../src/machine/linux-user/kernel.js';
import { loadProgram } from '../../src/machine/linux-user/loader.js';
import type { GuestResult } from '../guest.js';

/** What the parent passes a `child.js --linux` sample (JSON in argv). */
export interface LinuxGuestSpec {
  elf: string;
  /** The whole argv, argv[0] included (the same as qemu-ppc's guest gets). */
  argv: string[];
  env: string[];
}

/**
 * Runs a static PowerPC Linux program in this process, as `ppcjit run` does (the Linux
 * user-mode machine on the JIT engine, default CPU): the guest's fds 0/1/2 are this process's,
 * so the parent gives it the input and collects the output through them (stdout stays '' here).
 * wallMs covers loading the ELF and running to the exit, as qemu-ppc's time covers its start-up.
 */
export function runLinuxGuest(spec: LinuxGuestSpec): GuestResult {
  const t0 = performance.now();
  const p = createInitProcess({
    model: findCpuModel(DEFAULT_USER_CPU),
    exePath: realpathSync(spec.elf),
    diagnostics: (line) => writeSync(2, `${line}\n`),
  });
  let exitCode = -1;
  let error: string | undefined;
  try {
    loadProgram(p, readFileSync(spec.elf), spec.argv, spec.env);
    exitCode = p.run();
    if (exitCode !== 0) error = `exit status ${exitCode}`;
  } catch (e) {
    error = `internal error at pc 0x${p.s.pc.toString(16)}: ${(e as Error).message}`;
  }
  const wallMs = performance.now() - t0;
  const engine = p.engine;
  return {
    stdout: '',
    exitCode,
    error,
    wallMs,
    translateMs: engine.translateMs,
    instructions: engine.instructions,
    blocksCompiled: engine.cache.compiled,
    regionsCompiled: engine.regionsCompiled,
  };
}
