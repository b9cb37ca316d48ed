/**
 * The web page (`npm run build:web`) in a real browser: Debian's chromium driven by
 * playwright-core, the page served from 127.0.0.1 by page-server.ts. Skipped when no chromium is
 * installed (.ci/run installs it). Logs are compared whole, as the CLI tests compare them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module (scripts/ is not type-checked)
import { buildWeb } from '../../scripts/build-web.mjs';
import { expectedFromQemu, kernelLog, LINUX_INIT_MARKER, SHARED_LINUX } from '../support/linux-guest.js';
import { type PageServer, servePage } from './page-server.js';

const CHROMIUM = [process.env.PPCJIT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => Boolean(p && existsSync(p)),
);
const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const ECHO_ELF = repo('test/guests/uart-echo/echo.elf');
const PPCJIT = repo('bin/ppcjit.js');
/** The shared kernel is stripped: its System.map names the profile's functions (`--symbols`). */
const SYSTEM_MAP = join(dirname(SHARED_LINUX.vmlinux), 'System.map');
/** Screenshots and snapshot files the tests leave behind (dist/ is not committed). */
const ARTIFACTS = repo('dist/test-artifacts/web');

/** Generous limits (no timing is asserted): the tests share 2 loaded cores with the rest of npm test. */
const WAIT = 120_000;
const LINUX_WAIT = 300_000;

/** What the page's window.ppcjit offers (web/main.ts), as the tests call it. */
interface PageApi {
  consoleText(): string;
  sendInput(text: string): void;
  state(): string;
  stats(): { instructions: number; runMs: number; blocksCompiled: number } | undefined;
  saveSnapshot(): Promise<Uint8Array>;
  restoreSnapshot(bytes: Uint8Array): Promise<void>;
  profile(seconds: number): Promise<{
    totalInstructions: number;
    blocks: { start: number; entries: number; instructions: number }[];
    functions: { symbol: string; instructions: number }[];
    cpuprofile: string;
  }>;
}
declare const ppcjit: PageApi;

/** The demo client's log as in test/machine/pegasos2/boot.test.ts: \r\n folded, the clock line dropped. */
const demoLines = (text: string) =>
  text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((l) => !l.startsWith('milliseconds:'));

/** The `ppcjit boot` flags of the shared kernel, as page URL parameters. */
const linuxQuery = (extra = '') =>
  `?kernel=guest/vmlinux&append=${encodeURIComponent(SHARED_LINUX.bootargs)}&memory=${SHARED_LINUX.ramMb}&cpu=${SHARED_LINUX.cpu}${extra}`;

describe.skipIf(!CHROMIUM)('the web page in chromium', () => {
  let browser: Browser;
  let server: PageServer;
  let root: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    root = await buildWeb(mkdtempSync(join(tmpdir(), 'ppcjit-web-')));
    server = await servePage(root, {
      'echo.elf': ECHO_ELF,
      'echo-cli.snapshot': join(ARTIFACTS, 'echo-cli.snapshot'),
      vmlinux: SHARED_LINUX.vmlinux,
      'System.map': SYSTEM_MAP,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /**
   * `ppcjit boot --snapshot-at ready --snapshot-out` of the uart-echo guest (made once): it printed
   * "ready", and "\r\n" waits in the snapshot's console tail.
   */
  let cliSnapshotFile: string | undefined;
  function echoCliSnapshot(): string {
    if (cliSnapshotFile) return cliSnapshotFile;
    const file = join(ARTIFACTS, 'echo-cli.snapshot');
    const printed = execFileSync(
      process.execPath,
      [PPCJIT, 'boot', '--kernel', ECHO_ELF, '--no-stdin', '--snapshot-at', 'ready', '--snapshot-out', file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(printed.toString('latin1')).toBe('ready');
    cliSnapshotFile = file;
    return file;
  }

  async function open(query = ''): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.setDefaultTimeout(WAIT);
    await page.goto(server.url + query);
    return page;
  }

  const waitForState = (page: Page, state: string, timeout = WAIT) =>
    page.waitForFunction((s) => typeof ppcjit !== 'undefined' && ppcjit.state() === s, state, { timeout });
  const consoleText = (page: Page) => page.evaluate(() => ppcjit.consoleText());
  /** The terminal's rows as xterm.js renders them (messages of the page itself show only there). */
  const terminalRows = (page: Page) =>
    page.$$eval('.xterm-rows > div', (rows) => rows.map((r) => (r.textContent ?? '').trimEnd()).filter(Boolean));
  /** window.ppcjit.saveSnapshot()'s bytes, through base64 (an array of numbers takes playwright tens of seconds). */
  const saveSnapshot = async (page: Page) =>
    Buffer.from(
      await page.evaluate(async () => {
        const bytes = await ppcjit.saveSnapshot();
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(binary);
      }),
      'base64',
    );

  it(
    'boots the demo client by default and prints what it prints under QEMU 7.2, loading only its own files',
    async () => {
      const page = await open();
      await waitForState(page, 'exited');
      const qemu = readFileSync(repo('demo/ofclient/qemu-7.2.log'), 'latin1');
      expect(demoLines(await consoleText(page))).toEqual(demoLines(qemu));
      expect(await page.textContent('#status')).toMatch(/^exited \(exit\) · /);
      // Every request went to the page's own folder, and only for files the build put there.
      for (const path of server.requests) expect(existsSync(join(root, path === '/' ? 'index.html' : path))).toBe(true);
      await page.screenshot({ path: join(ARTIFACTS, 'demo.png') });
      await page.close();
      expect(pageErrors).toEqual([]);
    },
    3 * WAIT,
  );

  it(
    'sends typing in the terminal to the UART: a kernel from the file picker echoes it',
    async () => {
      const page = await open();
      await waitForState(page, 'exited');
      await page.setInputFiles('#kernel-file', ECHO_ELF);
      await page.waitForFunction(() => ppcjit.consoleText() === 'ready\r\n');
      await page.click('#terminal');
      await page.keyboard.type('hello, ppc');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => ppcjit.consoleText().length >= 'ready\r\nhello, ppc\r'.length);
      expect(await consoleText(page)).toBe('ready\r\nhello, ppc\r');
      await page.evaluate(() => ppcjit.sendInput('\x03Q'));
      await waitForState(page, 'exited');
      expect(await consoleText(page)).toBe('ready\r\nhello, ppc\r^C\r\nbye\r\n');
      await page.close();
      expect(pageErrors).toEqual([]);
    },
    3 * WAIT,
  );

  it(
    'restores a snapshot of `ppcjit boot --snapshot-out`, and the CLI restores the page’s',
    async () => {
      const cliSnapshot = echoCliSnapshot();
      // The page: Restore picks the CLI's file; the guest goes on from right after "ready".
      const page = await open(`?kernel=guest/echo.elf`);
      await page.waitForFunction(() => ppcjit.consoleText() === 'ready\r\n');
      await page.setInputFiles('#snapshot-file', cliSnapshot);
      await waitForState(page, 'running');
      await page.waitForFunction(() => ppcjit.consoleText() === '\r\n');
      await page.evaluate(() => ppcjit.sendInput('ab'));
      await page.waitForFunction(() => ppcjit.consoleText() === '\r\nab');
      // Bytes typed but not read yet are machine state, as in the CLI: 'c' stays in the UART.
      await page.evaluate(() => ppcjit.stop());
      await waitForState(page, 'stopped');
      await page.evaluate(() => ppcjit.sendInput('c'));
      const pageSnapshot = join(ARTIFACTS, 'echo-page.snapshot');
      writeFileSync(pageSnapshot, await saveSnapshot(page));
      const cliAfter = execFileSync(
        process.execPath,
        [PPCJIT, 'boot', '--restore', pageSnapshot, '--no-stdin', '--append-input', 'Q'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      expect(cliAfter.toString('latin1')).toBe('c\r\nbye\r\n');
      await page.close();
      expect(pageErrors).toEqual([]);
    },
    3 * WAIT,
  );

  it(
    'reports a kernel that is not an ELF file on one line, as `ppcjit boot` does',
    async () => {
      const page = await open('?kernel=index.html');
      await waitForState(page, 'exited');
      expect(await page.textContent('#status')).toBe('exited (error)');
      expect(await terminalRows(page)).toEqual(['ppcjit: index.html: not an ELF file']);
      expect(await consoleText(page)).toBe('');
      await page.close();
      expect(pageErrors).toEqual([]);
    },
    3 * WAIT,
  );

  it(
    'restores ?snapshot=URL at load (a snapshot of `ppcjit boot --snapshot-out`)',
    async () => {
      echoCliSnapshot();
      const page = await open('?snapshot=guest/echo-cli.snapshot');
      await page.waitForFunction(() => ppcjit.consoleText() === '\r\n');
      await page.evaluate(() => ppcjit.sendInput('xQ'));
      await waitForState(page, 'exited');
      expect(await consoleText(page)).toBe('\r\nx\r\nbye\r\n');
      await page.close();
      expect(pageErrors).toEqual([]);
    },
    3 * WAIT,
  );

  it(
    'profiles the running guest for a second: exact block counts, a table and a .cpuprofile',
    async () => {
      const page = await open(`?kernel=guest/echo.elf`);
      await page.waitForFunction(() => ppcjit.consoleText() === 'ready\r\n');
      await page.fill('#profile-seconds', '1');
      const download = page.waitForEvent('download');
      await page.click('#profile');
      await page.waitForSelector('#profile-blocks tr:nth-child(2)');
      const rows = await page.$$eval('#profile-blocks tr', (trs) => trs.map((tr) => tr.textContent));
      expect(rows.length).toBeGreaterThan(1);
      const profile = await page.evaluate(() => ppcjit.profile(1));
      // The guest spins in its UART poll: every block in the window ran whole, entries × length.
      expect(profile.blocks.length).toBeGreaterThan(0);
      expect(profile.totalInstructions).toBe(profile.blocks.reduce((n, b) => n + b.instructions, 0));
      for (const b of profile.blocks) expect(b.instructions % b.entries).toBe(0);
      const cpuprofile = JSON.parse(profile.cpuprofile) as { nodes: { callFrame: { url: string } }[] };
      const urls = new Set(cpuprofile.nodes.map((n) => n.callFrame.url));
      expect(urls.has(`ppc:0x${profile.blocks[0].start.toString(16).padStart(8, '0')}`)).toBe(true);
      await page.click('#profile-download');
      expect((await download).suggestedFilename()).toBe('ppcjit.cpuprofile');
      await page.screenshot({ path: join(ARTIFACTS, 'profile.png'), fullPage: true });
      await page.close();
      expect(pageErrors).toEqual([]);
    },
    3 * WAIT,
  );

  describe.skipIf(!SHARED_LINUX.present)('the shared Linux kernel', () => {
    const expected = () => expectedFromQemu(readFileSync(SHARED_LINUX.referenceLog, 'latin1'));

    it(
      'boots to init (profiled on the way), saves a snapshot there, continues to power-off with QEMU 7.2’s log, and a new page restores the snapshot to the same log',
      async () => {
        const page = await open(
          linuxQuery(`&snapshot-at=${encodeURIComponent(LINUX_INIT_MARKER)}&symbols=guest/System.map`),
        );
        // A profile while it boots, once the kernel runs at its link addresses (from the first console
        // message on; prom_init runs at physical ones): its functions are System.map's text symbols.
        await page.waitForFunction((m) => ppcjit.consoleText().includes(m), SHARED_LINUX.firstMessage, {
          timeout: LINUX_WAIT,
        });
        const profile = await page.evaluate(() => ppcjit.profile(1));
        const names = new Set(
          readFileSync(SYSTEM_MAP, 'latin1')
            .split('\n')
            .map((l) => l.split(' '))
            .filter((f) => /^[tTwW]$/.test(f[1] ?? ''))
            .map((f) => f[2]),
        );
        expect(profile.functions.length).toBeGreaterThan(0);
        for (const f of profile.functions) expect(names.has(f.symbol) || f.symbol === '(unknown)').toBe(true);
        expect(profile.functions.some((f) => names.has(f.symbol))).toBe(true);
        await waitForState(page, 'stopped', LINUX_WAIT);
        const before = await consoleText(page);
        expect(before.endsWith(LINUX_INIT_MARKER)).toBe(true);
        const file = join(ARTIFACTS, 'linux-init.snapshot');
        writeFileSync(file, await saveSnapshot(page));
        // Continue goes on from the marker too, its console tail first.
        await page.click('#pause');
        await waitForState(page, 'exited', LINUX_WAIT);
        expect(await page.textContent('#status')).toMatch(/^exited \(power-off\) · /);
        expect(kernelLog(await consoleText(page))).toEqual(expected());
        const stats = await page.evaluate(() => ppcjit.stats());
        process.stderr.write(
          `web: the shared Linux kernel ran ${stats?.runMs.toFixed(0)} ms in the worker to power-off\n`,
        );
        await page.screenshot({ path: join(ARTIFACTS, 'linux.png') });
        // A new page load (the demo boots by default), then Restore with the saved file.
        await page.goto(server.url);
        await waitForState(page, 'exited');
        await page.setInputFiles('#snapshot-file', file);
        // Done when the restored guest (whose console starts afresh) has stopped, not the demo.
        await page.waitForFunction(
          () => ppcjit.state() === 'exited' && !ppcjit.consoleText().startsWith('ppcjit demo'),
          null,
          { timeout: LINUX_WAIT },
        );
        expect(await page.textContent('#status')).toMatch(/^exited \(power-off\) · /);
        expect(kernelLog(before + (await consoleText(page)))).toEqual(expected());
        await page.close();
        expect(pageErrors).toEqual([]);
      },
      3 * LINUX_WAIT,
    );
  });
});
