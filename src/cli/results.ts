// Results of a jobs-file run (`ppcjit boot --restore F --jobs-file J`): each job's verdict, the
// JUnit XML written by --junit, and `ppcjit results merge OUT.xml IN...`, which joins the JUnit
// files of a run's shards into the report one unsharded run writes (apart from timings), and
// their summary.json files likewise (results-summary.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { ExitCode, UserError } from '../errors.js';
import type { Job } from './jobs.js';
import { mergeSummaries, parseSummary } from './results-summary.js';

export interface JobOutcome {
  stop: string;
  exitCode: number;
  wallMs: number;
  instructions: number;
}

export interface JobVerdict {
  passed: boolean;
  /** Why not: 'timeout', 'crash' (the guest stopped on a fault), 'exit-status' or 'expect'. */
  failure?: { type: string; message: string };
}

/** The console log as text (UTF-8; a byte that is not becomes U+FFFD). */
export function consoleText(output: Uint8Array): string {
  return new TextDecoder('utf-8').decode(output);
}

export function judge(job: Job, outcome: JobOutcome, console: string): JobVerdict {
  if (outcome.exitCode !== job.exit) {
    const type =
      outcome.stop === 'timeout'
        ? 'timeout'
        : outcome.stop === 'exit' || outcome.stop === 'power-off'
          ? 'exit-status'
          : 'crash';
    const what =
      type === 'timeout' ? 'timed out' : type === 'crash' ? `stopped (${outcome.stop})` : `ended (${outcome.stop})`;
    return {
      passed: false,
      failure: { type, message: `${what} with exit status ${outcome.exitCode}, expected ${job.exit}` },
    };
  }
  if (job.expect !== undefined && !new RegExp(job.expect, 'm').test(console)) {
    return { passed: false, failure: { type: 'expect', message: `console output does not match /${job.expect}/` } };
  }
  return { passed: true };
}

/**
 * Text for an XML attribute or element: the five specials as entities, CR as &#13; (a parser
 * would turn CR LF into LF), and the characters XML 1.0 cannot carry at all (C0 controls other
 * than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) as the visible text \xHH or \uHHHH.
 */
export function xmlEscape(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 cannot carry
  return s.replace(/[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/gu, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case "'":
        return '&apos;';
      case '\r':
        return '&#13;';
    }
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface JunitCase {
  job: Job;
  outcome: JobOutcome;
  verdict: JobVerdict;
  console: string;
}

export interface JunitSuite {
  snapshot: string;
  jobsFile: string;
  jobsDigest: string;
  totalJobs: number;
  shard?: { index: number; count: number };
  wallMs: number;
  cases: JunitCase[];
}

const prop = (name: string, value: string | number) =>
  `<property name="${xmlEscape(name)}" value="${xmlEscape(String(value))}"/>`;
const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcaseXml(c: JunitCase, suiteName: string): string {
  const lines = [
    `    <testcase name="${xmlEscape(c.job.name)}" classname="${xmlEscape(suiteName)}" time="${seconds(c.outcome.wallMs)}">`,
    '      <properties>',
    `        ${prop('ppcjit.index', c.job.index)}`,
    `        ${prop('ppcjit.line', c.job.line)}`,
    `        ${prop('stop', c.outcome.stop)}`,
    `        ${prop('exit-status', c.outcome.exitCode)}`,
    `        ${prop('expected-exit-status', c.job.exit)}`,
    `        ${prop('instructions', c.outcome.instructions)}`,
    '      </properties>',
  ];
  if (c.verdict.failure) {
    const f = c.verdict.failure;
    lines.push(
      `      <failure type="${xmlEscape(f.type)}" message="${xmlEscape(f.message)}">${xmlEscape(f.message)}</failure>`,
    );
  }
  lines.push(`      <system-out>${xmlEscape(c.console)}</system-out>`, '    </testcase>');
  return lines.join('\n');
}

interface SuiteHeader {
  name: string;
  snapshot: string;
  jobsFile: string;
  jobsDigest: string;
  totalJobs: number;
  shard?: string;
}

function documentXml(h: SuiteHeader, testcases: string[], failures: number, timeMs: number): string {
  const tests = testcases.length;
  const time = seconds(timeMs);
  const props = [
    prop('ppcjit.snapshot', h.snapshot),
    prop('ppcjit.jobs-file', h.jobsFile),
    prop('ppcjit.jobs-digest', h.jobsDigest),
    prop('ppcjit.jobs', h.totalJobs),
  ];
  if (h.shard !== undefined) props.push(prop('ppcjit.shard', h.shard));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ppcjit" tests="${tests}" failures="${failures}" errors="0" time="${time}">`,
    `  <testsuite name="${xmlEscape(h.name)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    '    <properties>',
    ...props.map((p) => `      ${p}`),
    '    </properties>',
    ...testcases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const suiteName = (snapshot: string) => `ppcjit.${snapshot.replace(/^.*[\\/]/, '')}`;

export function junitXml(s: JunitSuite): string {
  const name = suiteName(s.snapshot);
  const cases = [...s.cases].sort((a, b) => a.job.index - b.job.index);
  return documentXml(
    {
      name,
      snapshot: s.snapshot,
      jobsFile: s.jobsFile,
      jobsDigest: s.jobsDigest,
      totalJobs: s.totalJobs,
      shard: s.shard && `${s.shard.index}/${s.shard.count}`,
    },
    cases.map((c) => testcaseXml(c, name)),
    cases.filter((c) => !c.verdict.passed).length,
    s.wallMs,
  );
}

// ---- ppcjit results merge ----

const unescapeXml = (s: string) =>
  s.replace(
    /&(amp|lt|gt|quot|apos|#13);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#13': '\r' })[e]!,
  );

interface ParsedReport {
  file: string;
  header: SuiteHeader;
  cases: { index: number; name: string; failed: boolean; timeMs: number; xml: string }[];
}

function suiteProp(xml: string, name: string): string | undefined {
  const m = new RegExp(`<property name="${name}" value="([^"]*)"/>`).exec(xml);
  return m ? unescapeXml(m[1]) : undefined;
}

/** A JUnit file `boot --junit` wrote (the only kind merge reads: it needs the job indices). */
export function parseReport(xml: string, file: string): ParsedReport {
  const notOurs = (why: string) => new UserError(`${file}: not a ppcjit --junit report (${why})`);
  const suite = /<testsuite name="([^"]*)"[^>]*>\s*<properties>([\s\S]*?)<\/properties>/.exec(xml);
  if (!suite) throw notOurs('no <testsuite> with properties');
  const header: SuiteHeader = {
    name: unescapeXml(suite[1]),
    snapshot: suiteProp(suite[2], 'ppcjit\\.snapshot') ?? '',
    jobsFile: suiteProp(suite[2], 'ppcjit\\.jobs-file') ?? '',
    jobsDigest: suiteProp(suite[2], 'ppcjit\\.jobs-digest') ?? '',
    totalJobs: Number(suiteProp(suite[2], 'ppcjit\\.jobs')),
    shard: suiteProp(suite[2], 'ppcjit\\.shard'),
  };
  if (!header.jobsDigest || !Number.isInteger(header.totalJobs)) throw notOurs('no ppcjit.jobs / ppcjit.jobs-digest');
  const cases: ParsedReport['cases'] = [];
  // Text inside is escaped, so "<testcase " and "</testcase>" only ever delimit test cases.
  for (const m of xml.matchAll(/ {4}<testcase [\s\S]*?<\/testcase>/g)) {
    const block = m[0];
    const index = /<property name="ppcjit\.index" value="(\d+)"\/>/.exec(block);
    const name = /<testcase name="([^"]*)"/.exec(block);
    const time = /<testcase [^>]*time="([\d.]+)"/.exec(block);
    if (!index || !name || !time) throw notOurs('a <testcase> without ppcjit.index');
    cases.push({
      index: Number(index[1]),
      name: unescapeXml(name[1]),
      failed: block.includes('\n      <failure '),
      timeMs: Number(time[1]) * 1000,
      xml: block,
    });
  }
  return { file, header, cases };
}

export interface MergeResult {
  xml: string;
  tests: number;
  failures: number;
}

/** One report from the shards' reports: every job exactly once, or a UserError listing what is wrong. */
export function mergeReports(reports: ParsedReport[]): MergeResult {
  if (reports.length === 0) throw new UserError('results merge: no input reports');
  const first = reports[0];
  for (const r of reports.slice(1)) {
    if (r.header.jobsDigest !== first.header.jobsDigest || r.header.totalJobs !== first.header.totalJobs)
      throw new UserError(`${r.file}: from another jobs file than ${first.file} (ppcjit.jobs-digest differs)`);
  }
  const seen = new Map<number, { file: string; name: string }>();
  const problems: string[] = [];
  const twice: string[] = [];
  const cases: ParsedReport['cases'] = [];
  for (const r of reports) {
    for (const c of r.cases) {
      const before = seen.get(c.index);
      if (before) {
        twice.push(`${JSON.stringify(c.name)} (index ${c.index}) in ${before.file} and ${r.file}`);
        continue;
      }
      if (c.index >= first.header.totalJobs)
        problems.push(`${r.file}: job index ${c.index} beyond the ${first.header.totalJobs} jobs`);
      seen.set(c.index, { file: r.file, name: c.name });
      cases.push(c);
    }
  }
  if (twice.length > 0)
    problems.push(
      `${twice.length} job(s) reported twice: ${twice.slice(0, 3).join(', ')}${twice.length > 3 ? ', …' : ''}`,
    );
  const missing: number[] = [];
  for (let i = 0; i < first.header.totalJobs; i++) if (!seen.has(i)) missing.push(i);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? ', …' : '');
    problems.push(
      `${missing.length} of ${first.header.totalJobs} jobs missing (indices ${shown}): a shard did not report`,
    );
  }
  if (problems.length > 0) throw new UserError(`results merge: ${problems.join('; ')}`);
  cases.sort((a, b) => a.index - b.index);
  const failures = cases.filter((c) => c.failed).length;
  const xml = documentXml(
    { ...first.header, shard: undefined },
    cases.map((c) => c.xml),
    failures,
    cases.reduce((t, c) => t + c.timeMs, 0),
  );
  return { xml, tests: cases.length, failures };
}

/**
 * `ppcjit results merge OUT IN...`: the INs are all --junit reports (OUT is then the merged JUnit
 * XML) or all --output-dir summary.json files (OUT the merged summary.json), told apart by their
 * first character. Exit 0 when every job passed, 1 when one failed, 2 when a job is missing or
 * twice (nothing written).
 */
export function runResultsMerge(out: string, inputs: string[]): void {
  const texts = inputs.map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (e) {
      throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  });
  const isJson = texts.map((t) => t.text.trimStart().startsWith('{'));
  if (isJson.some((j) => j !== isJson[0]))
    throw new UserError(
      'results merge: give either --junit reports or summary.json files, not both (merge each kind on its own)',
    );
  let merged: { text: string; tests: number; failures: number };
  if (isJson[0]) {
    const m = mergeSummaries(texts.map((t) => parseSummary(t.text, t.file)));
    merged = { ...m, text: `${JSON.stringify(m.summary, null, 2)}\n` };
  } else {
    const m = mergeReports(texts.map((t) => parseReport(t.text, t.file)));
    merged = { ...m, text: m.xml };
  }
  writeFileSync(out, merged.text);
  process.stderr.write(
    `ppcjit: merged ${inputs.length} ${isJson[0] ? 'summaries' : 'report(s)'} into ${out}: ${merged.tests} jobs, ${merged.tests - merged.failures} passed, ${merged.failures} failed\n`,
  );
  process.exitCode = merged.failures > 0 ? ExitCode.GuestFault : ExitCode.Ok;
}
