// One benchmark sample in a fresh process (so peak RSS belongs to this guest alone):
//   node dist/bench/child.js ELF  → one JSON line on stdout.
import { runGuest } from './guest.js';

const result = runGuest(process.argv[2]);
const usage = process.resourceUsage();
process.stdout.write(`${JSON.stringify({ ...result, maxRssKb: usage.maxRSS })}\n`);
