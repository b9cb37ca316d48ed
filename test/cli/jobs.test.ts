// The boot farm (issue 21): --jobs-file, --junit, --shard and `ppcjit results merge`, on 40 guests
// of test/guests/uart-jobs (an OF client that runs the commands it reads from the UART) restored
// from one --deterministic snapshot.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseJobs, resolveShard, shardJobs } from '../../src/cli/jobs.js';
import { parseReport, xmlEscape } from '../../src/cli/results.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const GUEST = fileURLToPath(new URL('../guests/uart-jobs/uart-jobs.elf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-jobs-'));
/** No scheduler variables from the environment the tests run in. */
const cleanEnv = () => {
  const env = { ...process.env };
  for (const k of ['JOB_COMPLETION_INDEX', 'CI_NODE_INDEX', 'CI_NODE_TOTAL']) delete env[k];
  return env;
};
const ppcjit = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [PPCJIT, ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...cleanEnv(), ...env },
  });

/** 40 jobs, each with its own command; 6 of them expected to fail (3 kinds), 2 expected to end non-zero. */
function jobsFile(): { text: string; failing: string[] } {
  const lines: object[] = [];
  const failing: string[] = [];
  for (let i = 0; i < 40; i++) {
    const name = `job-${String(i).padStart(2, '0')}`;
    switch (i % 8) {
      case 0:
        lines.push({ name, input: `echo line ${i} \\x3c&>\nexit\n`, expect: `^line ${i} <&>$` });
        break;
      case 1:
        lines.push({ name, input: `sum ${i} ${i * 3}\nexit\n`, expect: `^${i * 4}$` });
        break;
      case 2:
        lines.push({ name, input: `fib ${12 + (i % 7)}\nexit\n`, expect: '^\\d+$' });
        break;
      case 3:
        lines.push({ name, input: `primes ${100 * i}\nexit\n`, expect: '^\\$ primes' });
        break;
      case 4:
        lines.push({ name, input: 'bytes\nexit\n', expect: ']]>' });
        break;
      case 5:
        lines.push({ name, input: 'trap\n', exit: 1, timeout: 10 });
        break;
      default:
        lines.push({ name, input: `echo ${name}\nexit\n`, expect: name });
    }
  }
  // Expected to fail: a wrong expectation, a trap where exit 0 is expected, a hang (timeout).
  const fail = (i: number, job: object) => {
    lines[i] = { name: (lines[i] as { name: string }).name, ...job };
    failing.push((lines[i] as { name: string }).name);
  };
  fail(7, { input: 'sum 2 2\nexit\n', expect: '^5$' });
  fail(15, { input: 'sum 2 2\nexit\n', expect: '^5$' });
  fail(22, { input: 'trap\n' });
  fail(30, { input: 'trap\n', exit: 0 });
  fail(33, { input: 'hang\n', timeout: 0.5 });
  fail(38, { input: 'bogus\nexit\n', expect: '^ok$' });
  return { text: `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`, failing: failing.sort() };
}

/** A report without what differs between runs: timings, and the instructions of guests stopped by a clock. */
const stable = (xml: string) =>
  xml
    .replace(/ time="[\d.]+"/g, ' time="T"')
    .replace(/(<property name="stop" value="timeout"\/>[\s\S]*?<property name="instructions" value=")\d+/g, '$1N');

/**
 * A summary.json without what differs between runs: timings, the worker count (a per-run choice:
 * the merge adds the shards' workers), what the shared translation cache held when a guest started
 * (which guests ran before it on its worker), and the instructions of guests stopped by a clock.
 */
function stableSummary(text: string): unknown {
  const s = JSON.parse(text);
  for (const k of ['wallMs', 'guestsPerMinute', 'guestsPerMinutePerJob', 'peakRssMb', 'jobs']) s[k] = k;
  for (const g of s.guests) {
    for (const k of ['wallMs', 'restoreMs', 'translateMs', 'blocks', 'blocksShared', 'blocksCompiled']) g[k] = k;
    if (g.stop === 'timeout') g.instructions = 'N';
  }
  return s;
}

describe('jobs files', () => {
  it('parses a job per line and names the first bad line', () => {
    const jobs = parseJobs(
      '{"name":"a","input":"x\\\\n"}\n\n{"name":"b","input":"","timeout":2,"expect":"^y","exit":3}\n',
      'J',
    );
    expect(jobs.map((j) => [j.index, j.line, j.name, [...j.input], j.exit, j.timeout])).toEqual([
      [0, 1, 'a', [0x78, 0x0a], 0, undefined],
      [1, 3, 'b', [], 3, 2],
    ]);
    const bad = (text: string) => () => parseJobs(text, 'J');
    expect(bad('{"name":"a","input":""}\n{"name":"b"')).toThrow(/^J:2: not JSON/);
    expect(bad('{"name":"a","input":"","colour":1}')).toThrow(/^J:1: unknown field "colour"/);
    expect(bad('{"input":""}')).toThrow(/^J:1: "name"/);
    expect(bad('{"name":"a"}')).toThrow(/^J:1: "input"/);
    expect(bad('{"name":"a","input":""}\n{"name":"a","input":""}')).toThrow(/^J:2: name "a" already used on line 1/);
    expect(bad('{"name":"a","input":"","expect":"("}')).toThrow(/^J:1: "expect"/);
    expect(bad('{"name":"a","input":"","timeout":0}')).toThrow(/^J:1: "timeout"/);
    expect(bad('{"name":"a","input":"","exit":1.5}')).toThrow(/^J:1: "exit"/);
    expect(bad('{"name":"a","input":"\\\\q"}')).toThrow(/^J:1: "input": invalid escape/);
    expect(bad('[1]')).toThrow(/^J:1: expected a JSON object/);
  });

  it('picks the shard from --shard, JOB_COMPLETION_INDEX + --shard-count, or 1-based CI_NODE_INDEX', () => {
    expect(resolveShard('1/4', undefined, { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '4' })).toMatchObject({
      index: 1,
      count: 4,
    });
    expect(resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '0' })).toMatchObject({ index: 0, count: 4 });
    expect(resolveShard(undefined, undefined, { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '4' })).toMatchObject({
      index: 0,
      count: 4,
    });
    expect(resolveShard(undefined, undefined, { CI_NODE_INDEX: '4', CI_NODE_TOTAL: '4' })).toMatchObject({
      index: 3,
      count: 4,
    });
    expect(resolveShard(undefined, undefined, {})).toBeUndefined();
    expect(() => resolveShard('4/4', undefined, {})).toThrow(/--shard 4\/4/);
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toThrow(/--shard-count/);
    expect(() => resolveShard(undefined, 2, { JOB_COMPLETION_INDEX: '2' })).toThrow(/JOB_COMPLETION_INDEX 2/);
    expect(() => resolveShard(undefined, undefined, { CI_NODE_INDEX: '0', CI_NODE_TOTAL: '4' })).toThrow(/1-based/);
    const jobs = parseJobs(Array.from({ length: 5 }, (_, i) => `{"name":"j${i}","input":""}`).join('\n'), 'J');
    expect(shardJobs(jobs, { index: 1, count: 2, source: '' }).map((j) => j.name)).toEqual(['j1', 'j3']);
  });

  it('escapes XML specials, CR and the control characters XML cannot carry', () => {
    expect(xmlEscape('a<b>&"\'\r\n\t\x00\x01\x1b\x7fé\ud800\uffff😀')).toBe(
      'a&lt;b&gt;&amp;&quot;&apos;&#13;\n\t\\x00\\x01\\x1b\x7fé\\ud800\\uffff😀',
    );
  });
});

describe('ppcjit boot --restore FILE --jobs-file JOBS', () => {
  const snap = join(dir, 'uart-jobs.snap');
  const jobs = join(dir, 'jobs.jsonl');
  const { text, failing } = jobsFile();
  writeFileSync(jobs, text);

  it('runs 40 guests with different input, reports the failing ones in JUnit, and 4 merged shards give the same report', () => {
    const made = ppcjit([
      'boot',
      '--deterministic',
      '--kernel',
      GUEST,
      '--snapshot-at',
      'uart-jobs: ready',
      '--snapshot-out',
      snap,
    ]);
    expect(made.status, made.stderr).toBe(0);

    const all = join(dir, 'all.xml');
    const out = join(dir, 'all');
    const r = ppcjit([
      'boot',
      '--restore',
      snap,
      '--jobs-file',
      jobs,
      '--jobs',
      '2',
      '--junit',
      all,
      '--output-dir',
      out,
    ]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${jobs}: 34 passed, 6 failed`);
    const report = parseReport(readFileSync(all, 'utf8'), all);
    expect(report.cases).toHaveLength(40);
    expect(
      report.cases
        .filter((c) => c.failed)
        .map((c) => c.name)
        .sort(),
    ).toEqual(failing);
    const xml = readFileSync(all, 'utf8');
    expect(xml).toMatch(/<testsuites name="ppcjit" tests="40" failures="6" errors="0"/);
    expect(xml).toContain('<failure type="timeout"');
    expect(xml).toContain('<failure type="crash"');
    expect(xml).toContain('<failure type="expect"');
    // The bytes command's control characters and XML specials, escaped.
    expect(xml).toContain('\\x01\\x1b[1m &lt; &amp; &gt; &quot; &apos; ]]&gt; \x7f é');
    // Each guest did its own work: job-01 summed 1 and 3.
    expect(readFileSync(join(out, 'guest-2.log'), 'latin1')).toContain('$ sum 1 3\n4\n');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.guests).toHaveLength(40);
    expect(summary.guests[33]).toMatchObject({ name: 'job-33', stop: 'timeout', exitCode: 124, passed: false });
    const python = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])', all]);
    if (!python.error) expect(python.status, String(python.stderr)).toBe(0); // well-formed XML

    // 4 shards: three from --shard, the last from GitLab's 1-based CI_NODE_INDEX.
    const shards = [0, 1, 2, 3].map((k) => join(dir, `shard-${k}.xml`));
    const summaries = [0, 1, 2, 3].map((k) => join(dir, `shard-${k}`, 'summary.json'));
    for (const k of [0, 1, 2, 3]) {
      const keep = ['--output-dir', join(dir, `shard-${k}`)];
      const s =
        k < 3
          ? ppcjit([
              'boot',
              ...keep,
              '--restore',
              snap,
              '--jobs-file',
              jobs,
              '--jobs',
              '2',
              '--shard',
              `${k}/4`,
              '--junit',
              shards[k],
            ])
          : ppcjit(['boot', ...keep, '--restore', snap, '--jobs-file', jobs, '--jobs', '2', '--junit', shards[k]], {
              CI_NODE_INDEX: '4',
              CI_NODE_TOTAL: '4',
            });
      expect([0, 1], s.stderr).toContain(s.status);
      expect(s.stderr).toContain(`(shard ${k}/4 of 40 jobs)`);
    }
    const merged = join(dir, 'merged.xml');
    const m = ppcjit(['results', 'merge', merged, ...shards]);
    expect(m.status, m.stderr).toBe(1); // merged, and some jobs failed
    expect(m.stderr).toContain('40 jobs, 34 passed, 6 failed');
    expect(stable(readFileSync(merged, 'utf8'))).toBe(stable(xml));

    const missing = ppcjit(['results', 'merge', join(dir, 'm2.xml'), shards[0], shards[1], shards[3]]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/10 of 40 jobs missing \(indices 2, 6, 10,/);
    expect(existsSync(join(dir, 'm2.xml'))).toBe(false);
    const twice = ppcjit(['results', 'merge', join(dir, 'm3.xml'), ...shards, shards[2]]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/10 job\(s\) reported twice: "job-02" \(index 2\)/);

    // The shards' summary.json files, merged: the unsharded summary apart from the run-dependent
    // fields; the run-wide figures are those of the shards side by side.
    const mergedJson = join(dir, 'merged.json');
    const ms = ppcjit(['results', 'merge', mergedJson, ...summaries]);
    expect(ms.status, ms.stderr).toBe(1);
    expect(ms.stderr).toBe(`ppcjit: merged 4 summaries into ${mergedJson}: 40 jobs, 34 passed, 6 failed\n`);
    const unsharded = readFileSync(join(out, 'summary.json'), 'utf8');
    expect(stableSummary(readFileSync(mergedJson, 'utf8'))).toEqual(stableSummary(unsharded));
    const parts = summaries.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    const whole = JSON.parse(readFileSync(mergedJson, 'utf8'));
    expect(whole.jobs).toBe(8); // 4 shards of 2 workers
    expect(whole.wallMs).toBe(Math.max(...parts.map((p) => p.wallMs)));
    expect(whole.peakRssMb).toBe(Math.max(...parts.map((p) => p.peakRssMb)));
    expect(whole.guestsPerMinute).toBeCloseTo((40 * 60_000) / whole.wallMs, 6);
    const lost = ppcjit(['results', 'merge', join(dir, 'm4.json'), summaries[0], summaries[2], summaries[3]]);
    expect([lost.status, lost.stderr]).toEqual([
      2,
      'ppcjit: results merge: 10 of 40 jobs missing (indices 1, 5, 9, 13, 17, 21, 25, 29, 33, 37): a shard did not report\n',
    ]);
    expect(existsSync(join(dir, 'm4.json'))).toBe(false);
    const again = ppcjit(['results', 'merge', join(dir, 'm5.json'), ...summaries, summaries[1]]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(
      `ppcjit: results merge: 10 job(s) reported twice: "job-01" (index 1) in ${summaries[1]} and ${summaries[1]}, ` +
        `"job-05" (index 5) in ${summaries[1]} and ${summaries[1]}, "job-09" (index 9) in ${summaries[1]} and ${summaries[1]}, …\n`,
    );
    const mixed = ppcjit(['results', 'merge', join(dir, 'm6.xml'), shards[0], summaries[1]]);
    expect([mixed.status, mixed.stderr]).toEqual([
      2,
      'ppcjit: results merge: give either --junit reports or summary.json files, not both (merge each kind on its own)\n',
    ]);
  });

  it('refuses a malformed jobs file with one line naming the line, exit 2, before any guest runs', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${text.split('\n').slice(0, 3).join('\n')}\n{"name": "x", "input": "exit\\n", "retries": 2}\n`);
    const out = join(dir, 'bad-out');
    const r = ppcjit([
      'boot',
      '--restore',
      snap,
      '--jobs-file',
      bad,
      '--junit',
      join(dir, 'bad.xml'),
      '--output-dir',
      out,
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ppcjit: ${bad}:4: unknown field "retries"\n`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'bad.xml'))).toBe(false);
  });
});
