import type { ChildProcessByStdio } from 'node:child_process';
import { constants } from 'node:os';
import type { Readable, Writable } from 'node:stream';

export interface ChildOutcome {
  stdout: string;
  stderr: string;
  /** Shell-style: the exit code, or 128 + N when killed by signal N. */
  status: number;
}

/** Collects a spawned program's output (latin1) and status once it has closed its streams. */
export function childOutcome(child: ChildProcessByStdio<Writable | null, Readable, Readable>): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const signum = signal ? (constants.signals as Record<string, number>)[signal] : undefined;
      resolve({
        stdout: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString('latin1'),
        status: signum !== undefined ? 128 + signum : (code ?? -1),
      });
    });
  });
}
