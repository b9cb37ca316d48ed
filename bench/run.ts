// npm run bench [-- --runs N] [--json FILE] [--only NAME,NAME] [--no-qemu] [--no-system]
//                  [--compare BASELINE.json [--threshold PCT]] [--html FILE]
// Workloads: every bench/bin/* guest (user mode, bare engine), `ofclient`, the pegasos2 demo
// Open Firmware client, and `linux`, the shared Linux 6.1 kernel booted to power-off with
// console=ttyS0 (both system mode, booted with new Pegasos2; linux is skipped with a note when
// ../shared/guests/linux-pegasos2/vmlinux is absent). For each: median wall time over
// N runs of ppcjit (each in a fresh child process), min/max and a noise estimate, guest
// instructions, MIPS, blocks and regions compiled, translate time, peak RSS; qemu wall time and
// the ratio ppcjit/qemu (< 1 = faster than qemu) when qemu-ppc / qemu-system-ppc is installed;
// the geometric mean of the user-mode ratios. linux also reports the time to the
// `ppcjit-guest: init reached` marker, QEMU's (qemu-system-ppc -serial stdio, exiting by itself at
// power-off) and both ratios on a line of its own. linux boots with --deterministic (guest time
// from retired instructions), so its counters — guest instructions, blocks compiled, the template
// vs compiled instruction share — are the same in every run; they get a line of their own and a
// check that all samples agree. The realprogs group (bench/realprogs: Debian-built programs on the
// Linux user-mode machine, stdout checked byte for byte against qemu-ppc) has its own geometric
// mean; it is skipped with a note when bench/realprogs/build.sh has not built its binaries.
// --compare: see compare.ts for the rule.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { type Comparison, compareReports, DEFAULT_THRESHOLD_PCT, formatComparison, historyEntry } from './compare.js';
import type { GuestResult } from './guest.js';
import { renderHtml } from './html.js';
import { MarkerWatch } from './marker.js';
import { prepareRealprogsWork, REALPROGS_GROUP, runRealWorkload, selectRealPrograms } from './realprogs/bench.js';
import {
  type BenchReport,
  type BenchResult,
  bootSummary,
  deterministicSummary,
  geomean,
  type HistoryEntry,
  median,
  resultOfSamples,
} from './report.js';
import type { SystemGuestResult } from './system.js';
import { formatThroughput, runThroughput, type ThroughputResult } from './throughput.js';

export type { BenchResult } from './report.js';

const HERE = dirname(fileURLToPath(import.meta.url)); // dist/bench
const REPO = join(HERE, '..', '..');
const BIN = join(REPO, 'bench', 'bin');
const OFCLIENT = join(REPO, 'demo', 'ofclient', 'ofclient.elf');
/** The shared Linux guest (see its README): booted with console=ttyS0, timed to its /init marker. */
const LINUX = join(REPO, '..', 'shared', 'guests', 'linux-pegasos2', 'vmlinux');
const LINUX_MARKER = 'ppcjit-guest: init reached';
const PPCJIT = join(REPO, 'bin', 'ppcjit.js');
/** Longest we wait for one qemu-system-ppc run to reach the client's exit. */
const QEMU_SYSTEM_TIMEOUT_MS = 30_000;

interface Sample extends GuestResult, Pick<SystemGuestResult, 'markerMs' | 'deterministic'> {
  maxRssKb: number;
}

interface Workload {
  name: string;
  kind: 'user' | 'system';
  elf: string;
  /** System boots: /chosen/bootargs, and console text whose first appearance is timed. */
  bootargs?: string;
  marker?: string;
  /** System boots: guest time from retired instructions (identical counters in every sample). */
  deterministic?: boolean;
}

function ppcjitSample(w: Workload): Sample {
  const system =
    w.kind === 'system'
      ? ['--system', w.elf, w.bootargs ?? '', w.marker ?? '', w.deterministic ? 'deterministic' : '']
      : [w.elf];
  const argv = [join(HERE, 'child.js'), ...system];
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`child failed on ${w.elf}: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as Sample;
}

/** qemu-ppc wall time: spawn + wait; RSS from GNU time when present. */
function qemuUserSample(qemu: string, elf: string): { ms: number; stdout: string; maxRssKb: number | undefined } {
  const useTime = existsSync('/usr/bin/time');
  const cmd = useTime ? ['/usr/bin/time', '-f', '%M', qemu, elf] : [qemu, elf];
  const t0 = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'latin1', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${qemu} failed on ${elf}: ${r.stderr}`);
  const rss = useTime ? Number(r.stderr.trim().split('\n').pop()) : undefined;
  return { ms, stdout: r.stdout, maxRssKb: rss };
}

/**
 * qemu-system-ppc wall time to the client's `exit`. QEMU's VOF does not quit on `exit`: it
 * prints `Stopped as the VM requested "exit"` on stderr and pauses the VM. We time until that
 * line (or until QEMU exits by itself), then kill QEMU; after QEMU_SYSTEM_TIMEOUT_MS the sample
 * is given up (undefined) and QEMU killed, never waited for.
 */
function qemuSystemSample(qemu: string, elf: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(
      qemu,
      ['-M', 'pegasos2', '-kernel', elf, '-display', 'none', '-serial', 'null', '-monitor', 'none'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let done = false;
    let stderr = '';
    const finish = (ms: number | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(ms);
    };
    const timer = setTimeout(() => finish(undefined), QEMU_SYSTEM_TIMEOUT_MS);
    child.stderr.setEncoding('latin1');
    child.stderr.on('data', (d: string) => {
      stderr += d;
      if (/requested "exit"/.test(stderr)) finish(performance.now() - t0);
    });
    child.on('error', () => finish(undefined));
    child.on('exit', (code) => finish(code === 0 ? performance.now() - t0 : undefined));
  });
}

/**
 * qemu-system-ppc booting a kernel that powers off (QEMU then exits by itself with status 0):
 * ms from spawning QEMU until its serial output (-serial stdio, stdin /dev/null) first contains
 * `marker`, and until it exits. After QEMU_SYSTEM_TIMEOUT_MS, or on a failed exit, undefined
 * (QEMU killed, never waited for).
 */
function qemuBootSample(
  qemu: string,
  w: Workload & { marker: string },
): Promise<{ markerMs: number; exitMs: number } | undefined> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const args = ['-M', 'pegasos2', '-kernel', w.elf, '-append', w.bootargs ?? ''];
    const child = spawn(qemu, [...args, '-serial', 'stdio', '-display', 'none', '-m', '512'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const watch = new MarkerWatch(w.marker);
    let markerMs: number | undefined;
    let done = false;
    const finish = (r: { markerMs: number; exitMs: number } | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(r);
    };
    const timer = setTimeout(() => finish(undefined), QEMU_SYSTEM_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => {
      if (watch.push(d)) markerMs = performance.now() - t0;
    });
    child.on('error', () => finish(undefined));
    child.on('exit', (code) => {
      const exitMs = performance.now() - t0;
      finish(code === 0 && markerMs !== undefined ? { markerMs, exitMs } : undefined);
    });
  });
}

function haveBinary(bin: string): boolean {
  return spawnSync(bin, ['--version']).status === 0;
}

/** Progress on stderr when it is a terminal; nothing at all when piped or redirected. */
const progress = process.stderr.isTTY ? (msg: string) => process.stderr.write(`\r\x1b[K${msg}`) : (_msg: string) => {};
const clearProgress = () => progress('');

function readBaseline(path: string): BenchReport {
  let report: BenchReport;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as BenchReport;
  } catch (e) {
    throw new Error(`cannot read baseline ${path}: ${(e as Error).message}`);
  }
  if (!Array.isArray(report.results)) throw new Error(`${path} is not a bench --json report (no results)`);
  return report;
}

async function main(): Promise<void> {
  const args = await yargs(process.argv.slice(2))
    .option('runs', { type: 'number', default: 5, describe: 'samples per workload (median reported)' })
    .option('json', { type: 'string', describe: 'write the results as JSON to FILE (usable as a baseline)' })
    .option('only', {
      type: 'string',
      describe: 'comma-separated workload names (ofclient and linux = system mode)',
    })
    .option('qemu', { type: 'boolean', default: true, describe: 'also time qemu (--no-qemu to skip)' })
    .option('system', {
      type: 'boolean',
      default: true,
      describe: 'include the pegasos2 boots (ofclient, linux)',
    })
    .option('qemu-binary', { type: 'string', default: process.env.QEMU_PPC ?? 'qemu-ppc' })
    .option('qemu-system-binary', { type: 'string', default: process.env.QEMU_SYSTEM_PPC ?? 'qemu-system-ppc' })
    .option('compare', { type: 'string', describe: 'baseline JSON (from --json) to compare the medians with' })
    .option('threshold', {
      type: 'number',
      default: DEFAULT_THRESHOLD_PCT,
      describe: 'with --compare: fail when a workload is slower by more than PCT % plus the noise',
    })
    .option('html', { type: 'string', describe: 'write a self-contained HTML report to FILE' })
    .option('throughput-guests', {
      type: 'number',
      default: 20,
      describe: 'throughput workload: Linux guests restored from one snapshot (0 = skip)',
    })
    .strict()
    .help()
    .parseAsync();
  if (!(args.runs >= 1) || !Number.isInteger(args.runs)) throw new Error(`--runs must be a positive integer`);
  const baseline = args.compare ? readBaseline(args.compare) : undefined;
  const only = args.only?.split(',');
  const workloads: Workload[] = readdirSync(BIN)
    .sort()
    .map((name): Workload => ({ name, kind: 'user', elf: join(BIN, name) }));
  if (args.system) {
    workloads.push({ name: 'ofclient', kind: 'system', elf: OFCLIENT });
    if (existsSync(LINUX)) {
      workloads.push({
        name: 'linux',
        kind: 'system',
        elf: LINUX,
        bootargs: 'console=ttyS0',
        marker: LINUX_MARKER,
        deterministic: true,
      });
    } else if (!only || only.includes('linux')) {
      console.log(`linux: skipped (${LINUX} not found; it comes with ../shared/guests)`);
    }
  }
  const selected = workloads.filter((w) => !only || only.includes(w.name));
  const real = selectRealPrograms(only);
  for (const note of real.notes) console.log(note);
  if (real.programs.length) prepareRealprogsWork();
  const qemuUser = args.qemu && haveBinary(args['qemu-binary']);
  const total = selected.length + real.programs.length;
  const qemuSystem = args.qemu && selected.some((w) => w.kind === 'system') && haveBinary(args['qemu-system-binary']);
  const started = { date: new Date().toISOString(), loadavg: loadavg(), cpus: cpus().length };

  const results: BenchResult[] = [];
  for (const [i, p] of real.programs.entries()) {
    const qemu = qemuUser ? args['qemu-binary'] : undefined;
    const r = runRealWorkload(join(HERE, 'child.js'), p, args.runs, qemu, (m) => progress(`[${i + 1}/${total}] ${m}`));
    results.push(r);
    clearProgress();
    printRow(r);
  }
  for (const [i, w] of selected.entries()) {
    const step = `[${real.programs.length + i + 1}/${total}] ${w.name}`;
    const samples: Sample[] = [];
    for (let k = 0; k < args.runs; k++) {
      progress(`${step}: ppcjit run ${k + 1}/${args.runs}`);
      samples.push(ppcjitSample(w));
    }
    const first = samples[0];
    const output = w.kind === 'user' ? first.stdout.trim() : `${first.stdout.length} bytes of console output`;
    const r = resultOfSamples(w.name, w.kind, args.runs, samples, output, first.error);
    if (first.deterministic) {
      const same = JSON.stringify(first.deterministic);
      r.deterministic = {
        ...first.deterministic,
        identical: samples.every((x) => JSON.stringify(x.deterministic) === same),
      };
    }
    if (w.marker) {
      r.marker = w.marker;
      const markers = samples.map((s) => s.markerMs).filter((ms) => ms !== undefined);
      if (markers.length === samples.length) r.markerMs = median(markers);
    }
    if (w.kind === 'user' && qemuUser) {
      const q = [];
      for (let k = 0; k < args.runs; k++) {
        progress(`${step}: qemu-ppc run ${k + 1}/${args.runs}`);
        q.push(qemuUserSample(args['qemu-binary'], w.elf));
      }
      r.qemuMs = median(q.map((x) => x.ms));
      r.qemuMaxRssKb = q[0].maxRssKb;
      r.outputMatchesQemu = q[0].stdout === first.stdout;
    } else if (w.kind === 'system' && qemuSystem && w.marker) {
      const q: { markerMs: number; exitMs: number }[] = [];
      for (let k = 0; k < args.runs; k++) {
        progress(`${step}: qemu-system-ppc run ${k + 1}/${args.runs}`);
        const sample = await qemuBootSample(args['qemu-system-binary'], { ...w, marker: w.marker });
        if (sample === undefined) break;
        q.push(sample);
      }
      if (q.length === args.runs) {
        r.qemuMs = median(q.map((x) => x.exitMs));
        r.qemuMarkerMs = median(q.map((x) => x.markerMs));
        if (r.markerMs !== undefined && !r.error) r.markerRatio = r.markerMs / r.qemuMarkerMs;
      } else {
        r.qemuNote = `qemu-system-ppc did not reach '${w.marker}' and exit 0 within ${QEMU_SYSTEM_TIMEOUT_MS / 1000} s`;
      }
    } else if (w.kind === 'system' && qemuSystem) {
      const q: number[] = [];
      for (let k = 0; k < args.runs; k++) {
        progress(`${step}: qemu-system-ppc run ${k + 1}/${args.runs}`);
        const ms = await qemuSystemSample(args['qemu-system-binary'], w.elf);
        if (ms === undefined) break;
        q.push(ms);
      }
      if (q.length === args.runs) r.qemuMs = median(q);
      else r.qemuNote = `qemu-system-ppc did not reach the client's exit within ${QEMU_SYSTEM_TIMEOUT_MS / 1000} s`;
    } else if (w.kind === 'system') {
      r.qemuNote = args.qemu ? 'qemu-system-ppc not installed' : 'qemu skipped';
    }
    if (r.qemuMs !== undefined && !r.error) r.ratio = r.wallMs / r.qemuMs;
    results.push(r);
    clearProgress();
    printRow(r);
  }
  clearProgress();

  const userRatios = results.filter((r) => r.kind === 'user' && r.ratio !== undefined).map((r) => r.ratio!);
  const gm = geomean(userRatios);
  if (!only || selected.some((w) => w.kind === 'user'))
    console.log(
      gm !== undefined
        ? `geometric mean ppcjit/qemu-ppc over ${userRatios.length} user-mode programs: ${gm.toFixed(3)}×`
        : 'no user-mode ratios (qemu-ppc missing, skipped, or every guest failed)',
    );
  const realRatios = results.filter((r) => r.kind === 'real' && r.ratio !== undefined).map((r) => r.ratio!);
  const realGm = geomean(realRatios);
  if (real.programs.length) {
    const failed = results.filter((r) => r.kind === 'real' && r.error).map((r) => r.name);
    console.log(
      realGm !== undefined
        ? `geometric mean ppcjit/qemu-ppc over ${realRatios.length} ${REALPROGS_GROUP} programs: ${realGm.toFixed(3)}×${failed.length ? ` (failed, not included: ${failed.join(', ')})` : ''}`
        : `no ${REALPROGS_GROUP} ratios (qemu-ppc missing, skipped, or every program failed)`,
    );
  }
  for (const r of results.filter((x) => x.kind === 'system')) {
    const boot = bootSummary(r);
    if (boot) {
      console.log(`${boot}; not in the geomean`);
      const counters = deterministicSummary(r);
      if (counters) console.log(counters);
      continue;
    }
    console.log(
      `${r.name}: system mode (pegasos2 boot of ${OFCLIENT.slice(REPO.length + 1)} to its exit); ratio vs qemu-system-ppc timed to its "exit" pause${r.qemuNote ? ` — none: ${r.qemuNote}` : ''}; not in the geomean`,
    );
  }
  let throughput: ThroughputResult | undefined;
  if (args.system && existsSync(LINUX) && args['throughput-guests'] > 0 && (!only || only.includes('throughput'))) {
    progress('throughput: snapshot at the /init marker, then restored guests');
    const linux = results.find((r) => r.name === 'linux');
    throughput = runThroughput(PPCJIT, LINUX, LINUX_MARKER, args['throughput-guests'], linux?.qemuMs);
    clearProgress();
    for (const line of formatThroughput(throughput)) console.log(line);
  }
  console.log(
    `noise = ±(max-min)/2/median of the ${args.runs} run(s); load average at start ${started.loadavg.map((l) => l.toFixed(2)).join(' ')} on ${started.cpus} CPUs`,
  );

  const report: BenchReport = {
    date: started.date,
    node: process.version,
    loadavg: started.loadavg,
    cpus: started.cpus,
    runs: args.runs,
    geomean: gm,
    realprogsGeomean: realGm,
    results,
    throughput,
  };
  let cmp: Comparison | undefined;
  let history: HistoryEntry[] = baseline?.history ?? [];
  if (baseline && args.compare) {
    cmp = compareReports(baseline, report, args.threshold);
    console.log('');
    for (const line of formatComparison(cmp)) console.log(line);
    const busy = Math.max(started.loadavg[0], loadavg()[0]);
    if (busy > started.cpus) {
      console.log(
        `note: load average reached ${busy.toFixed(2)} on ${started.cpus} CPUs; a verdict may be load, not code`,
      );
    }
    // The history lives in the baseline file: each compared run is appended to its `history`
    // (its results stay as they are), and the --json output carries the same history forward.
    history = [...history, historyEntry(report, cmp)];
    writeFileSync(args.compare, `${JSON.stringify({ ...baseline, history }, null, 2)}\n`);
    if (cmp.failed) process.exitCode = 1;
  }
  if (history.length) report.history = history;
  if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  if (args.html) writeFileSync(args.html, renderHtml(report, cmp, history));
}

let headerPrinted = false;
function printRow(r: BenchResult): void {
  const cols: [string, number, string][] = [
    ['program', 14, r.name],
    ['ppcjit ms', 10, r.wallMs.toFixed(0)],
    ['noise', 7, `±${(r.noise * 100).toFixed(1)}%`],
    ['insns', 13, r.instructions.toLocaleString('en-US')],
    ['MIPS', 8, r.mips.toFixed(1)],
    ['blocks', 7, String(r.blocksCompiled)],
    ['regions', 8, String(r.regionsCompiled)],
    ['xlate ms', 9, r.translateMs.toFixed(1)],
    ['RSS MB', 7, (r.maxRssKb / 1024).toFixed(0)],
    ['qemu ms', 8, r.qemuMs?.toFixed(0) ?? '-'],
    ['qemu MB', 8, r.qemuMaxRssKb !== undefined ? (r.qemuMaxRssKb / 1024).toFixed(0) : '-'],
    ['ratio', 7, r.ratio?.toFixed(2) ?? '-'],
    ['same out', 9, r.outputMatchesQemu === undefined ? '-' : r.outputMatchesQemu ? 'yes' : 'NO'],
  ];
  if (!headerPrinted) {
    console.log(cols.map(([h, w]) => h.padStart(w)).join(' '));
    headerPrinted = true;
  }
  console.log(cols.map(([, w, v]) => v.padStart(w)).join(' ') + (r.error ? `  ! ${r.error}` : ''));
}

main().catch((e) => {
  clearProgress();
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 2;
});
