/**
 * The framing of gdb's remote serial protocol (gdb manual, "Remote Protocol" → "Overview"):
 * `$payload#xx` with xx the modulo-256 sum of the payload bytes in hex, `+`/`-` acknowledgements,
 * a lone 0x03 byte to interrupt the running target, and `}` escapes (byte XOR 0x20) for binary
 * data. Input is a byte stream in arbitrary pieces; the reader never throws on any input.
 */

/** The largest payload gdb may send us (advertised as PacketSize in qSupported). */
export const MAX_PACKET_SIZE = 0x4000;

export type PacketEvent =
  /** A packet whose checksum matched: its payload (still escaped, as `X` data arrives). */
  | { kind: 'packet'; payload: Uint8Array }
  /** A packet with a wrong or malformed checksum: answer `-` so gdb sends it again. */
  | { kind: 'bad-checksum' }
  /** A packet longer than MAX_PACKET_SIZE: dropped, answered `-`. */
  | { kind: 'overflow' }
  /** Ctrl-C from gdb (0x03 outside a packet). */
  | { kind: 'interrupt' }
  | { kind: 'ack' }
  | { kind: 'nack' };

enum State {
  Idle,
  Payload,
  Checksum1,
  Checksum2,
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Splits a byte stream into packet events; keeps a partial packet across `push` calls. */
export class PacketReader {
  private state = State.Idle;
  private buffer = new Uint8Array(MAX_PACKET_SIZE);
  private length = 0;
  private overflowed = false;
  private sum = 0;
  private expected = 0;

  /** Feeds bytes; returns the events they complete, in order. */
  push(bytes: Uint8Array): PacketEvent[] {
    const events: PacketEvent[] = [];
    for (const c of bytes) {
      switch (this.state) {
        case State.Idle:
          if (c === 0x24 /* $ */) this.start();
          else if (c === 0x03) events.push({ kind: 'interrupt' });
          else if (c === 0x2b /* + */) events.push({ kind: 'ack' });
          else if (c === 0x2d /* - */) events.push({ kind: 'nack' });
          // Anything else between packets is noise (gdb sends none): skipped.
          break;
        case State.Payload:
          if (c === 0x23 /* # */) this.state = State.Checksum1;
          else if (c === 0x24)
            this.start(); // a new packet: the unfinished one is lost, as in gdbserver
          else {
            this.sum = (this.sum + c) & 0xff;
            if (this.length < MAX_PACKET_SIZE) this.buffer[this.length++] = c;
            else this.overflowed = true;
          }
          break;
        case State.Checksum1: {
          const d = hexDigit(c);
          this.expected = d < 0 ? -1 : d << 4;
          this.state = State.Checksum2;
          break;
        }
        case State.Checksum2: {
          const d = hexDigit(c);
          this.state = State.Idle;
          if (this.overflowed) events.push({ kind: 'overflow' });
          else if (d < 0 || this.expected < 0 || (this.expected | d) !== this.sum)
            events.push({ kind: 'bad-checksum' });
          else events.push({ kind: 'packet', payload: this.buffer.slice(0, this.length) });
          break;
        }
      }
    }
    return events;
  }

  /** Whether a packet has started but not ended (a client that goes away mid-packet). */
  get partial(): boolean {
    return this.state !== State.Idle;
  }

  private start(): void {
    this.state = State.Payload;
    this.length = 0;
    this.sum = 0;
    this.overflowed = false;
  }
}

const textEncoder = new TextEncoder();

/** Frames a reply: `$`, the payload with `$ # } *` escaped, `#`, the checksum. */
export function framePacket(payload: string | Uint8Array): Uint8Array {
  const raw = typeof payload === 'string' ? textEncoder.encode(payload) : payload;
  const out: number[] = [0x24];
  let sum = 0;
  for (const c of raw) {
    if (c === 0x24 || c === 0x23 || c === 0x7d || c === 0x2a) {
      out.push(0x7d, c ^ 0x20);
      sum += 0x7d + (c ^ 0x20);
    } else {
      out.push(c);
      sum += c;
    }
  }
  out.push(0x23, ...textEncoder.encode((sum & 0xff).toString(16).padStart(2, '0')));
  return Uint8Array.from(out);
}

/** Undoes `}` escapes (binary data of `X` packets). Returns undefined for a trailing lone `}`. */
export function unescapeBinary(data: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(data.length);
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x7d) {
      if (++i >= data.length) return undefined;
      out[n++] = data[i] ^ 0x20;
    } else out[n++] = data[i];
  }
  return out.slice(0, n);
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Hex text to bytes; undefined when it is not an even number of hex digits. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}
