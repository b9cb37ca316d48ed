import { createRequire } from 'node:module';
import type yargsModule from 'yargs';
import { ExitCode, UserError } from '../errors.js';
import { DEFAULT_HANG_TIMEOUT_S, runBoot } from './boot.js';
import { bootInstances } from './boot-instances.js';
import { runCpus } from './cpus.js';
import { runDemo } from './demo.js';
import { runDisasm } from './disasm.js';
import { gdbOptions } from './gdb-attach.js';
import { helpWidth, withHelp } from './help.js';
import { observeOptions } from './observe.js';
import { runResultsMerge } from './results.js';
import { runCommand, runElf, splitRunArgv } from './run.js';

/**
 * yargs through its CommonJS build: the ESM build wraps help with cliui's stand-in for wrap-ansi,
 * which cuts every line at the width, inside words ("s / tdout"); the CommonJS one wraps at word
 * boundaries.
 */
const yargs = createRequire(import.meta.url)('yargs') as typeof yargsModule;

function report(err: unknown): void {
  if (err instanceof UserError) {
    process.stderr.write(`ppcjit: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    const e = err as Error;
    process.stderr.write(`ppcjit: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.PPCJIT_DEBUG) process.stderr.write(`${e?.stack}\n`);
    process.exitCode = ExitCode.Internal;
  }
}

/** A reader that closed the pipe (`ppcjit … | head`) wants no more output: stop quietly. */
function exitOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}

export async function main(argv: string[]): Promise<void> {
  exitOnBrokenPipe(process.stdout);
  try {
    const { head, guest } = splitRunArgv(argv);
    await yargs(head)
      .scriptName('ppcjit')
      .usage('$0 <command> [options]')
      .command(
        'disasm [file]',
        'disassemble an ELF, a raw binary, or --hex words, as objdump -M 7450 prints them',
        withHelp('disasm', (y) =>
          y
            .positional('file', { type: 'string', describe: 'ELF or raw binary file' })
            .option('hex', { type: 'string', array: true, describe: 'big-endian 32-bit words in hex' })
            .option('vma', { type: 'string', describe: 'address of the first word (raw/hex) or offset (ELF)' }),
        ),
        (a) => runDisasm(a),
      )
      .command(
        'boot',
        'boot a system machine (pegasos2 with Virtual Open Firmware); serial console on stdout',
        withHelp('boot', (y) =>
          y
            .option('machine', { type: 'string', default: 'pegasos2', describe: 'machine to boot' })
            .option('cpu', { type: 'string', describe: 'CPU model (see `ppcjit cpus`); default 7400' })
            .option('kernel', { type: 'string', describe: 'ELF client/kernel loaded at its physical addresses' })
            .option('initrd', { type: 'string', describe: 'initial ramdisk file' })
            .option('append', { type: 'string', describe: 'kernel command line (/chosen/bootargs)' })
            .option('memory', { type: 'number', describe: 'RAM in MB (default 512)' })
            .option('timeout', {
              type: 'number',
              default: 60,
              describe: 'total wall-clock seconds before giving up (exit 124, with the guest PC/LR/MSR)',
            })
            .option('hang-timeout', {
              type: 'number',
              default: DEFAULT_HANG_TIMEOUT_S,
              describe:
                'a hang: no console output for this many seconds of guest time (exit 124, with the guest PC/LR/MSR); 0 = off',
            })
            .option('trace-sc', { type: 'boolean', default: false, describe: 'print every sc and the path taken' })
            .option('osi', {
              type: 'boolean',
              default: false,
              describe: 'intercept Mac-on-Linux OSI calls (sc with magic r3/r4)',
            })
            .option('epapr', {
              type: 'boolean',
              default: false,
              describe: 'intercept ePAPR hypercalls and advertise them in /hypervisor',
            })
            .option('deterministic', {
              type: 'boolean',
              default: false,
              describe:
                'guest time (time base, decrementer, RTC) follows retired guest instructions, not the host clock: the same boot prints the same output and counters (summary on stderr); --timeout stays wall-clock',
            })
            .option('start-date', {
              type: 'string',
              describe: 'RTC date at power-on, ISO 8601 (default: now; 2026-01-01T00:00:00Z with --deterministic)',
            })
            .option('vof-entry', {
              type: 'string',
              describe: 'how the firmware calls out: vhyp (sc 1, the default), osi (MOL OSI), epapr',
            })
            .option('snapshot-at', {
              type: 'string',
              describe: 'stop when the console output first contains this text (with --snapshot-out)',
            })
            .option('snapshot-out', {
              type: 'string',
              describe: 'write the machine to this snapshot file at the --snapshot-at marker, then exit 0',
            })
            .option('restore', {
              type: 'string',
              describe: 'continue the machine in this snapshot file (instead of --kernel and the machine options)',
            })
            .option('stdin', {
              type: 'boolean',
              default: true,
              describe: 'feed stdin to the serial console (--no-stdin: leave stdin alone)',
            })
            .option('append-input', {
              type: 'string',
              describe: 'bytes for the serial port receiver at the start (\\n, \\r, \\t, \\\\, \\xHH escapes)',
            })
            .option('instances', {
              type: 'number',
              describe:
                'with --restore: run this many guests from the snapshot (per-guest logs with --output-dir; summary on stderr)',
            })
            .option('jobs', {
              type: 'number',
              describe: 'with --instances: guests run at a time, one worker thread each (default: one per core)',
            })
            .option('output-dir', {
              type: 'string',
              describe: 'with --instances: write DIR/guest-K.log for each guest and DIR/summary.json',
            })
            .option('jobs-file', {
              type: 'string',
              describe:
                'with --restore: one guest per line of this JSON Lines file ({"name", "input", "timeout", "expect", "exit"}; README: boot farm)',
            })
            .option('junit', { type: 'string', describe: 'with --jobs-file: write a JUnit XML report here' })
            .option('shard', {
              type: 'string',
              describe: 'with --jobs-file: run only the jobs whose index is K modulo N (K/N, K from 0)',
            })
            .option('shard-count', {
              type: 'number',
              describe: 'with --jobs-file: the number of shards when JOB_COMPLETION_INDEX (Kubernetes) gives the index',
            })
            .options(observeOptions)
            .options(gdbOptions)
            .conflicts('gdb', ['instances', 'jobs-file'])
            .epilog(
              'Stops with: 0 when the client exits or RTAS powers off; 3 after a kernel "Oops:", "Kernel panic - not syncing", "BUG:" or "kernel BUG at" console line, once its report is out (1 s of guest time without output, at most 10 s); 124 after --timeout or --hang-timeout; 1 on an interrupt into the empty ROM. With --snapshot-at: 0 once the snapshot is written, 1 if the run ended well but the marker never appeared. A bad --restore file (other format or ppcjit version, truncated, corrupt): 2, before the guest runs. The one-line diagnostic names the guest PC, LR and MSR, with <symbol+0xoff> from --symbols (System.map) or the ELF.',
            ),
        ),
        (a) =>
          a.instances === undefined && a.jobsFile === undefined ? runBoot(a as never) : bootInstances(a as never),
      )
      .command(
        'run <elf> [args..]',
        "run a static Linux/PowerPC ELF (user mode, as qemu-ppc); exit status = the guest's",
        withHelp('run', runCommand),
        (a) => {
          process.exitCode = runElf({ ...a, args: guest });
        },
      )
      .command(
        'demo',
        'boot the embedded Open Firmware client on pegasos2 (what npm start runs)',
        withHelp('demo', (y) =>
          y.option('linux', {
            type: 'boolean',
            default: false,
            describe: 'run the embedded Linux user-mode demo instead',
          }),
        ),
        (a) => runDemo(a),
      )
      .command(
        'results <action> <out> <inputs..>',
        "join the --junit reports (or the summary.json files) of a jobs file's shards into one (exit 2 if a job is missing or twice)",
        (y) =>
          y
            .positional('action', { type: 'string', choices: ['merge'], describe: 'merge: one report from the shards' })
            .positional('out', {
              type: 'string',
              demandOption: true,
              describe: 'the merged JUnit XML (or summary.json) file',
            })
            .positional('inputs', {
              type: 'string',
              array: true,
              demandOption: true,
              describe: "the shards' --junit files, or their --output-dir summary.json files",
            }),
        (a) => runResultsMerge(a.out, a.inputs),
      )
      .command('cpus', 'list the CPU models: PVR, features and what sc does on each machine', withHelp('cpus'), () =>
        runCpus(),
      )
      .demandCommand(1, 'a command is required')
      .strict()
      .wrap(helpWidth())
      .help()
      .version()
      .fail((msg, err) => {
        throw err ?? new UserError(msg.split('\n')[0]);
      })
      .parseAsync();
  } catch (err) {
    report(err);
  }
}
