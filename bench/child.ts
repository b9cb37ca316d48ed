// One benchmark sample in a fresh process (so peak RSS belongs to this guest alone):
//   node dist/bench/child.js ELF           → a user-mode guest on the bare engine (guest.ts)
//   node dist/bench/child.js --system ELF  → a pegasos2 client booted by new Pegasos2 (system.ts)
// prints one JSON line on stdout.
import { runGuest } from './guest.js';
import { runSystemGuest } from './system.js';

const system = process.argv[2] === '--system';
const result = system ? runSystemGuest(process.argv[3]) : runGuest(process.argv[2]);
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: usage.maxRSS })}\n`);
