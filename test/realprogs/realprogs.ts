import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childOutcome } from '../support/child-outcome.js';

/**
 * Real third-party programs (Lua, a shell, a compressor) under ppcjit and qemu-ppc. Their
 * binaries are NOT in git (third-party code is not committed here): a developer puts the static
 * stripped powerpc ELFs in test/realprogs/bin/ (or $PPCJIT_REALPROGS_BIN) under the names used
 * in CASES; tests whose binary is absent are skipped with a notice. The scripts they run and the
 * expected outputs (recorded from qemu-ppc by record.ts) are committed.
 */
export const REALPROGS_DIR = dirname(fileURLToPath(import.meta.url));
export const REALPROGS_BIN = process.env.PPCJIT_REALPROGS_BIN ?? join(REALPROGS_DIR, 'bin');
export const PPCJIT = join(REALPROGS_DIR, '..', '..', 'bin', 'ppcjit.js');

export interface RealCase {
  /** Name of the expectation files expected/<id>.stdout and .status. */
  id: string;
  /** Binary name in REALPROGS_BIN. */
  bin: string;
  /** Guest arguments ({tmp}: the run's fresh TMPDIR); the guest runs with cwd = test/realprogs. */
  args: string[];
  /** File (relative to test/realprogs) fed on stdin; /dev/null when absent. */
  stdin?: string;
  /**
   * Run with PATH = a fresh directory of symlinks to the binary named after these applets (how a
   * busybox built without FEATURE_SH_STANDALONE finds its applets on a real system).
   */
  applets?: string[];
  /** Use the expectation files of this other case id. */
  sameAs?: string;
  /** A file (relative to test/realprogs) that is the expected stdout, instead of expected/<id>.stdout. */
  stdoutIs?: string;
  /** Why qemu-ppc cannot give this expectation live (the committed one is checked by hand), if so. */
  qemuCannot?: string;
}

const lua = (script: string): RealCase => ({ id: `lua-${script}`, bin: 'lua', args: [`lua/${script}.lua`] });

const sh = (script: string, qemuCannot?: string): RealCase => ({
  id: `sh-${script}`,
  bin: 'busybox',
  args: ['sh', `sh/${script}.sh`],
  qemuCannot,
});

/** The applets the sh/ scripts run as commands. */
const APPLETS = [
  'sh',
  'tr',
  'sort',
  'seq',
  'grep',
  'wc',
  'uniq',
  'head',
  'tail',
  'yes',
  'cat',
  'sed',
  'cut',
  'rev',
  'md5sum',
  'expr',
];

export const CASES: RealCase[] = [
  lua('tables'),
  lua('strings'),
  lua('closures'),
  lua('math'),
  lua('modules'),
  sh('pipelines'),
  sh('control'),
  // zlib's minigzip (gzip format, no timestamp: the bytes are deterministic) on a committed
  // binary, the decompression of what the -9 case produced, and zlib's own self test.
  { id: 'zlib-gzip-9', bin: 'minigzip', args: ['-9'], stdin: '../corpus/bin/sort-O2' },
  { id: 'zlib-gzip-1', bin: 'minigzip', args: ['-1'], stdin: '../corpus/bin/sort-O2' },
  {
    id: 'zlib-gunzip',
    bin: 'minigzip',
    args: ['-d'],
    stdin: 'expected/zlib-gzip-9.stdout',
    stdoutIs: '../corpus/bin/sort-O2',
  },
  { id: 'zlib-example', bin: 'example', args: ['{tmp}/foo.gz'] },
  sh(
    'gzip-roundtrip',
    'execs minigzip (a guest ELF) from the shell: not under qemu-ppc without binfmt_misc. The script checks the round trips itself (md5sum against the original); the sizes equal those of minigzip under qemu-ppc on the same files',
  ),
  ...['pipelines', 'control', 'gzip-roundtrip', 'programs'].map(
    (script): RealCase => ({
      id: `busybox-full-${script}`,
      bin: 'busybox-full',
      args: ['sh', `sh/${script}.sh`],
      applets: APPLETS,
      sameAs: `sh-${script}`,
      qemuCannot:
        'a busybox defconfig build (no FEATURE_SH_STANDALONE) runs its applets through PATH symlinks: guest ELFs, which qemu-ppc cannot exec without binfmt_misc. Expected: the same output as the standalone busybox',
    }),
  ),
  {
    id: 'busybox-full-archive',
    bin: 'busybox-full',
    args: ['sh', 'sh/archive.sh'],
    applets: [
      ...APPLETS,
      'tar',
      'gzip',
      'echo',
      'cmp',
      'bzip2',
      'bunzip2',
      'xargs',
      'awk',
      'find',
      'paste',
      'bc',
      'mkdir',
    ],
    qemuCannot:
      'applets through PATH symlinks (guest ELFs). Recorded from ppcjit; identical to qemu-ppc running the same build with PATH=/usr/bin:/bin (where its execs of missing applets fall back to host tools)',
  },
  sh(
    'programs',
    'execve of a guest ELF: qemu-ppc without binfmt_misc fails with ENOEXEC. Recorded from ppcjit and checked against the corpus expectations of the programs it runs',
  ),
];

export const binPath = (c: RealCase) => join(REALPROGS_BIN, c.bin);
export const haveBin = (c: RealCase) => existsSync(binPath(c));

export function expected(c: RealCase): { stdout: string; status: number } {
  const base = join(REALPROGS_DIR, 'expected', c.sameAs ?? c.id);
  return {
    stdout: readFileSync(c.stdoutIs ? join(REALPROGS_DIR, c.stdoutIs) : `${base}.stdout`, 'latin1'),
    status: Number(readFileSync(`${base}.status`, 'utf8').trim()),
  };
}

export interface RealRun {
  stdout: string;
  stderr: string;
  /** Shell-style status: exit code or 128 + signal. */
  status: number;
}

/**
 * Runs `command BIN ARGS` in test/realprogs with stdin from the case's file, environment
 * `PATH=/usr/bin:/bin PPCJIT_REALPROGS=1 TMPDIR=<fresh dir>` only (record.ts uses the same;
 * PATH is the applet directory for cases with `applets`).
 */
export async function runCase(
  command: string[],
  c: RealCase,
  binary = binPath(c),
  timeoutMs = 120_000,
): Promise<RealRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'ppcjit-realprogs-'));
  const args = c.args.map((a) => a.replaceAll('{tmp}', tmp));
  let path = '/usr/bin:/bin';
  if (c.applets) {
    path = join(tmp, 'applets');
    mkdirSync(path);
    for (const name of c.applets) symlinkSync(resolvePath(binary), join(path, name));
  }
  try {
    const child = spawn(command[0], [...command.slice(1), binary, ...args], {
      cwd: REALPROGS_DIR,
      env: { PATH: path, PPCJIT_REALPROGS: '1', TMPDIR: tmp },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    child.stdin.on('error', () => {}); // the guest may exit before reading all of stdin
    child.stdin.end(c.stdin ? readFileSync(join(REALPROGS_DIR, c.stdin)) : undefined);
    return await childOutcome(child);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export const PPCJIT_RUN = [process.execPath, PPCJIT, 'run'];
