/**
 * Test doubles for the gdb stub: a DebugTarget over plain arrays, and a scripted gdb that plays
 * packets through the synchronous DebugTransport the stub uses (no sockets).
 */
import { framePacket } from '../../src/gdb/packet.js';
import type { DebugTransport, TransportEvent } from '../../src/gdb/session.js';
import type { BreakpointType, DebugTarget } from '../../src/gdb/target.js';

/** 38 four-byte registers (r0–r31 and six more), 64 KiB of memory at 0. */
export class FakeTarget implements DebugTarget {
  readonly threadId = 0x1234;
  readonly attached = true;
  readonly registerCount = 71;
  readonly regs = new Uint32Array(71);
  readonly memory = new Uint8Array(0x10000);
  readonly breakpoints: string[] = [];

  targetXml(annex: string): string | undefined {
    return annex === 'target.xml' ? `<target>${'x'.repeat(100)}</target>` : undefined;
  }
  readRegister(n: number): Uint8Array | undefined {
    if (n < 0 || n >= 71 || (n >= 32 && n < 64) || n === 70) return undefined;
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, this.regs[n]);
    return b;
  }
  writeRegister(n: number, bytes: Uint8Array): boolean {
    if (!this.readRegister(n) || bytes.length !== 4) return false;
    this.regs[n] = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
    return true;
  }
  setPc(address: number): void {
    this.regs[64] = address;
  }
  readMemory(address: number, length: number): Uint8Array {
    return this.memory.slice(Math.min(address, this.memory.length), Math.min(address + length, this.memory.length));
  }
  writeMemory(address: number, bytes: Uint8Array): boolean {
    if (address + bytes.length > this.memory.length) return false;
    this.memory.set(bytes, address);
    return true;
  }
  setBreakpoint(type: BreakpointType, address: number, length: number, insert: boolean): boolean {
    this.breakpoints.push(`${insert ? 'Z' : 'z'}${type},${address.toString(16)},${length}`);
    return address !== 0x20000;
  }
  monitor(command: string): string | undefined {
    return command === 'hello' ? 'hi\n' : undefined;
  }
}

/** The payloads of `$…#xx` frames in `bytes` (escapes undone). */
export function framesIn(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1');
  return [...text.matchAll(/\$([^#]*)#[0-9a-f]{2}/g)].map((m) =>
    m[1].replace(/\}(.)/g, (_, c: string) => String.fromCharCode(c.charCodeAt(0) ^ 0x20)),
  );
}

/**
 * A gdb that connects, then answers every packet the stub sends with the packets `next` returns
 * (raw strings are sent as they are, so tests can send broken frames). `receive` ends with a
 * disconnect once nothing is left to say.
 */
export class ScriptedGdb implements DebugTransport {
  private queue: TransportEvent[] = [{ kind: 'connected' }];
  /** Everything the stub sent, as frame payloads. */
  readonly replies: string[] = [];
  /** Raw bytes the stub sent (acks included). */
  readonly raw: string[] = [];
  closed = 0;

  constructor(
    first: string[],
    private readonly next: (reply: string) => string[] = () => [],
  ) {
    this.push(first);
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  push(packets: string[]): void {
    for (const p of packets) {
      const bytes =
        p.startsWith('$') || p === '\x03' || p.startsWith('+') || p.startsWith('-')
          ? Buffer.from(p, 'latin1')
          : Buffer.from(framePacket(p));
      this.queue.push({ kind: 'data', bytes: new Uint8Array(bytes) });
    }
  }

  receive(_timeoutMs: number): TransportEvent | undefined {
    return this.queue.shift() ?? { kind: 'disconnected' };
  }

  send(bytes: Uint8Array): void {
    this.raw.push(Buffer.from(bytes).toString('latin1'));
    for (const payload of framesIn(bytes)) {
      this.replies.push(payload);
      this.push(this.next(payload));
    }
  }

  closeClient(): void {
    this.closed++;
  }
}
