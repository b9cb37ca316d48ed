/**
 * Target `syscalls`: a guest program of up to eight `sc`s with random numbers (handled ones, any
 * ppc32 number, numbers past the table) and random arguments — pointers into unmapped memory and
 * into a scratch page, huge lengths, negative fds, AT_FDCWD, page edges — run to its exit under
 * the linux-user kernel. Expected: each call returns a value or one of the kernel's errnos;
 * never a host exception escaping, never EIO (what a Node error without an errno becomes) and
 * never an errno outside Linux's table. Calls on a negative fd that the kernel checks first must
 * fail with EBADF.
 *
 * The guest runs in a sandbox: its fds 0–2 are closed (it opens only files it creates), its cwd
 * is a fresh temporary directory, the only absolute path in its scratch page names nothing, and
 * the calls that could leave that sandbox or never end are not drawn: sleeps and waits with
 * timeouts, signal handlers and sigreturn (a random handler address could loop forever), chdir,
 * links and symlinks. At most two fork-like calls are drawn (each doubles the processes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { findCpuModel } from '../../src/cpu/models.js';
import { FdTable } from '../../src/machine/linux-user/fd-table.js';
import { createInitProcess } from '../../src/machine/linux-user/kernel.js';
import { loadProgram } from '../../src/machine/linux-user/loader.js';
import { acquireMemory } from '../../src/machine/linux-user/memory-pool.js';
import { NR, SYSCALL_NAMES } from '../../src/machine/linux-user/syscall-names.js';
import { Prot } from '../../src/runtime/flat-memory.js';
import { tinyElf } from '../machine/elf-builder.js';
import { FuzzFailure, type FuzzTarget } from './target.js';

const CODE = 0x10000000;
const SCRATCH = 0x20000000;
const SCRATCH_SIZE = 0x2000;
/** Strings the guest's path arguments may point at; no `/` inside one, so no suffix is absolute. */
const STRINGS = ['/nonexistent-ppcjit-fuzz', 'fuzzfile', '.', 'fuzzdir'];

/** Calls never drawn (see the comment at the top). */
const EXCLUDED = new Set([
  'nanosleep',
  'clock_nanosleep',
  'clock_nanosleep_time64',
  'poll',
  'ppoll',
  'ppoll_time64',
  'select',
  '_newselect',
  'pselect6',
  'pselect6_time64',
  'epoll_wait',
  'epoll_pwait',
  'signal',
  'sigaction',
  'rt_sigaction',
  'sigreturn',
  'rt_sigreturn',
  'swapcontext',
  'chdir',
  'fchdir',
  'chroot',
  'link',
  'linkat',
  'symlink',
  'symlinkat',
]);
const FORKS = new Set(['fork', 'vfork', 'clone', 'clone3']);
/** Calls whose first argument is an fd that Linux looks up before anything else (fdget → EBADF). */
const FD_FIRST = new Set(['read', 'write', 'close', 'fstat64', 'lseek', '_llseek', 'fsync', 'fdatasync', 'dup']);

const numbers = Object.keys(SYSCALL_NAMES)
  .map(Number)
  .filter((nr) => !EXCLUDED.has(SYSCALL_NAMES[nr]));

const arg: fc.Arbitrary<number> = fc.oneof(
  fc.nat({ max: 64 }),
  fc.constantFrom(-1, -100 /* AT_FDCWD */, -0x80000000, -4096).map((n) => n >>> 0),
  fc.constantFrom(0, 0x1000, 0xdead0000, 0xfffff000, 0xfffffffc, 0x7fff0ff0, 0x40000000), // unmapped or edges
  fc.nat({ max: SCRATCH_SIZE - 1 }).map((o) => SCRATCH + o),
  fc.constantFrom(0x7fffffff, 0x80000000, 0xffffffff, 0x10000000, 0x1000, 0x1001),
  fc.integer({ min: 0, max: 0xffffffff }),
);

const syscallNumber: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(...numbers), weight: 6 },
  { arbitrary: fc.nat({ max: 600 }).filter((nr) => !EXCLUDED.has(SYSCALL_NAMES[nr])), weight: 1 },
  { arbitrary: fc.constantFrom(0xffffffff, 0x80000000, 0x10000), weight: 1 },
);

interface Call {
  nr: number;
  args: number[];
}

const call: fc.Arbitrary<Call> = fc.record({ nr: syscallNumber, args: fc.array(arg, { minLength: 6, maxLength: 6 }) });

/** lis rD,hi; ori rD,rD,lo. */
const loadImmediate = (rd: number, v: number) => [
  ((15 << 26) | (rd << 21) | (v >>> 16)) >>> 0,
  ((24 << 26) | (rd << 21) | (rd << 16) | (v & 0xffff)) >>> 0,
];
const SC = 0x44000002;

/** The guest: each call's registers then sc; at the end exit(0). */
export function syscallProgram(calls: readonly Call[]): number[] {
  const words: number[] = [];
  for (const c of calls) {
    words.push(...loadImmediate(0, c.nr));
    c.args.forEach((a, i) => {
      words.push(...loadImmediate(3 + i, a));
    });
    words.push(SC);
  }
  words.push(...loadImmediate(0, NR.exit), ...loadImmediate(3, 0), SC);
  return words;
}

const KNOWN_ERRNO_NAMES = new Set(Object.keys(constants.errno));

/** strace-style lines: `[pid N] name(args) = -1 ENAME (text)`. */
const TRACE = /^(?:\[pid \d+\] )?([a-z_0-9]+)\((.*)\) = (?:-1 ([A-Z0-9]+)|.*)/;

let sandbox: string | undefined;
function sandboxDir(): string {
  if (!sandbox) {
    const dir = mkdtempSync(join(tmpdir(), 'ppcjit-fuzz-syscalls-'));
    sandbox = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return sandbox;
}

export const syscallsTarget: FuzzTarget<Call[]> = {
  description: 'random system calls (numbers, pointers, lengths, fds) from a guest program: errnos, no host exception',
  input: () =>
    fc
      .array(call, { minLength: 1, maxLength: 8 })
      .filter((calls) => calls.filter((c) => FORKS.has(SYSCALL_NAMES[c.nr])).length <= 2),
  run(calls) {
    const dir = mkdtempSync(join(sandboxDir(), 'case-'));
    const trace: string[] = [];
    const diagnostics: string[] = [];
    const p = createInitProcess({
      model: findCpuModel('750'),
      exePath: join(dir, 'prog'),
      mem: acquireMemory(),
      trace: (line) => trace.push(line),
      diagnostics: (line) => diagnostics.push(line),
    });
    p.fds = new FdTable(false);
    p.cwd = dir;
    loadProgram(p, tinyElf(syscallProgram(calls), CODE), ['prog'], []);
    p.as.mapFixed(SCRATCH, SCRATCH_SIZE, Prot.RW);
    let at = SCRATCH;
    for (const s of STRINGS) {
      p.mem.load(at, new TextEncoder().encode(`${s}\0`));
      at += s.length + 1;
    }
    const status = p.run(); // an exception escaping here is the failure the target looks for
    for (const line of trace) {
      const m = TRACE.exec(line);
      if (!m) throw new FuzzFailure(`unparsed trace line: ${line}`);
      const [, name, args, errno] = m;
      if (errno === undefined) continue;
      if (errno === 'EIO') throw new FuzzFailure(`EIO (a host error without an errno?): ${line}`);
      if (!KNOWN_ERRNO_NAMES.has(errno)) throw new FuzzFailure(`not a Linux errno: ${line}`);
      const fd = Number(args.split(',')[0]);
      if (FD_FIRST.has(name) && fd < 0 && errno !== 'EBADF') throw new FuzzFailure(`negative fd, not EBADF: ${line}`);
    }
    rmSync(dir, { recursive: true, force: true });
    return p.termSignal ? `signal ${p.termSignal}` : status === 0 ? 'exit 0' : 'exit N';
  },
  testRuns: 150,
};
