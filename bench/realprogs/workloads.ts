// The `realprogs` workload group: third-party programs built from Debian sources by
// bench/realprogs/build.sh (binaries in $PPCJIT_REALPROGS_CACHE/bin, never in git), each run on
// a command line whose inputs are generated here, deterministically (a seeded PRNG: the same
// bytes on every machine), or are scripts written for this bench (bench/realprogs/scripts).
// Each is sized so that qemu-ppc takes roughly 0.3–1 s on the project's machines.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where build.sh leaves the binaries ($PPCJIT_REALPROGS_CACHE/bin) and the bench its inputs (work/). */
export const REALPROGS_CACHE = process.env.PPCJIT_REALPROGS_CACHE ?? join(homedir(), '.cache', 'ppcjit-realprogs');
export const REALPROGS_BIN = join(REALPROGS_CACHE, 'bin');
export const REALPROGS_WORK = join(REALPROGS_CACHE, 'work');

/** The guest's whole environment, the same under ppcjit and qemu-ppc. */
export const REALPROGS_ENV = ['PATH=/usr/bin:/bin', 'LC_ALL=C', 'HOME=/nonexistent', 'TZ=UTC'];

export interface RealProgram {
  /** Workload name (`--only`), e.g. lua-fib. */
  name: string;
  /** Binary name in REALPROGS_BIN. */
  bin: string;
  /** Guest arguments after argv[0] (the binary's absolute path); files are relative to REALPROGS_WORK. */
  args: string[];
  /** A file in REALPROGS_WORK fed on stdin (/dev/null when absent). */
  stdin?: string;
  /** What it measures, one line. */
  about: string;
}

export const REAL_PROGRAMS: RealProgram[] = [
  { name: 'lua-fib', bin: 'lua', args: ['fib.lua', '30'], about: 'Lua 5.4, recursive fib(30): calls and returns' },
  { name: 'lua-nbody', bin: 'lua', args: ['nbody.lua', '15000'], about: 'Lua 5.4, n-body, 15,000 steps: FP' },
  {
    name: 'jq-report',
    bin: 'jq',
    args: ['-c', '-f', 'report.jq', 'people.json'],
    about: 'jq 1.6, group/sort/aggregate report over a generated JSON array',
  },
  { name: 'bc-pi', bin: 'bc', args: ['-l', 'pi.bc'], about: 'GNU bc, digits of pi via a(1)' },
  { name: 'xz-6', bin: 'xz', args: ['-6', '-c', 'text.txt'], about: 'xz -6 of a generated text' },
  {
    name: 'busybox-factor',
    bin: 'busybox',
    args: ['factor', ...factorInput()],
    about: 'busybox factor of 64-bit products of a 23-bit and a 41-bit prime',
  },
  {
    name: 'sqlite-sql',
    bin: 'sqlite3',
    args: ['-batch', ':memory:'],
    stdin: 'bench.sql',
    about: 'sqlite3 shell: inserts, indexes, joins, aggregates in memory',
  },
  { name: 'mujs-bench', bin: 'mujs', args: ['bench.es5'], about: 'MuJS running a JavaScript benchmark script' },
  { name: 'zstd-9', bin: 'zstd', args: ['-9', '-c', 'log.txt'], about: 'zstd -9 (single-threaded) of a generated log' },
  { name: 'gawk-report', bin: 'gawk', args: ['-f', 'wordfreq.awk', 'text.txt'], about: 'gawk word counts and sort' },
];

export const realProgramBinary = (p: RealProgram) => join(REALPROGS_BIN, p.bin);

/** bench/realprogs/scripts (this file runs as dist/bench/realprogs/workloads.js). */
const SCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bench', 'realprogs', 'scripts');

/** mulberry32: a small seeded PRNG, so every machine generates the same inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vocabulary of pronounceable words and a Zipf-like pick from it. */
function wordSource(seed: number, size: number): () => string {
  const rnd = prng(seed);
  const onset = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'st', 'tr', 'pl', 'gr'];
  const vowel = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ea'];
  const coda = ['', '', 'n', 'r', 's', 'l', 't', 'nd', 'st'];
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const words: string[] = [];
  for (let i = 0; i < size; i++) {
    const syl = 1 + Math.floor(rnd() * rnd() * 4);
    let w = '';
    for (let k = 0; k < syl; k++) w += pick(onset) + pick(vowel) + pick(coda);
    words.push(w);
  }
  return () => words[Math.floor(size * rnd() ** 3)];
}

/** ~bytes of text: sentences of generated words, lines of at most 72 characters. */
export function generateText(seed: number, bytes: number): string {
  const word = wordSource(seed, 5000);
  const rnd = prng(seed ^ 0x5bd1e995);
  const out: string[] = [];
  let size = 0;
  let line = '';
  let capital = true;
  while (size < bytes) {
    let w = word();
    if (capital) w = w[0].toUpperCase() + w.slice(1);
    capital = false;
    const r = rnd();
    if (r < 0.08) {
      w += '.';
      capital = true;
    } else if (r < 0.12) w += ',';
    if (line.length + w.length + 1 > 72) {
      out.push(line);
      size += line.length + 1;
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  out.push(line);
  return `${out.join('\n')}\n`;
}

/** A web-server-like log: timestamps, addresses, paths, status codes, sizes. */
export function generateLog(seed: number, lines: number): string {
  const rnd = prng(seed);
  const word = wordSource(seed + 1, 400);
  const methods = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
  const status = [200, 200, 200, 200, 304, 404, 500, 301];
  const out: string[] = [];
  let t = 1_700_000_000;
  for (let i = 0; i < lines; i++) {
    t += Math.floor(rnd() * 3);
    const ip = `10.${Math.floor(rnd() * 4)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    const path = `/${word()}/${word()}${rnd() < 0.3 ? `?id=${Math.floor(rnd() * 100000)}` : ''}`;
    const st = status[Math.floor(rnd() * status.length)];
    const size = Math.floor(rnd() * rnd() * 50000);
    out.push(
      `${new Date(t * 1000).toISOString()} ${ip} ${methods[Math.floor(rnd() * methods.length)]} ${path} ${st} ${size} ${Math.floor(rnd() * 900) + 1}ms`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** An array of person records for jq. */
export function generatePeople(seed: number, count: number): string {
  const rnd = prng(seed);
  const word = wordSource(seed + 2, 2000);
  const depts = ['eng', 'ops', 'sales', 'legal', 'research', 'support', 'finance', 'design'];
  const tags = ['remote', 'lead', 'new', 'oncall', 'mentor', 'parttime', 'contractor', 'veteran'];
  const people = [];
  for (let i = 0; i < count; i++) {
    const t = tags.filter(() => rnd() < 0.25);
    people.push({
      id: i + 1,
      name: `${word()} ${word()}`,
      dept: depts[Math.floor(rnd() * rnd() * depts.length)],
      salary: 30000 + Math.floor(rnd() * 120000),
      age: 20 + Math.floor(rnd() * 45),
      tags: t,
      manager: i > 10 ? 1 + Math.floor(rnd() * i) : null,
      joined: `${2000 + Math.floor(rnd() * 25)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`,
    });
  }
  return `${JSON.stringify(people, null, 1)}\n`;
}

/** Is n prime (n < 2^53)? */
function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/**
 * Decimal 64-bit numbers (< 2^63): products of a prime in [2^22, 2^23) and one in [2^40, 2^41)
 * (factor's trial division runs up to the smaller one).
 */
export function factorInput(): string[] {
  const rnd = prng(64);
  const prime = (bits: number) => {
    let n = Math.floor(2 ** bits * (1 + rnd()));
    if (n % 2 === 0) n++;
    while (!isPrime(n)) n += 2;
    return BigInt(n);
  };
  const out: string[] = [];
  for (let i = 0; i < 8; i++) out.push((prime(22) * prime(40)).toString());
  return out;
}

/** SQL for the sqlite3 shell: a schema filled by recursive CTEs (no data in the file). */
export function generateSql(rows: number): string {
  return `.headers off
.mode list
PRAGMA cache_size = 4000;
CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL);
CREATE TABLE t2(k INTEGER, name TEXT, v INTEGER);
BEGIN;
WITH RECURSIVE r(i, x) AS (SELECT 1, 12345 UNION ALL SELECT i + 1, (x * 1103515245 + 12345) % 2147483648 FROM r WHERE i < ${rows})
INSERT INTO t1 SELECT i, x % 100000, printf('row-%d-%x', i, x), (x % 1000) / 7.0 FROM r;
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ${rows / 4})
INSERT INTO t2 SELECT (i * 7919) % ${rows}, 'name' || (i % 977), i % 1000 FROM r;
COMMIT;
SELECT count(*), sum(b), min(c), max(c), round(avg(d), 6) FROM t1;
CREATE INDEX t1b ON t1(b);
CREATE INDEX t2k ON t2(k);
SELECT b, count(*) FROM t1 WHERE b BETWEEN 500 AND 2500 GROUP BY b ORDER BY count(*) DESC, b LIMIT 5;
SELECT t2.name, count(*), sum(t1.b) FROM t2 JOIN t1 ON t1.a = t2.k GROUP BY t2.name ORDER BY 3 DESC LIMIT 5;
UPDATE t1 SET b = b + 1, c = upper(c) WHERE a % 3 = 0;
DELETE FROM t1 WHERE b % 10 = 0;
SELECT count(*), sum(b), total(length(c)) FROM t1;
SELECT substr(c, 1, 8) AS p, count(*) FROM t1 GROUP BY p ORDER BY 2 DESC, 1 LIMIT 5;
SELECT sum(x) FROM (SELECT b * 2 AS x FROM t1 ORDER BY c LIMIT 20000 OFFSET 100);
`;
}

/** The generated inputs, by file name in REALPROGS_WORK. */
function inputs(): Record<string, () => string> {
  return {
    'text.txt': () => generateText(1, 400_000),
    'log.txt': () => generateLog(2, 35000),
    'people.json': () => generatePeople(3, 1500),
    'pi.bc': () => 'scale = 900\n4 * a(1)\nquit\n',
    'bench.sql': () => generateSql(30000),
  };
}

/**
 * Writes the generated inputs and copies the committed scripts into REALPROGS_WORK (each file
 * rewritten only when its content changed). Returns the directory, the guests' cwd.
 */
export function prepareRealprogsWork(): string {
  mkdirSync(REALPROGS_WORK, { recursive: true });
  const put = (name: string, data: string | Buffer) => {
    const path = join(REALPROGS_WORK, name);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    if (!existsSync(path) || !readFileSync(path).equals(bytes)) writeFileSync(path, bytes);
  };
  for (const [name, make] of Object.entries(inputs())) put(name, make());
  for (const name of ['fib.lua', 'nbody.lua', 'report.jq', 'bench.es5', 'wordfreq.awk']) {
    copyFileSync(join(SCRIPTS, name), join(REALPROGS_WORK, name));
  }
  return REALPROGS_WORK;
}
