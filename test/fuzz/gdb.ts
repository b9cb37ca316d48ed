/**
 * Target `gdb`: what a broken or hostile gdb client may send — random bytes, packets with wrong
 * checksums, oversized packets, Ctrl-C at any moment, and well-formed packets with random
 * commands and arguments (registers, memory, breakpoints, steps, continues) — to the real stub
 * (packet reader, dispatcher, session, EngineDebug) on a running guest (a store loop), then the
 * client goes away mid-stream. Expected: every byte the stub sends is an ack or a frame with a
 * correct checksum, no exception escapes, and once the client is gone the guest runs on to its end.
 */
import fc from 'fast-check';
import { EngineDebug } from '../../src/gdb/engine-debug.js';
import { framePacket } from '../../src/gdb/packet.js';
import { PpcDebugTarget } from '../../src/gdb/ppc-target.js';
import { type DebugTransport, GdbSession, type TransportEvent } from '../../src/gdb/session.js';
import { Engine } from '../../src/jit/engine.js';
import { CpuState } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { CODE, DATA, type Raised, testRuntime } from '../jit/harness.js';
import { FuzzFailure, type FuzzTarget } from './target.js';

// li r4,0; lis r5,2 (DATA); li r0,1000; mtctr r0; loop: addi r4,r4,1; stw r4,0(r5); bdnz loop; invalid
const PROGRAM = [0x38800000, 0x3ca00002, 0x380003e8, 0x7c0903a6, 0x38840001, 0x90850000, 0x4200fff8, 0];
/** Blocks the guest may run after the client left (bounds a loop random register writes made). */
const MAX_BLOCKS = 50_000;

/** Hex digits, with a stray non-hex one now and then. */
const hexText = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefZ'), maxLength });
const hex = (max: number) => fc.integer({ min: 0, max }).map((n) => n.toString(16));
const address = fc.oneof(
  fc.constantFrom(CODE, CODE + 0x10, CODE + 0x14, DATA, 0, 0xfffffffc).map((n) => n.toString(16)),
  hex(0xffffffff),
);
const length = fc.oneof(hex(16), hex(0xffff), fc.constant('ffffffff'), fc.constant(`1${'0'.repeat(12)}`));
/** Packets gdb sends, with random arguments (some malformed on purpose). */
const command = fc.oneof(
  fc.constantFrom('?', 'g', 'c', 's', 'D', 'D;1', 'k', 'vCont?', 'vKill;1', 'qSupported', 'qfThreadInfo', 'qC', '!'),
  fc.tuple(fc.constantFrom('p', 'P'), hex(120), hexText(40)).map(([c, n, v]) => (c === 'p' ? `p${n}` : `P${n}=${v}`)),
  fc
    .tuple(fc.constantFrom('m', 'M', 'X'), address, length, hexText(64))
    .map(([c, a, l, d]) => (c === 'm' ? `m${a},${l}` : `${c}${a},${l}:${d}`)),
  fc
    .tuple(fc.constantFrom('Z', 'z'), fc.integer({ min: 0, max: 6 }), address, length)
    .map(([c, t, a, l]) => `${c}${t},${a},${l}`),
  fc
    .tuple(fc.constantFrom('C', 'S', 'vCont;C', 'vCont;S', 'vCont;c:p1.', 'vCont;s:'), hex(0x1ff))
    .map(([c, s]) => c + s),
  fc
    .tuple(fc.constantFrom('qXfer:features:read:', 'qRcmd,', 'G', 'c', 's'), fc.string({ maxLength: 40 }))
    .map(([c, s]) => c + s),
);
const chunk = fc.oneof(
  { weight: 6, arbitrary: command.map((c) => Buffer.from(framePacket(c))) },
  { weight: 1, arbitrary: command.map((c) => Buffer.from(`$${c}#zz`, 'latin1')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.constantFrom(Buffer.from([3]), Buffer.from('+'), Buffer.from('-'), Buffer.from('$m10,')) },
  { weight: 1, arbitrary: fc.integer({ min: 0x3ff0, max: 0x5000 }).map((n) => Buffer.from(`$${'a'.repeat(n)}#00`)) },
);

interface GdbInput {
  chunks: Buffer[];
  /** Split every chunk at this byte (data arrives in arbitrary pieces). */
  cut: number;
}

/** The client: plays the chunks, one transport event each, then disconnects. */
class FuzzClient implements DebugTransport {
  private readonly events: TransportEvent[];
  sent = Buffer.alloc(0);
  constructor(input: GdbInput) {
    this.events = [{ kind: 'connected' }];
    for (const c of input.chunks) {
      const at = c.length ? input.cut % c.length : 0;
      for (const piece of [c.subarray(0, at), c.subarray(at)]) {
        if (piece.length) this.events.push({ kind: 'data', bytes: new Uint8Array(piece) });
      }
    }
  }
  get pending(): boolean {
    return this.events.length > 0;
  }
  receive(): TransportEvent | undefined {
    return this.events.shift() ?? { kind: 'disconnected' };
  }
  send(bytes: Uint8Array): void {
    this.sent = Buffer.concat([this.sent, bytes]);
  }
  closeClient(): void {
    this.events.length = 0;
  }
}

/** Every byte sent is `+`, `-` or a `$…#xx` frame whose checksum holds. */
function checkOutput(sent: Buffer): number {
  let frames = 0;
  for (let i = 0; i < sent.length; ) {
    const c = sent[i];
    if (c === 0x2b || c === 0x2d) {
      i++;
      continue;
    }
    if (c !== 0x24) throw new FuzzFailure(`stray byte 0x${c.toString(16)} at ${i}`);
    const end = sent.indexOf(0x23, i);
    if (end < 0 || end + 3 > sent.length) throw new FuzzFailure('unterminated frame');
    let sum = 0;
    for (let k = i + 1; k < end; k++) sum = (sum + sent[k]) & 0xff;
    const given = sent.subarray(end + 1, end + 3).toString('latin1');
    if (given !== sum.toString(16).padStart(2, '0')) throw new FuzzFailure(`bad checksum ${given}`);
    frames++;
    i = end + 3;
  }
  return frames;
}

function runGdb(input: GdbInput): string {
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  m.map(DATA, 0x1000, Prot.RW);
  PROGRAM.forEach((w, i) => m.w32(CODE + 4 * i, w));
  const s = new CpuState();
  s.pc = CODE;
  const raised: Raised[] = [];
  const engine: Engine = new Engine(
    s,
    m,
    testRuntime(() => engine, raised),
  );
  engine.compileOptions = { memory: 'flat' };
  const client = new FuzzClient(input);
  const target = new PpcDebugTarget(s, {
    threadId: 1,
    attached: false,
    altivec: true,
    memory: {
      read8: (ea) => (m.prot[ea >>> 12] ? m.bytes[ea] : undefined),
      write8: (ea, v) => {
        if (!m.prot[ea >>> 12]) return false;
        m.bytes[ea] = v;
        if (m.codePages[ea >>> 12]) engine.invalidate(ea);
        return true;
      },
    },
    monitor: (c) => (c === 'help' ? 'help\n' : undefined),
  });
  let killed = false;
  const debug = new EngineDebug(engine, new GdbSession(client, target), {
    kill: () => {
      killed = true;
      engine.stopped = true;
    },
    guestStopped: () => raised.length > 0,
  });
  target.debug = debug;
  debug.waitForClient();
  engine.run(MAX_BLOCKS);
  const frames = checkOutput(client.sent);
  // Out of blocks: a guest that random register writes sent into a long loop (bounded, no hang).
  return killed ? 'killed' : raised.length ? `ended (${frames > 0 ? 'replied' : 'silent'})` : 'ran out of blocks';
}

export const gdbTarget: FuzzTarget<GdbInput> = {
  description: 'random, malformed and oversized gdb remote packets to the stub on a running guest',
  input: () => fc.record({ chunks: fc.array(chunk, { maxLength: 30 }), cut: fc.nat() }),
  run: runGdb,
  testRuns: 40,
};
