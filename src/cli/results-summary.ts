// `ppcjit results merge OUT.json IN.json...`: the summary.json files that `--output-dir` writes
// for each shard of a jobs file, joined into the summary one unsharded run writes. Every job
// must appear exactly once, as in the JUnit merge (results.ts).
import { UserError } from '../errors.js';

/** What merge needs of a summary.json (instances.ts writes it; no import: instances uses results). */
interface SummaryGuest {
  index: number;
  name: string;
  passed: boolean;
}
interface ShardSummary {
  snapshot: string;
  jobs: number;
  wallMs: number;
  peakRssMb: number;
  jobsFile: string;
  jobsDigest: string;
  totalJobs: number;
  guests: SummaryGuest[];
}

interface ParsedSummary {
  file: string;
  summary: ShardSummary;
}

/** A summary.json of a jobs-file run (the only kind merge reads: it needs names and indices). */
export function parseSummary(text: string, file: string): ParsedSummary {
  const notOurs = (why: string) => new UserError(`${file}: not a ppcjit --jobs-file summary.json (${why})`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw notOurs(`not JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const s = v as Partial<ShardSummary>;
  if (typeof s !== 'object' || s === null || !Array.isArray(s.guests)) throw notOurs('no "guests" list');
  if (typeof s.jobsDigest !== 'string' || !Number.isInteger(s.totalJobs))
    throw notOurs('no "jobsDigest" / "totalJobs": written by --instances without --jobs-file, or an older ppcjit');
  for (const g of s.guests) {
    if (!Number.isInteger(g?.index) || typeof g.name !== 'string' || typeof g.passed !== 'boolean')
      throw notOurs('a guest without index, name or passed');
  }
  return { file, summary: s as ParsedSummary['summary'] };
}

export interface SummaryMerge {
  /** The summary.json one unsharded run writes (same keys, same order). */
  summary: object;
  tests: number;
  failures: number;
}

/**
 * The shards' summaries as one: the guests in job order, each exactly once (else a UserError
 * naming what is missing or twice). The run-wide figures describe the shards run side by side:
 * wall time is the longest shard's, workers add up, guests/min is all guests over that wall
 * time, peak RSS is the largest shard's.
 */
export function mergeSummaries(inputs: ParsedSummary[]): SummaryMerge {
  const first = inputs[0];
  for (const p of inputs.slice(1)) {
    if (p.summary.jobsDigest !== first.summary.jobsDigest || p.summary.totalJobs !== first.summary.totalJobs)
      throw new UserError(`${p.file}: from another jobs file than ${first.file} (jobsDigest differs)`);
  }
  const total = first.summary.totalJobs;
  const seen = new Map<number, string>();
  const twice: string[] = [];
  const beyond: string[] = [];
  const guests: SummaryGuest[] = [];
  for (const p of inputs) {
    for (const g of p.summary.guests) {
      const index = g.index;
      const before = seen.get(index);
      if (before !== undefined) {
        twice.push(`${JSON.stringify(g.name)} (index ${index}) in ${before} and ${p.file}`);
        continue;
      }
      if (index >= total) beyond.push(`${p.file}: job index ${index} beyond the ${total} jobs`);
      seen.set(index, p.file);
      guests.push(g);
    }
  }
  const problems = [...beyond];
  if (twice.length > 0)
    problems.push(
      `${twice.length} job(s) reported twice: ${twice.slice(0, 3).join(', ')}${twice.length > 3 ? ', …' : ''}`,
    );
  const missing: number[] = [];
  for (let i = 0; i < total; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0)
    problems.push(
      `${missing.length} of ${total} jobs missing (indices ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}): a shard did not report`,
    );
  if (problems.length > 0) throw new UserError(`results merge: ${problems.join('; ')}`);
  guests.sort((a, b) => a.index - b.index);
  const wallMs = Math.max(...inputs.map((p) => p.summary.wallMs));
  const jobs = inputs.reduce((n, p) => n + p.summary.jobs, 0);
  const perMinute = (guests.length * 60_000) / wallMs;
  const s = first.summary;
  // The key order of one unsharded run's summary.json (instances.ts), without `shard`.
  const summary = {
    snapshot: s.snapshot,
    instances: guests.length,
    jobs,
    wallMs,
    guestsPerMinute: perMinute,
    guestsPerMinutePerJob: perMinute / jobs,
    peakRssMb: Math.max(...inputs.map((p) => p.summary.peakRssMb)),
    jobsFile: s.jobsFile,
    jobsDigest: s.jobsDigest,
    totalJobs: total,
    guests,
  };
  return { summary, tests: guests.length, failures: guests.filter((g) => !g.passed).length };
}
