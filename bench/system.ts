import { readFileSync } from 'node:fs';
import { DEFAULT_PEGASOS2_CPU, findCpuModel } from '../src/cpu/models.js';
import { parseElf } from '../src/machine/elf.js';
import { PEGASOS2, Pegasos2 } from '../src/machine/pegasos2/machine.js';
import type { GuestResult } from './guest.js';
import { MarkerWatch } from './marker.js';

/** Give up on a system guest after this long (it is a sample, not a hang). */
const SYSTEM_TIMEOUT_MS = 60_000;

export interface SystemGuestOptions {
  /** /chosen/bootargs (the Linux workload passes `console=ttyS0`). */
  bootargs?: string;
  /** Console text whose first appearance is timed (markerMs). */
  marker?: string;
  /** Boot with guest time from retired instructions (`ppcjit boot --deterministic`). */
  deterministic?: boolean;
}

/**
 * What a deterministic boot reproduces exactly, run after run: guest instructions retired,
 * blocks compiled to JS functions (engine.blocksCompiled: the cold blocks that turned hot, or all
 * of them at compile threshold 0), the instructions that ran through templates (the cold tier),
 * and guest time at the end.
 */
export interface DeterministicCounters {
  instructions: number;
  blocksCompiled: number;
  templateInstructions: number;
  guestSeconds: number;
}

export interface SystemGuestResult extends GuestResult {
  /** ms from the start (as wallMs) until the console first contained the marker. */
  markerMs?: number;
  /** Set for a deterministic boot. */
  deterministic?: DeterministicCounters;
}

/**
 * Boots a pegasos2 client ELF (as `ppcjit boot --kernel ELF` does, default CPU and RAM) with
 * `new Pegasos2(...)` in this process and runs it until it calls `exit` or powers off. The
 * console output is kept (its byte count is reported) but not printed. wallMs covers building
 * the machine (VOF device tree, loading the ELF) and running to the end, like the
 * qemu-system-ppc time does; markerMs is measured from the same start.
 */
export function runSystemGuest(elfPath: string, options: SystemGuestOptions = {}): SystemGuestResult {
  const kernel = parseElf(readFileSync(elfPath), elfPath);
  const chunks: Uint8Array[] = [];
  const watch = options.marker ? new MarkerWatch(options.marker) : undefined;
  let markerMs: number | undefined;
  const t0 = performance.now();
  const machine = new Pegasos2({
    model: findCpuModel(DEFAULT_PEGASOS2_CPU),
    ramMb: PEGASOS2.defaultRamMb,
    kernel,
    bootargs: options.bootargs,
    vofEntry: 'vhyp',
    output: (bytes) => {
      chunks.push(bytes);
      if (watch?.push(bytes)) markerMs = performance.now() - t0;
    },
    deterministic: options.deterministic,
  });
  let error: string | undefined;
  try {
    const reason = machine.run(SYSTEM_TIMEOUT_MS);
    if (reason.kind !== 'exit' && reason.kind !== 'power-off') error = `stopped: ${reason.kind}`;
    else if (watch && !watch.seen) error = `no '${watch.marker}' on the console`;
  } catch (e) {
    error = `internal error: ${(e as Error).message}`;
  }
  const wallMs = performance.now() - t0;
  const engine = machine.engine;
  return {
    stdout: Buffer.concat(chunks).toString('latin1'),
    exitCode: error ? -1 : 0,
    error,
    wallMs,
    markerMs,
    translateMs: engine.translateMs,
    instructions: engine.instructions,
    blocksCompiled: engine.cache.compiled,
    regionsCompiled: engine.regionsCompiled,
    deterministic: machine.clock && {
      instructions: engine.instructions,
      blocksCompiled: engine.blocksCompiled,
      templateInstructions: engine.templateInstructions,
      guestSeconds: machine.timeBase.ticks() / machine.timeBase.frequency,
    },
  };
}
