import { describe, expect, it } from 'vitest';
import { findCpuModel } from '../../../src/cpu/models.js';
import { parseElf } from '../../../src/machine/elf.js';
import { Pegasos2 } from '../../../src/machine/pegasos2/machine.js';
import { DETERMINISTIC_START_DATE_MS } from '../../../src/machine/system/instruction-clock.js';
import { tinyElf } from '../elf-builder.js';

// A tiny assembler: words, labels, and branches resolved against the labels.
type Item = number | { label: string } | ((at: number, labels: Map<string, number>) => number);
function assemble(items: Item[]): number[] {
  const labels = new Map<string, number>();
  let n = 0;
  for (const it of items) {
    if (typeof it === 'object') labels.set(it.label, n * 4);
    else n++;
  }
  const words: number[] = [];
  for (const it of items) {
    if (typeof it === 'number') words.push(it);
    else if (typeof it === 'function') words.push(it(words.length * 4, labels));
  }
  return words;
}
const d = (op: number, rt: number, ra: number, imm: number) =>
  ((op << 26) | (rt << 21) | (ra << 16) | (imm & 0xffff)) >>> 0;
const li = (rt: number, v: number) => d(14, rt, 0, v);
const lis = (rt: number, v: number) => d(15, rt, 0, v);
const addi = (rt: number, ra: number, v: number) => d(14, rt, ra, v);
const addicDot = (rt: number, ra: number, v: number) => d(13, rt, ra, v);
const mulli = (rt: number, ra: number, v: number) => d(7, rt, ra, v);
const ori = (ra: number, rs: number, v: number) => d(24, rs, ra, v);
const cmpwi = (ra: number, v: number) => d(11, 0, ra, v);
const stb = (rs: number, off: number, ra: number) => d(38, rs, ra, off);
const stw = (rs: number, off: number, ra: number) => d(36, rs, ra, off);
const rlwinm = (ra: number, rs: number, sh: number, mb: number, me: number) =>
  ((21 << 26) | (rs << 21) | (ra << 16) | (sh << 11) | (mb << 6) | (me << 1)) >>> 0;
const sprField = (spr: number) => ((spr & 0x1f) << 5) | (spr >> 5);
const mtspr = (spr: number, rs: number) => ((31 << 26) | (rs << 21) | (sprField(spr) << 11) | (467 << 1)) >>> 0;
const mftb = (rt: number) => ((31 << 26) | (rt << 21) | (sprField(268) << 11) | (371 << 1)) >>> 0;
const mtmsr = (rs: number) => ((31 << 26) | (rs << 21) | (146 << 1)) >>> 0;
const branch = (base: number, target: string) => (at: number, labels: Map<string, number>) =>
  (base | (((labels.get(target) ?? Number.NaN) - at) & 0xfffc)) >>> 0;
const bdnz = (target: string) => branch(0x42000000, target);
const bne = (target: string) => branch(0x40820000, target);
const blt = (target: string) => branch(0x41800000, target);
const bl = (target: string) => (at: number, labels: Map<string, number>) =>
  (0x48000001 | (((labels.get(target) ?? Number.NaN) - at) & 0x3fffffc)) >>> 0;
const BLR = 0x4e800020;
const RFI = 0x4c000064;
const SC = 0x44000002;
const DEC = 22;
const CTR = 9;

const DEC_PERIOD = 3000; // ticks = 90,000 instructions
const OUTER = 40;
const UART = 0x2f8; // from the ISA window base in r9

/** Stores `words` at physical `addr` (real mode) with lis/ori/stw. */
const poke = (addr: number, words: number[]) =>
  words.flatMap((w, i) => [lis(10, w >>> 16), ori(10, 10, w & 0xffff), stw(10, addr + 4 * i, 0)]);

/**
 * Reads the time base after busy loops of growing length (self-loops that cross slice ends) and
 * prints it in hex with the number of decrementer interrupts taken so far (the handler at 0x900
 * counts in r20 and re-arms DEC). The hex printer's loop turns into a region when hot.
 */
const decrementerHandler = [addi(20, 20, 1), lis(10, 0), ori(10, 10, DEC_PERIOD), mtspr(DEC, 10), RFI];
const PROGRAM = assemble([
  ...poke(0x900, decrementerHandler),
  lis(9, 0xfe00),
  li(20, 0),
  li(21, OUTER),
  lis(10, 0),
  ori(10, 10, DEC_PERIOD),
  mtspr(DEC, 10),
  lis(11, 0),
  ori(11, 11, 0x9000),
  mtmsr(11), // EE|ME; IP cleared: vectors at 0
  { label: 'outer' },
  mulli(0, 21, 997),
  mtspr(CTR, 0),
  { label: 'busy' },
  addi(13, 13, 1),
  bdnz('busy'),
  mftb(3),
  bl('hex'),
  li(4, 0x20),
  stb(4, UART, 9),
  ori(3, 20, 0),
  bl('hex'),
  li(4, 0x0a),
  stb(4, UART, 9),
  addicDot(21, 21, -1),
  bne('outer'),
  // OSI exit
  lis(3, 0x1137),
  ori(3, 3, 0x24fa),
  lis(4, 0x7781),
  ori(4, 4, 0x0f9b),
  li(5, 54),
  SC,
  { label: 'hex' }, // r3 as 8 hex digits
  li(5, 8),
  { label: 'digit' },
  rlwinm(3, 3, 4, 0, 31),
  rlwinm(4, 3, 0, 28, 31),
  addi(4, 4, 0x30),
  cmpwi(4, 0x3a),
  blt('put'),
  addi(4, 4, 0x27),
  { label: 'put' },
  stb(4, UART, 9),
  addicDot(5, 5, -1),
  bne('digit'),
  BLR,
]);

interface Tiering {
  compileThreshold: number;
  regions: boolean;
}

function runTinyGuest(tiering: Tiering, deterministic = true) {
  const chunks: Uint8Array[] = [];
  const machine = new Pegasos2({
    model: findCpuModel('7400'),
    ramMb: 64,
    kernel: parseElf(tinyElf(PROGRAM)),
    vofEntry: 'vhyp',
    osi: true,
    output: (b) => chunks.push(b),
    deterministic,
    nowMs: deterministic
      ? () => {
          throw new Error('deterministic mode read the host clock');
        }
      : undefined,
  });
  machine.engine.compileThreshold = tiering.compileThreshold;
  machine.engine.regions = tiering.regions;
  machine.engine.regionThreshold = 30;
  const reason = machine.run(60_000);
  return { machine, reason, output: Buffer.concat(chunks).toString('latin1') };
}

describe('deterministic mode on pegasos2', () => {
  it('prints the same time-base readings and interrupt counts whatever the tiering', () => {
    const tierings: Tiering[] = [
      { compileThreshold: 0, regions: false },
      { compileThreshold: 0, regions: true },
      { compileThreshold: 50, regions: false },
      { compileThreshold: 50, regions: true },
      { compileThreshold: 1000, regions: true },
    ];
    const runs = tierings.map((t) => runTinyGuest(t));
    const [first] = runs;
    expect(first.reason).toEqual({ kind: 'exit' });
    const lines = first.output.trim().split('\n');
    expect(lines).toHaveLength(OUTER);
    const readings = lines.map((l) => l.split(' ').map((h) => Number.parseInt(h, 16)));
    // Time stands still within a slice (16384 instructions): the short busy loops at the end
    // may read the same value twice; the long ones at the start each cross slice ends.
    for (let i = 1; i < readings.length; i++) expect(readings[i][0]).toBeGreaterThanOrEqual(readings[i - 1][0]);
    for (let i = 1; i < 10; i++) expect(readings[i][0]).toBeGreaterThan(readings[i - 1][0]);
    expect(readings[OUTER - 1][1]).toBeGreaterThan(5); // decrementer interrupts were taken
    expect(first.machine.engine.countedInstructions).toBe(first.machine.engine.instructions);
    for (const [i, run] of runs.entries()) {
      expect(run.output, JSON.stringify(tierings[i])).toBe(first.output);
      expect(run.machine.engine.instructions).toBe(first.machine.engine.instructions);
      expect(run.machine.clock?.instructions).toBe(first.machine.engine.instructions);
    }
    expect(runs[1].machine.engine.regionsCompiled).toBeGreaterThan(0);
    expect(runs[3].machine.engine.regionsCompiled).toBeGreaterThan(0);
  });

  it('ties guest time to the instructions retired: 30 per tick, the rest of the last slice uncredited', () => {
    const { machine } = runTinyGuest({ compileThreshold: 50, regions: true });
    const clock = machine.clock!;
    // No idle skips and no TB writes in this guest: the time base is the credited instructions.
    expect(machine.idleTicks).toBe(0);
    expect(machine.timeBase.ticks()).toBe(Math.floor(clock.credited / 30));
    expect(clock.instructions).toBe(machine.engine.instructions);
  });

  it('starts the RTC at 2026-01-01T00:00:00Z, or at the date given', () => {
    const machine = new Pegasos2({
      model: findCpuModel('7400'),
      ramMb: 64,
      kernel: parseElf(tinyElf(PROGRAM)),
      vofEntry: 'vhyp',
      osi: true,
      output: () => {},
      deterministic: true,
    });
    expect(machine.guestDateMs()).toBe(DETERMINISTIC_START_DATE_MS);
    expect(new Date(DETERMINISTIC_START_DATE_MS).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const given = Date.UTC(2030, 5, 15, 12);
    const other = new Pegasos2({ ...machine.options, startDateMs: given });
    expect(other.guestDateMs()).toBe(given);
  });
});
