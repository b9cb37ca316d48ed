// Runs a shell command in a pseudo-terminal (util-linux `script`), typing text as the output
// reaches given points, for the console tests (raw mode, C-a keys, terminal restored).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const hasScript = spawnSync('script', ['--version']).status === 0;

/** A step: once the output so far matches `when`, type `text` (or call it, for a signal). */
export type PtyStep = [when: RegExp, text: string | (() => void)];

/** Runs `cmd` in a pty; `steps` fire in order. Resolves with the pty's output and exit status. */
export async function inPty(cmd: string, steps: PtyStep[]): Promise<{ out: string; status: number | null }> {
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let next = 0;
  child.stdout.setEncoding('latin1');
  child.stdout.on('data', (d: string) => {
    out += d;
    while (next < steps.length && steps[next][0].test(out)) {
      const action = steps[next++][1];
      if (typeof action === 'string') child.stdin.write(action);
      else action();
    }
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.destroy();
  return { out, status };
}

/**
 * `cmd` wrapped so that the terminal's settings are saved before and after it (`stty -g` into
 * dir/NAME-before and dir/NAME-after) and its status is printed as `status=N`; `pidFile` gets the
 * pid of `cmd` (which runs by exec, so a signal sent to it reaches ppcjit itself).
 */
export function wrapped(dir: string, name: string, cmd: string) {
  const before = join(dir, `${name}-before`);
  const after = join(dir, `${name}-after`);
  const pidFile = join(dir, `${name}-pid`);
  return {
    cmd: `stty -g > ${before}; sh -c 'echo $$ > ${pidFile}; exec ${cmd}'; echo "status=$?"; stty -g > ${after}`,
    pid: () => Number(readFileSync(pidFile, 'utf8')),
    restored: () => readFileSync(after, 'latin1') === readFileSync(before, 'latin1'),
    settings: () => readFileSync(after, 'latin1'),
  };
}
