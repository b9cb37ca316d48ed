// `--help` layout: the width help wraps at, the option groups of `run` and `boot`, and each
// command's examples (test/cli/help.test.ts runs every example, so the help cannot go stale).
import type { Argv } from 'yargs';

/** Help wraps at the terminal's width, or at 80 columns when stdout is not a terminal. */
export function helpWidth(stdout: NodeJS.WriteStream = process.stdout): number {
  return stdout.isTTY && stdout.columns > 0 ? stdout.columns : 80;
}

/** Option groups, in the order help lists them; options of other commands are skipped. */
const GROUPS: [string, string[]][] = [
  ['Machine:', ['machine', 'cpu', 'memory', 'vof-entry', 'osi', 'epapr']],
  ['Kernel:', ['kernel', 'initrd', 'append']],
  ['Console:', ['stdin', 'append-input']],
  ['Time:', ['timeout', 'hang-timeout', 'deterministic', 'start-date']],
  ['Observe:', ['profile', 'profile-out', 'profile-format', 'symbols', 'trace-sc', 'trace-syscalls']],
  ['Snapshot:', ['snapshot-at', 'snapshot-out', 'restore']],
  ['Many guests (with --restore):', ['instances', 'jobs', 'output-dir', 'jobs-file', 'junit', 'shard', 'shard-count']],
  ['Debug:', ['gdb', 'gdb-no-wait', 'dump-blocks', 'source-maps', 'compile-threshold']],
];

/** Examples per command: [command line, what it does]. Paths are relative to the repository. */
export const EXAMPLES: Record<string, [string, string][]> = {
  disasm: [
    ['ppcjit disasm --vma 0x1000 --hex 4bfffffc 4e800020', 'two words at 0x1000: b 0xffc; blr'],
    ['ppcjit disasm test/guests/uart-echo/echo.elf', 'the code of an ELF'],
  ],
  boot: [
    ['ppcjit boot --kernel demo/ofclient/ofclient.elf', 'boot an Open Firmware client'],
    [
      "printf 'hi\\nQ' | ppcjit boot --kernel test/guests/uart-echo/echo.elf",
      'pipe bytes to the serial console (on a terminal: type; C-a x quits)',
    ],
  ],
  run: [['ppcjit run demo/demo.elf', 'run a static Linux/PowerPC program']],
  demo: [
    ['ppcjit demo', 'print the demo client’s device tree'],
    ['ppcjit demo --linux', 'run the Linux user-mode demo'],
  ],
  cpus: [['ppcjit cpus', 'the CPU table']],
};

/** A command's builder with its option groups and examples added (after its options). */
export function withHelp<T>(
  command: string,
  builder: (y: Argv) => Argv<T> = (y) => y as Argv<T>,
): (y: Argv) => Argv<T> {
  return (y) => {
    let b = builder(y);
    const options = Object.keys((b as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key);
    for (const [name, keys] of GROUPS) {
      const present = keys.filter((k) => options.includes(k));
      if (present.length) b = b.group(present, name);
    }
    // One column, a comment line above each command: a command line is never wrapped into two.
    for (const [cmd, what] of EXAMPLES[command] ?? []) b = b.example(`# ${what}`, '').example(cmd, '');
    return b;
  };
}
