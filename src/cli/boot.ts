import { readFileSync } from 'node:fs';
import { ExitCode, UserError } from '../errors.js';
import { type Elf32, PT_LOAD, parseElf } from '../machine/elf.js';
import { findMachine } from '../machine/registry.js';
import { SymbolTable } from '../machine/symbols.js';
import type { MachineOptions, StopReason, SystemMachine } from '../machine/system-machine.js';
import { R } from '../runtime/cpu-state.js';
import { VofBootError } from '../vof/boot.js';
import { BootSnapshot, type SnapshotArgs } from './boot-snapshot.js';
import { ConsoleInput, enterRawMode } from './console-input.js';
import { attachGdbToMachine, type GdbArgs } from './gdb-attach.js';
import { describeLocation, GuestSymbolizer, translatedFetch } from './guest-location.js';
import { ConsoleWatch, type WatchVerdict } from './guest-watch.js';
import { type ObserveArgs, observe, readSymbolFile } from './observe.js';

export interface BootArgs extends ObserveArgs, SnapshotArgs, GdbArgs {
  machine: string;
  cpu?: string;
  kernel?: string;
  initrd?: string;
  append?: string;
  memory?: number;
  timeout: number;
  /** Seconds of guest time without console output that count as a hang (0 = off). */
  hangTimeout?: number;
  traceSc: boolean;
  vofEntry?: string;
  osi?: boolean;
  epapr?: boolean;
  /** Guest time from retired instructions (no host clock): identical output run after run. */
  deterministic?: boolean;
  /** The RTC's date at power-on (ISO 8601); default now, or 2026-01-01 with --deterministic. */
  startDate?: string;
  /** Feed stdin to the serial console (default true; --no-stdin leaves stdin alone). */
  stdin?: boolean;
}

/**
 * Default --hang-timeout: seconds of guest time without console output. Linux's own soft-lockup
 * detector fires after 20 s (2 × watchdog_thresh); more here because the shared kernel's quiet
 * stretch from prom_init to console registration takes several seconds while the time base
 * follows the host clock.
 */
export const DEFAULT_HANG_TIMEOUT_S = 30;

/**
 * Wall time the machine runs between two looks at the console watch and the deadline (the
 * machine pauses on its own timeout and continues on the next run()).
 */
const SLICE_MS = 50;
/** Console output is handed to stdout in pieces of this size at least … */
const CONSOLE_FLUSH_BYTES = 1 << 16;
/**
 * … and the guest is held while stdout has this much it could not write yet (a reader slower
 * than the guest): back-pressure, so a guest that prints forever never fills ppcjit's memory.
 */
const CONSOLE_HIGH_WATER = 1 << 20;

/** The kernel's loaded segments, for naming physical PCs (MSR[IR]=0) by their link address. */
const loadSegments = (elf: Elf32 | undefined) =>
  (elf?.programHeaders ?? [])
    .filter((p) => p.type === PT_LOAD && p.memsz > 0)
    .map((p) => ({ paddr: p.paddr, vaddr: p.vaddr, memsz: p.memsz }));

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UserError(`cannot read ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** `ppcjit boot`: runs a system machine until the guest exits, powers off, or times out. */
export async function runBoot(args: BootArgs): Promise<void> {
  const definition = findMachine(args.machine);
  const snapshot = new BootSnapshot(args as unknown as SnapshotArgs & Record<string, unknown>);
  if (!(args.timeout > 0)) throw new UserError(`invalid --timeout ${args.timeout}: expected seconds > 0`);
  const hangTimeout = args.hangTimeout ?? DEFAULT_HANG_TIMEOUT_S;
  if (!(hangTimeout >= 0))
    throw new UserError(`invalid --hang-timeout ${hangTimeout}: expected seconds >= 0 (0 = off)`);
  const options: MachineOptions = {
    cpu: args.cpu,
    memoryMb: args.memory,
    bootargs: args.append,
    vofEntry: args.vofEntry,
    osi: args.osi,
    epapr: args.epapr,
    deterministic: args.deterministic,
  };
  // Checked even with --restore (which rejects these flags): the defaults must be valid.
  definition.validate(options);
  const startDateMs = args.startDate === undefined ? undefined : Date.parse(args.startDate);
  if (startDateMs !== undefined && !Number.isFinite(startDateMs)) {
    throw new UserError(`invalid --start-date '${args.startDate}': expected an ISO 8601 date (2026-01-01T00:00:00Z)`);
  }
  const kernel = args.kernel ? parseElf(readInput(args.kernel, 'kernel'), args.kernel) : undefined;
  const initrd = args.initrd ? readInput(args.initrd, 'initrd') : undefined;

  const chunks: Uint8Array[] = [];
  let pending = 0;
  const flush = () => {
    if (chunks.length) process.stdout.write(Buffer.concat(chunks));
    chunks.length = 0;
    pending = 0;
  };
  const stdoutFull = () => process.stdout.writableLength >= CONSOLE_HIGH_WATER;
  let machine: SystemMachine | undefined;
  // Guest time (time base) in seconds: what the hang and crash windows are measured in.
  // Asked at every console write: machine.stats() would count instructions over every block.
  const guestSeconds = () => (machine ? machine.guestSeconds() : 0);
  const watch = new ConsoleWatch(0);
  const output = (bytes: Uint8Array) => {
    watch.push(bytes, guestSeconds());
    const shown = snapshot.console(bytes, () => machine?.stop());
    chunks.push(shown);
    pending += shown.length + 16; // a byte-by-byte UART writer: the array costs too
    if (pending < CONSOLE_FLUSH_BYTES) return;
    flush();
    if (stdoutFull()) machine?.stop(); // ends the slice: runWatched waits for the reader
  };
  const traceSc = args.traceSc ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  try {
    machine = snapshot.restore({ output, traceSc });
    machine ??= definition.create({ ...options, kernel, initrd, startDateMs }, { output, traceSc });
  } catch (e) {
    if (e instanceof VofBootError) throw new UserError(e.message);
    throw e;
  }
  snapshot.started(machine, output);
  const elfSymbols = kernel?.symbols.length ? SymbolTable.fromElf(kernel.symbols) : undefined;
  // --symbols (a System.map) replaces the ELF's own table, for the profile and the diagnostics.
  const symbols = args.symbols ? readSymbolFile(args.symbols) : elfSymbols;
  const finish = observe(machine.engine, { ...args, symbols: undefined }, symbols);
  const gdb = attachGdbToMachine(machine, args, symbols);
  // Under gdb the guest waits on the user: no wall-clock or guest-time limit, as under QEMU.
  const timeoutS = gdb ? Number.POSITIVE_INFINITY : args.timeout;
  const hangS = gdb ? 0 : hangTimeout;
  watch.lastOutputS = guestSeconds(); // quiet time counts from the start of the run
  let quit = false;
  const m = machine;
  const restoreTerminal = args.stdin === false ? () => {} : enterRawMode();
  let input: ConsoleInput | undefined;
  let result: { reason: StopReason; verdict: WatchVerdict };
  try {
    if (args.stdin !== false) {
      input = new ConsoleInput(process.stdin, process.stdin.isTTY === true, {
        activity: () => {
          watch.lastOutputS = guestSeconds(); // typing is activity: no --hang-timeout meanwhile
        },
        quit: () => {
          quit = true;
          m.stop();
        },
        message: (text) => process.stderr.write(`\n${text}\n`),
      });
      const source = input.next;
      input.onData = () => m.consoleInputSource(source);
      m.consoleInputSource(source);
    }
    const until = () => quit || snapshot.markerSeen;
    gdb?.start();
    result = await runWatched(machine, watch, timeoutS, hangS, guestSeconds, until, flush, stdoutFull);
  } finally {
    restoreTerminal();
    machine.consoleInputSource(undefined);
    // Bytes read from stdin but not yet taken by the guest stay machine state (for a snapshot).
    if (input?.pending) machine.consoleInput(input.takeAll());
    input?.close();
  }
  const { reason, verdict } = result;
  flush();
  gdb?.finish(reason.kind === 'exit' || reason.kind === 'power-off' ? { kind: 'exited', status: 0 } : undefined);
  finish();
  if (quit) {
    process.stderr.write('ppcjit: terminated (C-a x)\n');
    process.exitCode = ExitCode.Ok;
    return;
  }
  if (machine.deterministic) process.stderr.write(`${deterministicSummary(machine)}\n`);
  if (snapshot.finish(machine)) return;
  // A crash line seen just before the guest stopped by itself still makes the run a crash.
  const crash = watch.crash !== undefined ? ({ kind: 'crash', line: watch.crash } as const) : undefined;
  report(
    machine,
    reason,
    verdict ?? crash,
    { ...args, hangTimeout },
    new GuestSymbolizer(symbols, loadSegments(kernel)),
  );
  snapshot.reportMissingMarker();
}

/**
 * The counters a deterministic run reproduces exactly (same boot, same options → same line):
 * guest instructions, guest time, blocks compiled and the share of instructions that ran
 * through templates (the cold tier).
 */
export function deterministicSummary(machine: SystemMachine): string {
  const { instructions, guestSeconds, blocksCompiled, templateInstructions } = machine.stats();
  const share = instructions > 0 ? (templateInstructions / instructions) * 100 : 0;
  return [
    `ppcjit: deterministic: ${instructions} guest instructions`,
    `${guestSeconds.toFixed(6)} s guest time`,
    `${blocksCompiled} blocks compiled`,
    `${share.toFixed(2)}% of instructions in templates`,
  ].join(', ');
}

/**
 * Runs in slices until the guest exits or powers off, the console watch calls a crash or a hang,
 * or --timeout (total wall time) passes.
 */
async function runWatched(
  machine: SystemMachine,
  watch: ConsoleWatch,
  timeoutS: number,
  hangS: number,
  guestSeconds: () => number,
  /** A host-side stop (the --snapshot-at marker): checked before and after every slice. */
  until: () => boolean = () => false,
  /** Runs after every slice (prints the console output so far). */
  afterSlice: () => void = () => {},
  /** While true the guest waits (stdout's reader is behind), until --timeout. */
  outputBlocked: () => boolean = () => false,
): Promise<{ reason: StopReason; verdict: WatchVerdict }> {
  const deadline = performance.now() + timeoutS * 1000;
  for (;;) {
    if (until()) return { reason: { kind: 'timeout' }, verdict: undefined };
    const reason = machine.run(Math.max(0, Math.min(SLICE_MS, deadline - performance.now())));
    const verdict = watch.verdict(guestSeconds(), hangS);
    if (reason.kind !== 'timeout' || verdict || until() || performance.now() >= deadline) return { reason, verdict };
    afterSlice();
    while (outputBlocked() && !until() && performance.now() < deadline) await drainOrTick();
    // Between slices, let stdin (console input) and signals through.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Resolves when stdout drains, or after one slice's time (to look at the deadline again). */
function drainOrTick(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.stdout.off('drain', done);
      resolve();
    };
    const timer = setTimeout(done, SLICE_MS);
    process.stdout.once('drain', done);
  });
}

function report(
  machine: SystemMachine,
  reason: StopReason,
  verdict: WatchVerdict,
  args: { timeout: number; hangTimeout: number },
  symbols: GuestSymbolizer,
): void {
  const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
  const s = machine.cpu;
  const here = describeLocation({ pc: s.pc, lr: s.r[R.LR], msr: s.r[R.MSR] }, symbols);
  const crash = verdict?.kind === 'crash' ? verdict.line : undefined;
  if (crash !== undefined) {
    // The guest printed its report (backtrace included) before this; the line says where it is now.
    process.stderr.write(`ppcjit: kernel crash on the console ('${crash}'); stopped at ${here}\n`);
    process.exitCode = ExitCode.KernelCrash;
    return;
  }
  if (verdict?.kind === 'hang') {
    process.stderr.write(
      `ppcjit: no console output for ${args.hangTimeout} s of guest time (--hang-timeout): guest hung at ${here}\n`,
    );
    process.exitCode = ExitCode.Timeout;
    return;
  }
  switch (reason.kind) {
    case 'exit':
    case 'power-off':
      process.exitCode = ExitCode.Ok;
      return;
    case 'timeout':
      process.stderr.write(`ppcjit: guest still running after ${args.timeout} s (${here})\n`);
      process.exitCode = ExitCode.Timeout;
      return;
    case 'empty-rom': {
      // SRR0/SRR1 are the interrupted context (its MSR[IR] says how to read SRR0 and LR).
      const ir = translatedFetch(reason.srr1);
      const where = `SRR0 ${symbols.describe(reason.srr0, ir)}, SRR1 ${hex(reason.srr1)}, LR ${symbols.describe(s.r[R.LR], ir)}`;
      process.stderr.write(
        `ppcjit: interrupt taken with MSR[IP]=1 into the empty ROM at ${hex(reason.vector)} (${where}): VOF leaves IP set, so a client must install vectors and clear MSR[IP] first\n`,
      );
      process.exitCode = ExitCode.GuestFault;
    }
  }
}
