/**
 * Runs gdb-multiarch in batch mode against an emulator's gdb stub (ppcjit run/boot --gdb,
 * qemu-ppc -g, qemu-system-ppc -s -S) and returns what gdb printed and how the emulator ended.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { haveTool } from '../objdump.js';

export const haveGdb = haveTool('gdb-multiarch');

/** gdb, the guest or the emulator may not take longer than this (a hang fails the test). */
const LIMIT_MS = 120_000;

export interface GdbRun {
  /** gdb's stdout and stderr, in order. */
  gdb: string;
  /** The emulator's stdout and stderr and exit status. */
  stdout: string;
  stderr: string;
  status: number | null;
}

/** A TCP port free right now on 127.0.0.1 (for QEMU, which cannot pick one itself). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string; done: Promise<number | null> } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { out: () => out, err: () => err, done };
}

/**
 * Starts `emulator` (argv), waits for `listening` to give the port from its stderr (or uses
 * `port`), then runs gdb-multiarch -batch with `commands` on `program`.
 */
export async function runUnderGdb(
  emulator: string[],
  commands: string[],
  program: string | undefined,
  port: number | ((stderr: string) => number | undefined),
  cwd: string,
  /** Stop the emulator once gdb is done (qemu-system keeps its stopped VM). */
  killAfterGdb = false,
): Promise<GdbRun> {
  // A clean environment: the guest's stack holds the environment, so both emulators must see the same.
  const env = { PATH: '/usr/bin:/bin' };
  const child = spawn(emulator[0], emulator.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const emu = collect(child);
  const killer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
  let chosen = typeof port === 'number' ? port : undefined;
  while (chosen === undefined) {
    await new Promise((r) => setTimeout(r, 50));
    chosen = (port as (s: string) => number | undefined)(emu.err());
    if (child.exitCode !== null) throw new Error(`emulator ended before listening: ${emu.err()}`);
  }
  const args = ['-batch', '-nx', '-ex', 'set pagination off', '-ex', 'set confirm off'];
  args.push('-ex', 'set tcp connect-timeout 30', '-ex', `target remote 127.0.0.1:${chosen}`);
  for (const c of commands) args.push('-ex', c);
  if (program) args.push(program);
  // HOME: gdb warns on stderr without one (its index cache directory).
  const gdb = spawn('gdb-multiarch', args, { cwd, env: { ...env, HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
  let gdbText = '';
  gdb.stdout.on('data', (d) => {
    gdbText += d;
  });
  gdb.stderr.on('data', (d) => {
    gdbText += d;
  });
  const gdbKiller = setTimeout(() => gdb.kill('SIGKILL'), LIMIT_MS);
  await new Promise((r) => gdb.on('close', r));
  clearTimeout(gdbKiller);
  if (killAfterGdb) child.kill('SIGTERM');
  const status = await emu.done;
  clearTimeout(killer);
  return { gdb: gdbText, stdout: emu.out(), stderr: emu.err(), status };
}

/** The port from ppcjit's `ppcjit: gdb stub listening on 127.0.0.1:PORT` line. */
export const ppcjitPort = (stderr: string) => {
  const m = /gdb stub listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
  return m ? Number(m[1]) : undefined;
};
