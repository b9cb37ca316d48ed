// `ppcjit boot` snapshot options: --snapshot-at MARKER --snapshot-out FILE (stop at the first
// console occurrence of MARKER and write the machine to FILE), --restore FILE (continue a
// snapshot instead of booting) and --append-input TEXT (bytes for the UART receiver).
import { readFileSync, writeFileSync } from 'node:fs';
import { ExitCode, UserError } from '../errors.js';
import { MarkerSplit } from '../machine/snapshot/marker.js';
import { nodeSnapshotCodec } from '../machine/snapshot/node-codec.js';
import { restoreSnapshot, takeSnapshot } from '../machine/snapshot/snapshot.js';
import type { MachineIo, SystemMachine } from '../machine/system-machine.js';

export interface SnapshotArgs {
  snapshotAt?: string;
  snapshotOut?: string;
  restore?: string;
  appendInput?: string;
}

/** Options that describe the machine; a snapshot brings its own. */
const MACHINE_OPTIONS = [
  ['kernel', '--kernel'],
  ['initrd', '--initrd'],
  ['append', '--append'],
  ['cpu', '--cpu'],
  ['memory', '--memory'],
  ['vofEntry', '--vof-entry'],
  ['osi', '--osi'],
  ['epapr', '--epapr'],
  ['deterministic', '--deterministic'],
  ['startDate', '--start-date'],
] as const;

/** `\n`, `\r`, `\t`, `\\` and `\xHH` in --append-input (a shell passes them literally). */
export function unescapeInput(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i + 1 >= text.length) {
      out.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const e = text[++i];
    if (e === 'n') out.push(0x0a);
    else if (e === 'r') out.push(0x0d);
    else if (e === 't') out.push(0x09);
    else if (e === '\\') out.push(0x5c);
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else throw new UserError(`invalid --append-input escape '\\${e}': use \\n, \\r, \\t, \\\\ or \\xHH`);
  }
  return Uint8Array.from(out);
}

/**
 * One boot's snapshot work. Create it first (it checks the options and fills in the boot
 * defaults), route console bytes through `console`, build the machine through `restore` (or
 * normally when it returns undefined), call `started`, run until `markerSeen`, then `finish`.
 */
export class BootSnapshot {
  private readonly split: MarkerSplit | undefined;
  private readonly input: Uint8Array | undefined;
  private tail: Uint8Array = new Uint8Array(0);

  constructor(private readonly args: SnapshotArgs & Record<string, unknown>) {
    if ((args.snapshotAt === undefined) !== (args.snapshotOut === undefined)) {
      throw new UserError('--snapshot-at and --snapshot-out go together');
    }
    if (args.snapshotAt === '') throw new UserError('--snapshot-at needs a non-empty marker');
    if (args.restore !== undefined) {
      const given = MACHINE_OPTIONS.filter(([key]) => args[key] !== undefined && args[key] !== false);
      if (given.length > 0) {
        throw new UserError(
          `--restore takes the machine from the snapshot; drop ${given.map(([, flag]) => flag).join(', ')}`,
        );
      }
    }
    this.split = args.snapshotAt === undefined ? undefined : new MarkerSplit(args.snapshotAt);
    this.input = args.appendInput === undefined ? undefined : unescapeInput(args.appendInput);
  }

  get markerSeen(): boolean {
    return this.split?.found ?? false;
  }

  /** Console bytes to print now: with --snapshot-at, nothing after the marker (`stop` is called there). */
  console(bytes: Uint8Array, stop: () => void): Uint8Array {
    if (!this.split) return bytes;
    const wasSeen = this.split.found;
    const shown = this.split.push(bytes);
    if (!wasSeen && this.split.found) stop();
    return shown;
  }

  /** The restored machine with --restore (checked before it runs anything), else undefined. */
  restore(io: MachineIo): SystemMachine | undefined {
    if (this.args.restore === undefined) return undefined;
    const bytes = readSnapshotFile(this.args.restore);
    const restored = restoreSnapshot(bytes, this.args.restore, nodeSnapshotCodec, io);
    this.tail = restored.consoleTail;
    return restored.machine;
  }

  /** The machine is built: print a restored snapshot's console tail, queue --append-input. */
  started(machine: SystemMachine, output: (bytes: Uint8Array) => void): void {
    if (this.tail.length) output(this.tail);
    if (this.input) machine.consoleInput(this.input);
  }

  /**
   * After the run: with the marker seen, writes the snapshot, reports it on stderr and returns
   * true (exit 0). With --snapshot-at and no marker, returns false and sets the exit status to 1
   * (after the normal report) if the run would otherwise have succeeded.
   */
  finish(machine: SystemMachine): boolean {
    if (!this.split || !this.args.snapshotOut) return false;
    if (!this.split.found) return false;
    const out = this.args.snapshotOut;
    const snap = takeSnapshot(machine, nodeSnapshotCodec, this.split.after);
    const t0 = performance.now();
    try {
      writeFileSync(out, snap.bytes);
    } catch (e) {
      throw new UserError(`cannot write snapshot '${out}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const ms = snap.ms + performance.now() - t0;
    const kib = Math.ceil(snap.bytes.length / 1024);
    process.stderr.write(
      `ppcjit: snapshot written to ${out}: ${kib} KiB, ${snap.pages} RAM pages, ${ms.toFixed(0)} ms\n`,
    );
    process.exitCode = ExitCode.Ok;
    return true;
  }

  /** After the normal report: a --snapshot-at marker that never appeared is a failure. */
  reportMissingMarker(): void {
    if (!this.split || this.split.found) return;
    process.stderr.write(
      `ppcjit: --snapshot-at marker '${this.args.snapshotAt}' never appeared; no snapshot written\n`,
    );
    if (!process.exitCode) process.exitCode = ExitCode.GuestFault;
  }
}

/** A snapshot file's bytes (a UserError, exit 2, when it cannot be read). */
export function readSnapshotFile(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UserError(`cannot read snapshot '${path}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
