// `--help` (issue 20): wrapped at word boundaries (80 columns off a terminal, the terminal's
// width on one), and every command's examples run as shown.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/cli/help.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const COMMANDS = ['disasm', 'boot', 'run', 'demo', 'results', 'cpus'];

const help = (...command: string[]) => {
  const r = spawnSync(process.execPath, [PPCJIT, ...command, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
};

/** The words of help's own source: the CLI's sources and yargs' English strings. */
const sourceWords = new Set<string>();
const addWords = (text: string) => {
  for (const w of text.match(/[A-Za-z]+/g) ?? []) sourceWords.add(w);
};
const cliDir = fileURLToPath(new URL('../../src/cli/', import.meta.url));
for (const f of readdirSync(cliDir)) addWords(readFileSync(cliDir + f, 'utf8'));
addWords(readFileSync(`${ROOT}/node_modules/yargs/locales/en.json`, 'utf8'));

const brokenWords = (text: string) => (text.match(/[A-Za-z]+/g) ?? []).filter((w) => !sourceWords.has(w));

describe('ppcjit --help', () => {
  for (const command of ['', ...COMMANDS]) {
    it(`${command || 'ppcjit'} --help: at most 80 columns, no word broken`, () => {
      const text = help(...(command ? [command] : []));
      expect(brokenWords(text)).toEqual([]);
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    });
  }

  it('wraps to the terminal width on a terminal (60 columns)', () => {
    const r = spawnSync('script', ['-qec', `stty cols 60; ${process.execPath} ${PPCJIT} boot --help`, '/dev/null'], {
      encoding: 'utf8',
    });
    const text = r.stdout.replaceAll('\r', '');
    expect(text).toContain('Examples:');
    expect(brokenWords(text)).toEqual([]);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeGreaterThan(50);
  });

  it('groups the boot and run flags', () => {
    const groups = (text: string) => text.split('\n').filter((l) => /^[A-Z][^:]*:$/.test(l));
    expect(groups(help('boot'))).toEqual([
      'Machine:',
      'Kernel:',
      'Console:',
      'Time:',
      'Observe:',
      'Snapshot:',
      'Many guests (with --restore):',
      'Debug:',
      'Options:',
      'Examples:',
    ]);
    expect(groups(help('run'))).toEqual(['Positionals:', 'Machine:', 'Observe:', 'Debug:', 'Options:', 'Examples:']);
  });
});

describe('help examples', () => {
  it('one or two per command (results: see the README boot farm section)', () => {
    for (const command of COMMANDS.filter((c) => c !== 'results')) {
      expect(EXAMPLES[command]?.length, command).toBeGreaterThanOrEqual(1);
      expect(EXAMPLES[command].length, command).toBeLessThanOrEqual(2);
    }
  });

  for (const [command, examples] of Object.entries(EXAMPLES)) {
    for (const [line, what] of examples) {
      it(`${line} (shown in ${command} --help, exits 0)`, () => {
        const text = help(command);
        expect(text).toContain(`  # ${what}\n  ${line}\n`);
        const sh = line.replaceAll('ppcjit ', `${process.execPath} ${PPCJIT} `);
        const r = spawnSync('sh', ['-c', sh], { cwd: ROOT, encoding: 'latin1', timeout: 60_000 });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout.length).toBeGreaterThan(0);
      }, 60_000);
    }
  }
});
