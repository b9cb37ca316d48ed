import { readFileSync } from 'node:fs';
import { ExitCode, UserError } from '../errors.js';
import { DEFAULT_PEGASOS2_CPU, findCpuModel } from '../machine/cpu-models.js';
import { parseElf } from '../machine/elf.js';
import { PEGASOS2, Pegasos2 } from '../machine/pegasos2/machine.js';
import { SymbolTable } from '../machine/symbols.js';
import { VofBootError } from '../vof/boot.js';
import type { VofEntryMode } from '../vof/firmware.js';
import { type ObserveArgs, observe } from './observe.js';

export interface BootArgs extends ObserveArgs {
  machine: string;
  cpu?: string;
  kernel?: string;
  initrd?: string;
  append?: string;
  memory: number;
  timeout: number;
  traceSc: boolean;
  vofEntry: string;
  osi?: boolean;
  epapr?: boolean;
}

const VOF_ENTRIES: readonly VofEntryMode[] = ['vhyp', 'osi', 'epapr'];

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UserError(`cannot read ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** `ppcjit boot`: runs a system machine until the guest exits, powers off, or times out. */
export function runBoot(args: BootArgs): void {
  if (args.machine !== 'pegasos2') throw new UserError(`unknown machine '${args.machine}'; valid machines: pegasos2`);
  if (!VOF_ENTRIES.includes(args.vofEntry as VofEntryMode)) {
    throw new UserError(`invalid --vof-entry '${args.vofEntry}'; valid: ${VOF_ENTRIES.join(', ')}`);
  }
  if (!Number.isInteger(args.memory) || args.memory < 16 || args.memory > PEGASOS2.maxRamMb) {
    throw new UserError(`invalid --memory ${args.memory}: pegasos2 takes 16 to ${PEGASOS2.maxRamMb} MB`);
  }
  if (!(args.timeout > 0)) throw new UserError(`invalid --timeout ${args.timeout}: expected seconds > 0`);
  const model = findCpuModel(args.cpu ?? DEFAULT_PEGASOS2_CPU);
  if (model.is64 || model.exceptionModel === 'booke') {
    throw new UserError(`pegasos2 takes a 6xx/7xx/74xx CPU, not '${model.name}'`);
  }
  if (model.exceptionModel === '6xx' && args.vofEntry === 'vhyp') {
    // QEMU hangs here: its 6xx interrupt path never consults the virtual hypervisor.
    throw new UserError(
      `VOF's 'sc 1' entry needs a 7xx/74xx CPU ('${model.name}' takes it as a system call); use --vof-entry osi or epapr`,
    );
  }
  const kernel = args.kernel ? parseElf(readInput(args.kernel, 'kernel'), args.kernel) : undefined;
  const initrd = args.initrd ? readInput(args.initrd, 'initrd') : undefined;

  const chunks: Uint8Array[] = [];
  let pending = 0;
  const flush = () => {
    if (chunks.length) process.stdout.write(Buffer.concat(chunks));
    chunks.length = 0;
    pending = 0;
  };
  let machine: Pegasos2;
  try {
    machine = new Pegasos2({
      model,
      ramMb: args.memory,
      kernel,
      initrd,
      bootargs: args.append,
      vofEntry: args.vofEntry as VofEntryMode,
      osi: args.osi,
      epapr: args.epapr,
      output: (bytes) => {
        chunks.push(bytes);
        if (++pending > 4096) flush();
      },
      traceSc: args.traceSc ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
  } catch (e) {
    if (e instanceof VofBootError) throw new UserError(e.message);
    throw e;
  }
  const elfSymbols = kernel?.symbols.length ? SymbolTable.fromElf(kernel.symbols) : undefined;
  const finish = observe(machine.engine, args, elfSymbols);
  const reason = machine.run(args.timeout * 1000);
  flush();
  finish();
  const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
  switch (reason.kind) {
    case 'exit':
    case 'power-off':
      process.exitCode = ExitCode.Ok;
      return;
    case 'timeout':
      process.stderr.write(
        `ppcjit: guest still running after ${args.timeout} s (pc ${hex(machine.s.pc)}, lr ${hex(machine.s.r[2])}, msr ${hex(machine.s.r[9])})\n`,
      );
      process.exitCode = ExitCode.Timeout;
      return;
    case 'empty-rom':
      process.stderr.write(
        `ppcjit: interrupt taken with MSR[IP]=1 into the empty ROM at ${hex(reason.vector)} (SRR0 ${hex(reason.srr0)}, SRR1 ${hex(reason.srr1)}): VOF leaves IP set, so a client must install vectors and clear MSR[IP] first\n`,
      );
      process.exitCode = ExitCode.GuestFault;
  }
}
