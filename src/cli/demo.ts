import { fileURLToPath } from 'node:url';
import { runBoot } from './boot.js';
import { runElf } from './run.js';

/** The repository's demo guests (dist/src/cli → repository root). */
const demoPath = (name: string) => fileURLToPath(new URL(`../../../demo/${name}`, import.meta.url));

/**
 * `ppcjit demo`: boots the embedded Open Firmware client on pegasos2 (it prints the device
 * tree through the client interface); `--linux` runs the embedded Linux user-mode program.
 */
export async function runDemo(args: { linux?: boolean }): Promise<void> {
  if (args.linux) {
    process.exitCode = runElf({ elf: demoPath('demo.elf'), args: [] });
    return;
  }
  await runBoot({
    machine: 'pegasos2',
    kernel: demoPath('ofclient/ofclient.elf'),
    memory: 512,
    timeout: 60,
    traceSc: false,
    vofEntry: 'vhyp',
    stdin: false, // the demo client reads nothing; Ctrl-C keeps working
  });
}
