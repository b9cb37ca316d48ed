import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childOutcome } from '../support/child-outcome.js';

/** The guest program corpus: built by build.sh, expectations recorded by record.sh. */
export const CORPUS_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = join(CORPUS_DIR, '..', '..');
export const PPCJIT = join(REPO_DIR, 'bin', 'ppcjit.js');

export interface CorpusProgram {
  /** ELF file name in bin/, e.g. `sort-O2`. */
  elf: string;
  path: string;
  args: string[];
  expectedStdout: string;
  expectedStatus: number;
  /** Why the expectation is not plain qemu-ppc output (mffscrni), if it is not. */
  note: string | undefined;
}

export function corpusPrograms(): CorpusProgram[] {
  const bin = join(CORPUS_DIR, 'bin');
  return readdirSync(bin)
    .sort()
    .map((elf) => {
      const name = elf.replace(/-O\d$/, '');
      const argsFile = join(CORPUS_DIR, 'src', `${name}.args`);
      const args = existsSync(argsFile)
        ? readFileSync(argsFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
        : [];
      const expected = (ext: string) => join(CORPUS_DIR, 'expected', `${elf}.${ext}`);
      return {
        elf,
        path: join(bin, elf),
        args,
        expectedStdout: readFileSync(expected('expected'), 'latin1'),
        expectedStatus: Number(readFileSync(expected('status'), 'utf8').trim()),
        note: existsSync(expected('note')) ? readFileSync(expected('note'), 'utf8').trim() : undefined,
      };
    });
}

export interface GuestRun {
  stdout: string;
  stderr: string;
  /** Shell-style exit status: the exit code, or 128 + N for death by signal N. */
  status: number;
  ms: number;
}

/**
 * Runs `command ELF ARGS` the way record.sh does: stdin /dev/null, environment
 * `PPCJIT_CORPUS=corpus TMPDIR=<fresh dir>` (plus PATH-free Node needs nothing else).
 */
export function runGuest(command: string[], program: CorpusProgram, timeoutMs = 60_000): GuestRun {
  const tmp = mkdtempSync(join(tmpdir(), 'ppcjit-corpus-'));
  try {
    const t0 = performance.now();
    const r = spawnSync(command[0], [...command.slice(1), program.path, ...program.args], {
      env: { PPCJIT_CORPUS: 'corpus', TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'latin1',
      timeout: timeoutMs,
      maxBuffer: 1 << 26,
    });
    const ms = performance.now() - t0;
    if (r.error) throw r.error;
    const signal = r.signal ? (constants.signals as Record<string, number>)[r.signal] : undefined;
    return { stdout: r.stdout, stderr: r.stderr, status: signal !== undefined ? 128 + signal : (r.status ?? -1), ms };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `node bin/ppcjit.js run` — true once the user-mode machine registered the command. */
export function ppcjitHasRun(): boolean {
  if (!existsSync(join(REPO_DIR, 'dist', 'src', 'cli', 'main.js'))) return false;
  const r = spawnSync(process.execPath, [PPCJIT, '--help'], { encoding: 'utf8' });
  return r.status === 0 && /^\s*ppcjit run\b/m.test(r.stdout);
}

export const PPCJIT_RUN = [process.execPath, PPCJIT, 'run'];

/** runGuest without blocking the event loop, so vitest can run several programs at once. */
export async function runGuestAsync(command: string[], program: CorpusProgram, timeoutMs = 60_000): Promise<GuestRun> {
  const tmp = mkdtempSync(join(tmpdir(), 'ppcjit-corpus-'));
  const t0 = performance.now();
  try {
    const child = spawn(command[0], [...command.slice(1), program.path, ...program.args], {
      env: { PPCJIT_CORPUS: 'corpus', TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    return { ...(await childOutcome(child)), ms: performance.now() - t0 };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
