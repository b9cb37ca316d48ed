/**
 * `npm run fuzz -- --target NAME --seconds S [--seed N] [--path P] [--hang-seconds H]
 * [--max-rss-mb M] [--list]`: runs one fuzz target of test/fuzz/targets.ts for S seconds from a
 * seed (random unless given), and prints the seed, the number of cases, what the cases did and,
 * on a failure, fast-check's minimal counterexample with the seed and path that replay it.
 *
 * The cases run in a child process that names each case before running it; this process stops
 * the child when one case takes longer than --hang-seconds (a hang) or the child's resident
 * memory passes --max-rss-mb (a blow-up), and prints the case. Exit 0: no failure; 1: a failure;
 * 2: bad arguments.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { FUZZ_TARGETS } from '../test/fuzz/targets.js';

interface Options {
  target: string;
  seconds: number;
  seed: number;
  path?: string;
  hangSeconds: number;
  maxRssMb: number;
}

function usage(message: string): never {
  process.stderr.write(`fuzz: ${message}\n`);
  process.stderr.write(
    `usage: npm run fuzz -- --target NAME --seconds S [--seed N] [--path P] [--hang-seconds H] [--max-rss-mb M] | --list\n`,
  );
  process.exit(2);
}

function options(argv: string[]): Options | undefined {
  let values: ReturnType<typeof parse>['values'];
  const parse = (a: string[]) =>
    parseArgs({
      args: a,
      options: {
        target: { type: 'string' },
        seconds: { type: 'string', default: '60' },
        seed: { type: 'string' },
        path: { type: 'string' },
        'hang-seconds': { type: 'string', default: '30' },
        'max-rss-mb': { type: 'string', default: '4096' },
        list: { type: 'boolean', default: false },
        child: { type: 'string' },
      },
    });
  try {
    values = parse(argv).values;
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.list) {
    for (const [name, t] of Object.entries(FUZZ_TARGETS)) process.stdout.write(`${name.padEnd(10)} ${t.description}\n`);
    return undefined;
  }
  const number = (flag: string, text: string | undefined, min: number) => {
    const n = Number(text);
    if (text === undefined || !Number.isInteger(n) || n < min) usage(`--${flag} needs an integer >= ${min}`);
    return n;
  };
  if (!values.target) usage(`--target is required (one of: ${Object.keys(FUZZ_TARGETS).join(', ')})`);
  if (!(values.target in FUZZ_TARGETS)) {
    usage(`unknown target '${values.target}' (one of: ${Object.keys(FUZZ_TARGETS).join(', ')})`);
  }
  return {
    target: values.target,
    seconds: number('seconds', values.seconds, 1),
    seed: values.seed === undefined ? (Math.random() * 2 ** 31) | 0 : number('seed', values.seed, -(2 ** 31)),
    path: values.path,
    hangSeconds: number('hang-seconds', values['hang-seconds'], 1),
    maxRssMb: number('max-rss-mb', values['max-rss-mb'], 64),
  };
}

/** In the child: run the cases, writing each one to `caseFile` before it runs. */
function runCases(o: Options, caseFile: string): number {
  const target = FUZZ_TARGETS[o.target];
  const outcomes = new Map<string, number>();
  let cases = 0;
  const property = fc.property(target.input(), (input) => {
    writeFileSync(caseFile, fc.stringify(input));
    process.send?.({ case: ++cases, rss: process.memoryUsage.rss() });
    const outcome = target.run(input);
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  });
  const details = fc.check(property, {
    seed: o.seed,
    path: o.path,
    numRuns: o.path ? 1 : Number.MAX_SAFE_INTEGER,
    interruptAfterTimeLimit: o.seconds * 1000,
    markInterruptAsFailure: false,
  });
  const out = process.stdout;
  out.write(`fuzz ${o.target}: ${details.numRuns} cases from seed ${o.seed}`);
  out.write(details.failed ? ', FAILED\n' : `, no failure\n`);
  for (const [outcome, n] of [...outcomes].sort((a, b) => b[1] - a[1])) out.write(`  ${String(n).padStart(7)}  ${outcome}\n`);
  if (!details.failed) return 0;
  out.write(`${fc.defaultReportMessage(details)}\n`);
  out.write(`replay: npm run fuzz -- --target ${o.target} --seed ${o.seed} --path ${details.counterexamplePath}\n`);
  return 1;
}

/** In the parent: start the child, watch it for hangs and memory, report. */
function watch(o: Options, argv: string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'ppcjit-fuzz-'));
  const caseFile = join(dir, 'case');
  process.stdout.write(`fuzz ${o.target}: seed ${o.seed}, ${o.seconds} s\n`);
  const child = fork(fileURLToPath(import.meta.url), [...argv, '--seed', String(o.seed), '--child', caseFile], {
    stdio: 'inherit',
  });
  let lastCase = Date.now();
  let caseNumber = 0;
  let failure: string | undefined;
  const stop = (why: string) => {
    failure ??= why;
    child.kill('SIGKILL');
  };
  child.on('message', (m: { case: number; rss: number }) => {
    lastCase = Date.now();
    caseNumber = m.case;
    if (m.rss > o.maxRssMb * 2 ** 20) stop(`memory blow-up: ${Math.round(m.rss / 2 ** 20)} MB resident`);
  });
  const timer = setInterval(() => {
    if (Date.now() - lastCase > o.hangSeconds * 1000) stop(`hang: one case ran for more than ${o.hangSeconds} s`);
  }, 500);
  child.on('exit', (code, signal) => {
    clearInterval(timer);
    if (failure || signal || code === null) {
      let input = '(unknown)';
      try {
        input = readFileSync(caseFile, 'utf8');
      } catch {}
      process.stdout.write(
        `fuzz ${o.target}: FAILED at case ${caseNumber} from seed ${o.seed}: ${failure ?? `child died (${signal})`}\n`,
      );
      process.stdout.write(`input: ${input}\n`);
      process.exitCode = 1;
    } else process.exitCode = code;
    rmSync(dir, { recursive: true, force: true });
  });
}

const argv = process.argv.slice(2);
const childAt = argv.indexOf('--child');
if (childAt >= 0) {
  const o = options(argv)!;
  process.exitCode = runCases(o, argv[childAt + 1]);
} else {
  const o = options(argv);
  if (o) watch(o, argv.filter((a, i) => a !== '--seed' && argv[i - 1] !== '--seed' && !a.startsWith('--seed=')));
}
