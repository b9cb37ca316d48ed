// `ppcjit boot`'s interactive serial console (issue 20): stdin through a pipe and through a
// pseudo-terminal (util-linux `script`), with test/guests/uart-echo/echo.elf echoing the UART.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasScript, inPty } from './pty-session.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const ECHO = fileURLToPath(new URL('../guests/uart-echo/echo.elf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ppcjit-console-'));

const boot = (input: string | Buffer, ...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, 'boot', '--kernel', ECHO, ...args], {
    input,
    encoding: 'latin1',
    timeout: 60_000,
  });

describe('ppcjit boot: stdin through a pipe', () => {
  it('streams piped bytes to the guest, in order, after --append-input', () => {
    const r = boot('hello\n\x03\tworld\r\x7fQ', '--append-input', 'first:');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('ready\r\nfirst:hello\n^C\tworld\r^?\r\nbye\r\n');
  });

  it('passes a long input through the 16-byte FIFO without loss', () => {
    const line = 'the quick brown fox jumps over the lazy dog 0123456789\n';
    const text = line.repeat(400); // 22 KB: many FIFO refills and several stdin reads
    const r = boot(`${text}Q`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`ready\r\n${text}\r\nbye\r\n`);
  });

  it('at end of input sends nothing more and the guest keeps running (until --timeout)', () => {
    const r = boot('abc\n', '--timeout', '2', '--hang-timeout', '0');
    expect(r.stdout).toBe('ready\r\nabc\n');
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/^ppcjit: guest still running after 2 s \(pc 0x[0-9a-f]{8}/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('--no-stdin leaves stdin alone', () => {
    const r = boot('abcQ', '--no-stdin', '--append-input', 'xyQ', '--timeout', '5');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('ready\r\nxy\r\nbye\r\n');
  });

  it('back-pressure: a guest that stops reading blocks the writer instead of growing ppcjit', async () => {
    const child = spawn(process.execPath, [PPCJIT, 'boot', '--kernel', ECHO, '--timeout', '6', '--hang-timeout', '0'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (d: string) => {
      out += d;
    });
    child.stdin.on('error', () => {}); // EPIPE once ppcjit exits
    child.stdin.write('ab P'); // 'P': the guest never reads again
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let accepted = 0;
    const t0 = Date.now();
    // Write while the pipe takes it; a bounded reader stops taking bytes (write() returns false
    // and 'drain' never comes), an unbounded one would swallow all 64 MB.
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (Date.now() - t0 < 4000 && accepted < 64 * 1024 * 1024) {
          accepted += chunk.length;
          if (!child.stdin.write(chunk)) {
            const timer = setTimeout(resolve, Math.max(0, 4000 - (Date.now() - t0)));
            child.stdin.once('drain', () => {
              clearTimeout(timer);
              pump();
            });
            return;
          }
        }
        resolve();
      };
      pump();
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out).toBe('ready\r\nab ');
    expect(status).toBe(124);
    // Kernel pipe buffer + node's read-ahead + INPUT_HIGH_WATER + our own write buffer: far below 64 MB.
    expect(accepted).toBeLessThan(2 * 1024 * 1024);
  }, 30_000);

  it('typed input counts as activity for --hang-timeout', async () => {
    // 'P' stops the echo (no output at all); input keeps arriving for 6 s with --hang-timeout 3.
    const child = spawn(process.execPath, [PPCJIT, 'boot', '--kernel', ECHO, '--timeout', '30', '--hang-timeout', '3']);
    let err = '';
    child.stderr.setEncoding('latin1');
    child.stderr.on('data', (d: string) => {
      err += d;
    });
    child.stdin.on('error', () => {});
    child.stdin.write('P');
    const t0 = Date.now();
    const timer = setInterval(() => {
      child.stdin.write('k');
      if (Date.now() - t0 > 6000) {
        clearInterval(timer);
        child.stdin.end();
      }
    }, 100);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(timer);
    expect(status).toBe(124);
    expect(err).toMatch(/^ppcjit: no console output for 3 s of guest time \(--hang-timeout\)/);
    expect(Date.now() - t0).toBeGreaterThan(6000 + 2000); // not before the typing stopped
  }, 40_000);
});

describe.skipIf(!hasScript)('ppcjit boot: stdin on a terminal', () => {
  it('raw mode (Ctrl-C and bytes without Enter reach the guest), C-a h / C-a C-a / C-a x, terminal restored', async () => {
    const before = join(dir, 'stty-before');
    const after = join(dir, 'stty-after');
    const cmd = `stty -g > ${before}; ${process.execPath} ${PPCJIT} boot --kernel ${ECHO} --timeout 30; echo "status=$?"; stty -g > ${after}`;
    const { out, status } = await inPty(cmd, [
      [/ready\r\r\n$/, 'ab\x03'],
      [/ab\^C$/, '\x01h'],
      [/send C-a to the guest\r\n$/, '\x01\x01'],
      [/\^A$/, '\x01x'],
    ]);
    expect(status).toBe(0);
    expect(out).toBe(
      'ready\r\r\nab^C\r\n' +
        'C-a h    print this help\r\nC-a x    exit ppcjit (exit status 0)\r\nC-a C-a  send C-a to the guest\r\n' +
        '^Appcjit: terminated (C-a x)\r\nstatus=0\r\n',
    );
    expect(readFileSync(after, 'latin1')).toBe(readFileSync(before, 'latin1'));
  }, 60_000);

  it('restores the terminal when the run ends by --timeout', async () => {
    const before = join(dir, 'stty-before-2');
    const after = join(dir, 'stty-after-2');
    const cmd = `stty -g > ${before}; ${process.execPath} ${PPCJIT} boot --kernel ${ECHO} --timeout 2 2>/dev/null; echo "status=$?"; stty -g > ${after}`;
    const { out } = await inPty(cmd, []);
    expect(out).toBe('ready\r\r\nstatus=124\r\n');
    expect(readFileSync(after, 'latin1')).toBe(readFileSync(before, 'latin1'));
  }, 60_000);
});
