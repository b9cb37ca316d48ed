import yargs from 'yargs';
import { ExitCode, UserError } from '../errors.js';
import { runCpus } from './cpus.js';
import { runDisasm } from './disasm.js';

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

export async function main(argv: string[]): Promise<void> {
  try {
    await yargs(argv)
      .scriptName('ppcjit')
      .usage('$0 <command> [options]')
      .command(
        'disasm [file]',
        'disassemble an ELF, a raw binary, or --hex words, as objdump -M 7450 prints them',
        (y) =>
          y
            .positional('file', { type: 'string', describe: 'ELF or raw binary file' })
            .option('hex', { type: 'string', array: true, describe: 'big-endian 32-bit words in hex' })
            .option('vma', { type: 'string', describe: 'address of the first word (raw/hex) or offset (ELF)' }),
        (a) => runDisasm(a),
      )
      .command('cpus', 'list the CPU models: PVR, features and what sc does on each machine', {}, () => runCpus())
      .demandCommand(1, 'a command is required')
      .strict()
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
