/**
 * Target `vof`: client-interface and RTAS calls with random service names, nargs/nret, pointers
 * and lengths, made by a guest on a pegasos2 through the real path — the firmware's entry stub
 * (or the RTAS blob) and its `sc` into the machine's sc stub, in each --vof-entry mode. Expected:
 * the call returns to the guest with r3 = 0 or H_PARAMETER (-4), or the guest exits / powers off
 * (the `exit` service, RTAS power-off); never a host exception, never a lost guest.
 */
import fc from 'fast-check';
import { findCpuModel } from '../../src/cpu/models.js';
import { Pegasos2 } from '../../src/machine/pegasos2/machine.js';
import {
  RTAS_DISPLAY_CHARACTER,
  RTAS_GET_TIME_OF_DAY,
  RTAS_POWER_OFF,
  RTAS_READ_PCI_CONFIG,
  RTAS_WRITE_PCI_CONFIG,
} from '../../src/machine/pegasos2/rtas.js';
import { R } from '../../src/runtime/cpu-state.js';
import { H_PARAMETER } from '../../src/vof/client-interface.js';
import { CLIENT_ENTRY_ADDR, enc, rtasBlobWords, type VofEntryMode } from '../../src/vof/firmware.js';
import { FuzzFailure, type FuzzTarget, wordsToBytes } from './target.js';

const RAM_MB = 16;
const RAM_END = RAM_MB << 20;
const CODE = 0x100000;
const RTAS_AT = 0x100100;
const BLOCK = 0x200000;
const STRINGS = 0x201000;
/** Strings placed at STRINGS for pointers to aim at: paths, property names, method names. */
const PLACED = ['/chosen', 'bootargs', '/rtas', 'instantiate-rtas', '/failsafe', 'stdout', '/memory@0', 'reg', ''];
const SERVICES = [
  'finddevice',
  'getprop',
  'getproplen',
  'setprop',
  'nextprop',
  'peer',
  'child',
  'parent',
  'open',
  'close',
  'instance-to-package',
  'package-to-path',
  'instance-to-path',
  'write',
  'claim',
  'release',
  'call-method',
  'interpret',
  'milliseconds',
  'quiesce',
  'read',
  'canon',
  'exit',
  'test',
  'seek',
];
const TOKENS = [
  RTAS_GET_TIME_OF_DAY,
  RTAS_READ_PCI_CONFIG,
  RTAS_WRITE_PCI_CONFIG,
  RTAS_DISPLAY_CHARACTER,
  RTAS_POWER_OFF,
];

/** A cell a guest passes: a placed string, a buffer, RAM's end, small numbers, anything. */
const cell = fc.oneof(
  fc.nat({ max: PLACED.length - 1 }).map((i) => STRINGS + PLACED.slice(0, i).reduce((n, s) => n + s.length + 1, 0)),
  fc.integer({ min: 0x300000, max: 0x300fff }),
  fc.nat({ max: 16 }).map((d) => RAM_END - d),
  fc.nat({ max: 0x200 }),
  fc.constantFrom(0, 0xffffffff, 0x7fffffff, 0x80000000, 1, 8, 0x8000, 0x100000),
  fc.integer({ min: 0, max: 0xffffffff }),
);

interface Call {
  rtas: boolean;
  /** A service name (client interface) or token (RTAS); a random string sometimes. */
  service: string | number;
  /** -1: the number of `args` (nargs) or 1 (nret). */
  nargs: number;
  nret: number;
  args: number[];
  /** Where the argument block lies (mostly BLOCK; anywhere sometimes). */
  block: number;
}

/** nargs/nret: mostly what the service takes (-1: as many as the args given, for nargs), or anything. */
const count = fc.oneof(
  { arbitrary: fc.constantFrom(-1, 1, 2), weight: 4 },
  { arbitrary: fc.nat({ max: 12 }), weight: 2 },
  { arbitrary: fc.constantFrom(0xffffffff, 0x80000000, 256, 0x10000), weight: 1 },
);
const call: fc.Arbitrary<Call> = fc.record({
  rtas: fc.boolean(),
  service: fc.oneof(
    fc.constantFrom(...SERVICES),
    fc.constantFrom(...TOKENS),
    fc.string({ maxLength: 40 }),
    fc.integer({ min: 0, max: 0xffffffff }),
  ),
  nargs: count,
  nret: count,
  args: fc.array(cell, { maxLength: 12 }),
  block: fc.oneof(
    { arbitrary: fc.constant(BLOCK), weight: 8 },
    {
      arbitrary: fc.oneof(
        fc.nat({ max: 16 }).map((d) => RAM_END - d),
        fc.integer({ min: 0, max: 0xffffffff }),
      ),
      weight: 1,
    },
  ),
});

/** The guest: r3 = block; call the client entry or the RTAS blob; then a trap (tw 31,0,0). */
function guestCode(rtas: boolean, block: number): number[] {
  const target = rtas ? RTAS_AT : CLIENT_ENTRY_ADDR;
  return [
    enc.lis(3, block >>> 16),
    enc.ori(3, 3, block & 0xffff),
    enc.lis(12, target >>> 16),
    enc.ori(12, 12, target & 0xffff),
    0x7d8903a6, // mtctr r12
    0x4e800421, // bctrl
    0x7fe00008, // tw 31,0,0
  ];
}
const TRAP_AT = CODE + 6 * 4;

function put32(m: Pegasos2, at: number, v: number): void {
  if (at >= 0 && at + 4 <= RAM_END) new DataView(m.memory.bytes.buffer).setUint32(at, v >>> 0);
}

/** Makes the calls in order on a fresh machine; returns what the last one did. */
export function runCalls(mode: VofEntryMode, calls: readonly Call[]): string {
  const m = new Pegasos2({
    model: findCpuModel('7400'),
    ramMb: RAM_MB,
    vofEntry: mode,
    output: () => {},
    startDateMs: 0,
  });
  let at = STRINGS;
  for (const s of PLACED) {
    m.memory.load(at, new TextEncoder().encode(`${s}\0`));
    at += s.length + 1;
  }
  m.memory.load(RTAS_AT, wordsToBytes(rtasBlobWords(mode)));
  const msr = m.s.r[R.MSR]; // as VOF enters a client
  let outcome = '';
  for (const c of calls) {
    const name = typeof c.service === 'string' ? c.service : undefined;
    const first = c.rtas ? (typeof c.service === 'number' ? c.service : name!.length) : STRINGS + 0x800;
    if (!c.rtas && name !== undefined) m.memory.load(STRINGS + 0x800, new TextEncoder().encode(`${name}\0`));
    if (!c.rtas && typeof c.service === 'number') put32(m, STRINGS + 0x800, c.service);
    const nargs = c.nargs === -1 ? c.args.length : c.nargs;
    const nret = c.nret === -1 ? 1 : c.nret;
    [first, nargs, nret, ...c.args].forEach((v, i) => put32(m, c.block + 4 * i, v));
    m.memory.load(CODE, wordsToBytes(guestCode(c.rtas, c.block)));
    m.engine.invalidate(CODE);
    m.s.pc = CODE;
    m.runtime.mtmsr!(m.s, msr, CODE);
    let reason: ReturnType<Pegasos2['step']>;
    for (let i = 0; i < 1000 && !reason; i++) reason = m.step();
    if (!reason) throw new FuzzFailure('the call did not return within 1000 blocks');
    if (reason.kind === 'exit' || reason.kind === 'power-off') return reason.kind;
    if (reason.kind !== 'empty-rom' || reason.srr0 !== TRAP_AT) {
      throw new FuzzFailure(`the call did not return: ${JSON.stringify(reason)}`);
    }
    const status = m.s.gpr[3];
    if (status !== 0 && status !== H_PARAMETER) throw new FuzzFailure(`status ${status}`);
    outcome = `${c.rtas ? 'rtas' : 'client'} status ${status}${status === 0 && name && !c.rtas ? ` (${SERVICES.includes(name) ? name : 'other'})` : ''}`;
    m.stopReason = undefined;
  }
  return outcome;
}

export const vofTarget: FuzzTarget<{ mode: VofEntryMode; calls: Call[] }> = {
  description: 'client-interface and RTAS calls from a guest through the firmware entry and sc (vhyp, osi, epapr)',
  input: () =>
    fc.record({
      mode: fc.constantFrom<VofEntryMode>('vhyp', 'osi', 'epapr'),
      calls: fc.array(call, { minLength: 1, maxLength: 6 }),
    }),
  run: ({ mode, calls }) => runCalls(mode, calls),
  testRuns: 100,
};
