// One benchmark sample in a fresh process (so peak RSS belongs to this guest alone):
//   node dist/bench/child.js ELF           → a user-mode guest on the bare engine (guest.ts)
//   node dist/bench/child.js --system ELF [BOOTARGS [MARKER [deterministic]]]
//                                          → a pegasos2 client booted by new Pegasos2 (system.ts);
//                                            MARKER: console text whose first appearance is timed;
//                                            deterministic: guest time from retired instructions
//   node dist/bench/child.js --linux SPEC  → a static Linux program on the user-mode machine
//                                            (realprogs/linux-guest.ts; SPEC: JSON elf/argv/env);
//                                            the guest owns fds 0-2, the JSON goes to fd 3
// prints one JSON line on stdout (fd 3 for --linux).
import { writeSync } from 'node:fs';
import { runGuest } from './guest.js';
import { runLinuxGuest } from './realprogs/linux-guest.js';
import { runSystemGuest } from './system.js';

const [first, elf, bootargs, marker, mode] = process.argv.slice(2);
const result =
  first === '--system'
    ? runSystemGuest(elf, {
        bootargs: bootargs || undefined,
        marker: marker || undefined,
        deterministic: mode === 'deterministic',
      })
    : first === '--linux'
      ? runLinuxGuest(JSON.parse(elf))
      : runGuest(first);
const usage = process.resourceUsage();
const line = `${JSON.stringify({ ...result, maxRssKb: usage.maxRSS })}\n`;
if (first === '--linux') writeSync(3, line);
else process.stdout.write(line);
