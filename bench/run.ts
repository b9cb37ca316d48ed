// npm run bench [-- --runs N] [--json FILE] [--only NAME,NAME] [--no-qemu]
// For every bench/bin/* guest: median wall time over N runs of ppcjit (each in a child process),
// guest instructions, MIPS, blocks compiled, translate time, peak RSS; qemu-ppc wall time and the
// ratio ppcjit/qemu (< 1 = faster than qemu) when qemu-ppc is installed; geometric mean of ratios.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import type { GuestResult } from './guest.js';

const HERE = dirname(fileURLToPath(import.meta.url)); // dist/bench
const REPO = join(HERE, '..', '..');
const BIN = join(REPO, 'bench', 'bin');

interface Sample extends GuestResult {
  maxRssKb: number;
}

export interface BenchResult {
  name: string;
  runs: number;
  wallMs: number;
  instructions: number;
  mips: number;
  blocksCompiled: number;
  translateMs: number;
  maxRssKb: number;
  output: string;
  qemuMs: number | undefined;
  qemuMaxRssKb: number | undefined;
  /** ppcjit time / qemu-ppc time. */
  ratio: number | undefined;
  outputMatchesQemu: boolean | undefined;
  error: string | undefined;
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

function ppcjitSample(elf: string): Sample {
  const r = spawnSync(process.execPath, [join(HERE, 'child.js'), elf], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`child failed on ${elf}: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as Sample;
}

/** qemu-ppc wall time via /usr/bin/time-free measurement: spawn + wait; RSS from GNU time when present. */
function qemuSample(qemu: string, elf: string): { ms: number; stdout: string; maxRssKb: number | undefined } {
  const useTime = existsSync('/usr/bin/time');
  const cmd = useTime ? ['/usr/bin/time', '-f', '%M', qemu, elf] : [qemu, elf];
  const t0 = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: 'latin1', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${qemu} failed on ${elf}: ${r.stderr}`);
  const rss = useTime ? Number(r.stderr.trim().split('\n').pop()) : undefined;
  return { ms, stdout: r.stdout, maxRssKb: rss };
}

function haveQemu(qemu: string): boolean {
  return spawnSync(qemu, ['--version']).status === 0;
}

async function main(): Promise<void> {
  const args = await yargs(process.argv.slice(2))
    .option('runs', { type: 'number', default: 5, describe: 'samples per program (median reported)' })
    .option('json', { type: 'string', describe: 'write the results as JSON to FILE' })
    .option('only', { type: 'string', describe: 'comma-separated program names' })
    .option('qemu', { type: 'boolean', default: true, describe: 'also time qemu-ppc (--no-qemu to skip)' })
    .option('qemu-binary', { type: 'string', default: process.env.QEMU_PPC ?? 'qemu-ppc' })
    .strict()
    .help()
    .parseAsync();
  const only = args.only?.split(',');
  const names = readdirSync(BIN)
    .filter((n) => !only || only.includes(n))
    .sort();
  const withQemu = args.qemu && haveQemu(args['qemu-binary']);
  const results: BenchResult[] = [];
  for (const name of names) {
    const elf = join(BIN, name);
    const samples: Sample[] = [];
    for (let i = 0; i < args.runs; i++) samples.push(ppcjitSample(elf));
    const first = samples[0];
    const wallMs = median(samples.map((s) => s.wallMs));
    let qemuMs: number | undefined;
    let qemuMaxRssKb: number | undefined;
    let outputMatchesQemu: boolean | undefined;
    if (withQemu) {
      const q = Array.from({ length: args.runs }, () => qemuSample(args['qemu-binary'], elf));
      qemuMs = median(q.map((x) => x.ms));
      qemuMaxRssKb = q[0].maxRssKb;
      outputMatchesQemu = q[0].stdout === first.stdout;
    }
    const r: BenchResult = {
      name,
      runs: args.runs,
      wallMs,
      instructions: first.instructions,
      mips: first.instructions / wallMs / 1000,
      blocksCompiled: first.blocksCompiled,
      translateMs: median(samples.map((s) => s.translateMs)),
      maxRssKb: Math.max(...samples.map((s) => s.maxRssKb)),
      output: first.stdout.trim(),
      qemuMs,
      qemuMaxRssKb,
      ratio: qemuMs !== undefined && !first.error ? wallMs / qemuMs : undefined,
      outputMatchesQemu,
      error: first.error,
    };
    results.push(r);
    printRow(r);
  }
  const ratios = results.map((r) => r.ratio).filter((x): x is number => x !== undefined);
  const geomean = ratios.length ? Math.exp(ratios.reduce((a, x) => a + Math.log(x), 0) / ratios.length) : undefined;
  console.log(
    geomean !== undefined
      ? `geometric mean ppcjit/qemu-ppc over ${ratios.length} programs: ${geomean.toFixed(3)}×`
      : 'no ratios (qemu-ppc missing or every guest failed)',
  );
  if (args.json)
    writeFileSync(
      args.json,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: args.runs, geomean, results }, null, 2)}\n`,
    );
}

let headerPrinted = false;
function printRow(r: BenchResult): void {
  const cols: [string, number, string][] = [
    ['program', 10, r.name],
    ['ppcjit ms', 10, r.wallMs.toFixed(0)],
    ['insns', 13, r.instructions.toLocaleString('en-US')],
    ['MIPS', 8, r.mips.toFixed(1)],
    ['blocks', 7, String(r.blocksCompiled)],
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
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
