// One sample of a realprogs workload under ppcjit (a fresh `child.js --linux` process: the
// Linux user-mode machine in-process) or under qemu-ppc. Both get the same argv, environment,
// cwd (the generated inputs) and stdin; their stdout goes to a file whose bytes are digested so
// the runs can be compared exactly.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestResult } from '../guest.js';
import type { LinuxGuestSpec } from './linux-guest.js';
import { REALPROGS_CACHE, REALPROGS_ENV, REALPROGS_WORK, type RealProgram, realProgramBinary } from './workloads.js';

/** test/corpus/patch-mffscrni.mjs (this file runs as dist/bench/realprogs/samples.js). */
const PATCH_MFFSCRNI = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  'corpus',
  'patch-mffscrni.mjs',
);

/** A sample that has not ended after this long is given up (an error, not a hang of the bench). */
const SAMPLE_TIMEOUT_MS = 180_000;

/** A run's stdout: its size and SHA-256, and the text itself when it is short and printable. */
export interface OutputDigest {
  bytes: number;
  sha256: string;
  text: string | undefined;
}

export function digest(out: Buffer): OutputDigest {
  const printable = out.length <= 400 && /^[\x20-\x7e\n\t]*$/.test(out.toString('latin1'));
  return {
    bytes: out.length,
    sha256: createHash('sha256').update(out).digest('hex'),
    text: printable ? out.toString('latin1') : undefined,
  };
}

/** One line for the report: the text when short, else size and hash prefix. */
export function describeOutput(d: OutputDigest): string {
  return d.text !== undefined ? d.text.trim() : `${d.bytes} bytes, sha256 ${d.sha256.slice(0, 16)}…`;
}

const argvOf = (p: RealProgram) => [realProgramBinary(p), ...p.args];

/** Runs `cmd` with the program's stdin and stdout on files; returns the process result and stdout. */
function runWithFiles(
  cmd: string,
  args: string[],
  p: RealProgram,
  env: NodeJS.ProcessEnv,
  extra: 'pipe'[] = [],
): { r: ReturnType<typeof spawnSync>; out: Buffer; ms: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-realprogs-'));
  const outPath = join(dir, 'stdout');
  const stdin = openSync(p.stdin ? join(REALPROGS_WORK, p.stdin) : '/dev/null', 'r');
  const stdout = openSync(outPath, 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, {
      cwd: REALPROGS_WORK,
      env,
      stdio: [stdin, stdout, 'pipe', ...extra],
      maxBuffer: 1 << 26,
      timeout: SAMPLE_TIMEOUT_MS,
    });
    const ms = performance.now() - t0;
    closeSync(stdout);
    return { r, out: readFileSync(outPath), ms };
  } finally {
    closeSync(stdin);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where a failed process's stderr ends, for the error column. */
const tail = (b: unknown) =>
  String(b ?? '')
    .trim()
    .split('\n')
    .slice(-3)
    .join(' | ')
    .slice(0, 300);

/** A ppcjit sample: child.js --linux in a fresh process (its result JSON on fd 3). */
export function ppcjitRealSample(
  childJs: string,
  p: RealProgram,
): GuestResult & { maxRssKb: number; digest: OutputDigest } {
  const spec: LinuxGuestSpec = { elf: realProgramBinary(p), argv: argvOf(p), env: REALPROGS_ENV };
  const { r, out } = runWithFiles(process.execPath, [childJs, '--linux', JSON.stringify(spec)], p, process.env, [
    'pipe',
  ]);
  const json = r.output?.[3]?.toString() ?? '';
  if (r.status !== 0 || !json) {
    const why = r.error ? r.error.message : r.signal ? `signal ${r.signal}` : `status ${r.status}`;
    return {
      stdout: '',
      exitCode: -1,
      error: `ppcjit child failed (${why}): ${tail(r.stderr)}`,
      wallMs: Number.NaN,
      translateMs: 0,
      instructions: 0,
      blocksCompiled: 0,
      regionsCompiled: 0,
      maxRssKb: 0,
      digest: digest(out),
    };
  }
  const result = JSON.parse(json) as GuestResult & { maxRssKb: number };
  if (result.error) result.error = `${result.error}: ${tail(r.stderr)}`;
  return { ...result, digest: digest(out) };
}

/**
 * The binary qemu-ppc runs: a copy with mffscrn/mffscrni rewritten to mffs (glibc 2.36 runs
 * mffscrni, which a G4 executes as mffs but qemu-ppc 7.2 SIGILLs on; test/corpus/
 * patch-mffscrni.mjs), made once per build of the binary in $PPCJIT_REALPROGS_CACHE/qemu-bin.
 */
export function qemuBinary(p: RealProgram): string {
  const original = realProgramBinary(p);
  const copy = join(REALPROGS_CACHE, 'qemu-bin', p.bin);
  if (!existsSync(copy) || statSync(copy).mtimeMs < statSync(original).mtimeMs) {
    mkdirSync(dirname(copy), { recursive: true });
    const r = spawnSync(process.execPath, [PATCH_MFFSCRNI, original, copy], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`patch-mffscrni failed on ${original}: ${r.stderr}`);
  }
  return copy;
}

/**
 * A qemu-ppc sample: wall time from spawn to exit, peak RSS from GNU time when present. qemu-ppc
 * runs qemuBinary(p) with `-0` giving the guest the same argv[0] as ppcjit's.
 */
export function qemuRealSample(
  qemu: string,
  p: RealProgram,
): { ms: number; maxRssKb: number | undefined; digest: OutputDigest; error: string | undefined } {
  const useTime = existsSync('/usr/bin/time');
  const argv = ['-0', realProgramBinary(p), qemuBinary(p), ...p.args];
  const cmd = useTime ? ['/usr/bin/time', '-f', '%M', qemu, ...argv] : [qemu, ...argv];
  const env = Object.fromEntries(
    REALPROGS_ENV.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const { r, out, ms } = runWithFiles(cmd[0], cmd.slice(1), p, env);
  const stderr = String(r.stderr ?? '');
  const rss = useTime ? Number(stderr.trim().split('\n').pop()) : undefined;
  const error = r.status === 0 ? undefined : `qemu-ppc failed (status ${r.status ?? r.signal}): ${tail(stderr)}`;
  return { ms, maxRssKb: rss !== undefined && Number.isFinite(rss) ? rss : undefined, digest: digest(out), error };
}
