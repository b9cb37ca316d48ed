// The jobs file of `ppcjit boot --restore FILE --jobs-file JOBS` (one guest per JSON line) and
// which of its jobs one shard runs (--shard K/N or the scheduler's environment).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { unescapeInput } from './boot-snapshot.js';

export interface Job {
  /** 0-based position among the file's jobs (blank lines do not count): what --shard deals. */
  index: number;
  /** 1-based line number in the file. */
  line: number;
  name: string;
  /** The console input bytes (after --append-input's escapes). */
  input: Uint8Array;
  /** Seconds; the run's --timeout when absent. */
  timeout?: number;
  /** The `expect` regex source (JavaScript syntax, multiline: ^ and $ match at line ends). */
  expect?: string;
  /** Expected exit status, default 0. */
  exit: number;
}

export interface JobsFile {
  path: string;
  jobs: Job[];
  /** SHA-256 of the file's bytes: shards of one run name the same file. */
  digest: string;
}

const FIELDS = new Set(['name', 'input', 'timeout', 'expect', 'exit']);

/** Every line checked before anything runs: a bad one is one UserError naming its line (exit 2). */
export function parseJobs(text: string, path: string): Job[] {
  const jobs: Job[] = [];
  const names = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const raw = lines[i].trim();
    if (raw === '') continue;
    const bad = (why: string) => new UserError(`${path}:${line}: ${why}`);
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (e) {
      throw bad(`not JSON (${(e as Error).message.split('\n')[0]})`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('expected a JSON object');
    const o = v as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => !FIELDS.has(k));
    if (unknown.length > 0) throw bad(`unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
    if (typeof o.name !== 'string' || o.name === '') throw bad('"name" (a non-empty string) is required');
    if (typeof o.input !== 'string') throw bad('"input" (a string) is required');
    const first = names.get(o.name);
    if (first !== undefined) throw bad(`name ${JSON.stringify(o.name)} already used on line ${first}`);
    names.set(o.name, line);
    let input: Uint8Array;
    try {
      input = unescapeInput(o.input);
    } catch (e) {
      throw bad(`"input": ${(e as Error).message.replace('--append-input ', '')}`);
    }
    if (o.timeout !== undefined && !(typeof o.timeout === 'number' && o.timeout > 0 && Number.isFinite(o.timeout)))
      throw bad('"timeout" must be a number of seconds > 0');
    if (o.expect !== undefined) {
      if (typeof o.expect !== 'string') throw bad('"expect" must be a string (a regular expression)');
      try {
        new RegExp(o.expect, 'm');
      } catch (e) {
        throw bad(`"expect": ${(e as Error).message}`);
      }
    }
    if (o.exit !== undefined && !(Number.isInteger(o.exit) && (o.exit as number) >= 0 && (o.exit as number) <= 255))
      throw bad('"exit" must be an integer 0..255');
    jobs.push({
      index: jobs.length,
      line,
      name: o.name,
      input,
      timeout: o.timeout as number | undefined,
      expect: o.expect as string | undefined,
      exit: (o.exit as number | undefined) ?? 0,
    });
  }
  if (jobs.length === 0) throw new UserError(`${path}: no jobs (one JSON object per line)`);
  return jobs;
}

export function readJobsFile(path: string): JobsFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`cannot read jobs file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return {
    path,
    jobs: parseJobs(bytes.toString('utf8'), path),
    digest: createHash('sha256').update(bytes).digest('hex'),
  };
}

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
  /** Where it came from: --shard, JOB_COMPLETION_INDEX or CI_NODE_INDEX. */
  source: string;
}

function count(text: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UserError(`invalid ${what} ${text}: expected an integer ≥ 1`);
  return Number(text);
}

/**
 * The shard to run: --shard K/N (K from 0); else Kubernetes' JOB_COMPLETION_INDEX (0-based) with
 * the count from --shard-count; else CI_NODE_INDEX (1-based, as GitLab's `parallel:` sets it) of
 * CI_NODE_TOTAL. Undefined: run every job.
 */
export function resolveShard(
  flag: string | undefined,
  shardCount: number | undefined,
  env: NodeJS.ProcessEnv,
): Shard | undefined {
  if (flag !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(flag);
    if (!m) throw new UserError(`invalid --shard ${flag}: expected K/N with 0 ≤ K < N`);
    const [k, n] = [Number(m[1]), Number(m[2])];
    if (n < 1 || k >= n) throw new UserError(`invalid --shard ${flag}: expected K/N with 0 ≤ K < N`);
    return { index: k, count: n, source: '--shard' };
  }
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== '') {
    if (shardCount === undefined)
      throw new UserError(
        'JOB_COMPLETION_INDEX is set: give the number of shards with --shard-count N (or use --shard K/N)',
      );
    const n = count(String(shardCount), '--shard-count');
    if (!/^\d+$/.test(k8s) || Number(k8s) >= n)
      throw new UserError(`invalid JOB_COMPLETION_INDEX ${k8s}: expected 0..${n - 1} (--shard-count ${n})`);
    return { index: Number(k8s), count: n, source: 'JOB_COMPLETION_INDEX' };
  }
  if (shardCount !== undefined)
    throw new UserError('--shard-count goes with JOB_COMPLETION_INDEX (or use --shard K/N)');
  const ci = env.CI_NODE_INDEX;
  const total = env.CI_NODE_TOTAL;
  if (ci !== undefined && ci !== '' && total !== undefined && total !== '') {
    const n = count(total, 'CI_NODE_TOTAL');
    if (!/^\d+$/.test(ci) || Number(ci) < 1 || Number(ci) > n)
      throw new UserError(`invalid CI_NODE_INDEX ${ci}: expected 1..${n} (1-based, CI_NODE_TOTAL ${n})`);
    return { index: Number(ci) - 1, count: n, source: 'CI_NODE_INDEX' };
  }
  return undefined;
}

/** The jobs of one shard: those whose index is K modulo N. */
export function shardJobs(jobs: readonly Job[], shard: Shard | undefined): Job[] {
  return shard === undefined ? [...jobs] : jobs.filter((j) => j.index % shard.count === shard.index);
}
