// One benchmark sample in a fresh process (so peak RSS belongs to this guest alone):
//   node dist/bench/child.js ELF           → a user-mode guest on the bare engine (guest.ts)
//   node dist/bench/child.js --system ELF [BOOTARGS [MARKER [deterministic]]]
//                                          → a pegasos2 client booted by new Pegasos2 (system.ts);
//                                            MARKER: console text whose first appearance is timed;
//                                            deterministic: guest time from retired instructions
// prints one JSON line on stdout.
import { runGuest } from './guest.js';
import { runSystemGuest } from './system.js';

const [first, elf, bootargs, marker, mode] = process.argv.slice(2);
const result =
  first === '--system'
    ? runSystemGuest(elf, {
        bootargs: bootargs || undefined,
        marker: marker || undefined,
        deterministic: mode === 'deterministic',
      })
    : runGuest(first);
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: usage.maxRSS })}\n`);
