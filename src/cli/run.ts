import { readFileSync, realpathSync, statSync, writeSync } from 'node:fs';
import { totalmem } from 'node:os';
import type { Argv } from 'yargs';
import { DEFAULT_USER_CPU, findCpuModel } from '../cpu/models.js';
import { ExitCode, UserError } from '../errors.js';
import { createInitProcess, DEFAULT_MAX_PROCESSES } from '../machine/linux-user/kernel.js';
import { loadProgram } from '../machine/linux-user/loader.js';
import { SymbolTable } from '../machine/symbols.js';
import { attachGdbToProcess, type GdbArgs, gdbOptions, processEnd } from './gdb-attach.js';
import { type ObserveArgs, observe, observeOptions } from './observe.js';

export interface RunArgs extends ObserveArgs, GdbArgs {
  cpu?: string;
  traceSyscalls?: boolean;
  traceSc?: boolean;
  elf?: string;
  args?: (string | number)[];
  /** -L DIR: the guest's root for absolute paths (ld.so.1 and its libraries). */
  L?: string;
  maxMemory?: number;
  maxProcesses?: number;
}

/** Default --max-memory: half the host's memory (mmap/brk of every guest process together). */
const defaultMaxMemoryMb = () => Math.floor(totalmem() / 2 / 2 ** 20);

/** Options of `run` that take a value (so their value is not mistaken for the ELF). */
const VALUE_OPTIONS = new Set([
  '--cpu',
  '--gdb',
  '-L',
  '--max-memory',
  '--max-processes',
  ...Object.entries(observeOptions)
    .filter(([, o]) => o.type !== 'boolean')
    .map(([name]) => `--${name}`),
]);

/**
 * Splits `run [OPTIONS] ELF ARGS...` so that yargs sees only the options and the ELF, and
 * everything after the ELF (even `--flags` and `--`) goes to the guest unparsed, as with
 * qemu-ppc. Other commands pass through untouched.
 */
export function splitRunArgv(argv: readonly string[]): { head: string[]; guest: string[] } {
  if (argv[0] !== 'run') return { head: [...argv], guest: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return { head: [...argv.slice(0, i), ...argv.slice(i + 1, i + 2)], guest: argv.slice(i + 2) };
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) return { head: argv.slice(0, i + 1), guest: argv.slice(i + 1) };
  }
  return { head: [...argv], guest: [] };
}

/** `ppcjit run [--cpu NAME] [--trace-syscalls] ELF [ARGS...]` (guest ARGS split off by splitRunArgv). */
export function runCommand(y: Argv): Argv<RunArgs> {
  return y
    .positional('elf', { type: 'string', describe: 'static big-endian PowerPC Linux executable' })
    .positional('args', { type: 'string', array: true, describe: 'arguments passed to the guest' })
    .option('cpu', { type: 'string', describe: `CPU model (default ${DEFAULT_USER_CPU}; see \`ppcjit cpus\`)` })
    .option('L', {
      type: 'string',
      requiresArg: true,
      describe:
        'look absolute guest paths up under DIR first, then on the host, as qemu-ppc -L (dynamic programs: -L /usr/powerpc-linux-gnu; default $QEMU_LD_PREFIX)',
    })
    .option('trace-sc', { type: 'boolean', describe: 'print every sc: PC, LEV, r0/r3/r4, the path taken, the result' })
    .option('trace-syscalls', {
      type: 'boolean',
      describe: 'print every system call strace-style to stderr',
    })
    .option('max-memory', {
      type: 'number',
      describe: `MB all guest processes may hold through mmap/brk; beyond it they fail with ENOMEM (default half the host's memory: ${defaultMaxMemoryMb()})`,
    })
    .option('max-processes', {
      type: 'number',
      describe: `guest processes and threads alive at once; fork/clone then fail with EAGAIN (default ${DEFAULT_MAX_PROCESSES})`,
    })
    .options(observeOptions)
    .options(gdbOptions) as unknown as Argv<RunArgs>;
}

/** The -L / QEMU_LD_PREFIX directory without a trailing slash (undefined: none); not a directory → exit 2. */
function ldPrefixOf(dir: string | undefined): string | undefined {
  if (dir === undefined || dir === '') return undefined;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UserError(`-L: '${dir}' is not a directory`);
  return dir === '/' ? undefined : dir.replace(/\/+$/, '');
}

/**
 * Reads and loads the ELF into a new process, ready to run: every bad input is a one-line
 * UserError (exit 2). The fuzz target for ELFs (test/fuzz/elf.ts) starts guests through it.
 */
export function startElf(a: RunArgs, stderr: (line: string) => void = (line) => writeSync(2, `${line}\n`)) {
  if (!a.elf) throw new UserError('run needs an ELF file');
  const model = findCpuModel(a.cpu ?? DEFAULT_USER_CPU);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(a.elf);
  } catch (e) {
    throw new UserError(`cannot read '${a.elf}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const guestArgs = (a.args ?? []).map(String);
  const ldPrefix = ldPrefixOf(a.L ?? process.env.QEMU_LD_PREFIX);
  const limit = (flag: string, value: number | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) throw new UserError(`invalid ${flag} ${value}: expected an integer ≥ 1`);
    return value;
  };
  const limits = {
    memoryBytes: limit('--max-memory', a.maxMemory, defaultMaxMemoryMb()) * 2 ** 20,
    processes: limit('--max-processes', a.maxProcesses, DEFAULT_MAX_PROCESSES),
  };
  const p = createInitProcess(
    {
      ldPrefix,
      model,
      exePath: realpathSync(a.elf), // what qemu-ppc's /proc/self/exe shows
      trace: a.traceSyscalls ? stderr : undefined,
      traceSc: a.traceSc ? stderr : undefined,
      diagnostics: stderr,
    },
    limits,
  );
  const env = Object.entries(process.env).map(([k, v]) => `${k}=${v}`);
  const loaded = loadProgram(p, bytes, [a.elf, ...guestArgs], env);
  return { p, loaded };
}

/** Runs the guest; returns its shell-style exit status. */
export function runElf(a: RunArgs): number {
  const { p, loaded } = startElf(a);
  const elfSymbols = loaded.elf.symbols.length ? SymbolTable.fromElf(loaded.elf.symbols) : undefined;
  const finish = observe(p.engine, a, elfSymbols);
  const gdb = attachGdbToProcess(p, a, elfSymbols);
  try {
    gdb?.start();
    const status = p.run();
    gdb?.finish(processEnd(p));
    finish();
    return status;
  } catch (e) {
    gdb?.finish(undefined);
    if (e instanceof UserError) throw e;
    const err = e as Error;
    writeSync(2, `ppcjit: internal error at pc 0x${p.s.pc.toString(16)}: ${err?.message ?? String(e)}\n`);
    if (process.env.PPCJIT_DEBUG) writeSync(2, `${err?.stack}\n`);
    return ExitCode.Internal;
  }
}
