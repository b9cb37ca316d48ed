import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { framePacket, fromHex, MAX_PACKET_SIZE, PacketReader, toHex, unescapeBinary } from '../../src/gdb/packet.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('gdb packet framing', () => {
  it('frames with the modulo-256 checksum gdb computes', () => {
    // gdb's own first packets (from `set debug remote 1` against qemu-ppc).
    expect(text(framePacket('vMustReplyEmpty'))).toBe('$vMustReplyEmpty#3a');
    expect(text(framePacket('qTStatus'))).toBe('$qTStatus#49');
    expect(text(framePacket(''))).toBe('$#00');
  });

  it('escapes $ # } * in replies', () => {
    expect(text(framePacket('a$b#c}d*e'))).toBe(
      `$a}\x04b}\x03c}]d}\x0ae#${((0x61 + 0x7d + 4 + 0x62 + 0x7d + 3 + 0x63 + 0x7d + 0x5d + 0x64 + 0x7d + 0x0a + 0x65) & 0xff).toString(16)}`,
    );
  });

  it('reads packets, acks and Ctrl-C split at any byte', () => {
    const stream = bytes('+$g#67\x03$m10,4#2e-');
    const reader = new PacketReader();
    const events = [...stream].flatMap((b) => reader.push(new Uint8Array([b])));
    expect(events.map((e) => (e.kind === 'packet' ? text(e.payload) : e.kind))).toEqual([
      'ack',
      'g',
      'interrupt',
      'm10,4',
      'nack',
    ]);
  });

  it('reports a wrong or non-hex checksum, and recovers for the next packet', () => {
    const reader = new PacketReader();
    expect(reader.push(bytes('$g#68$g#zz$g#67')).map((e) => e.kind)).toEqual([
      'bad-checksum',
      'bad-checksum',
      'packet',
    ]);
  });

  it('drops a packet longer than PacketSize without keeping it', () => {
    const reader = new PacketReader();
    const huge = `$${'a'.repeat(MAX_PACKET_SIZE + 10)}#00`;
    expect(reader.push(bytes(huge)).map((e) => e.kind)).toEqual(['overflow']);
    expect(reader.push(bytes('$g#67')).map((e) => e.kind)).toEqual(['packet']);
  });

  it('a new $ abandons an unfinished packet; partial tells a client that left mid-packet', () => {
    const reader = new PacketReader();
    expect(reader.push(bytes('$m10,'))).toEqual([]);
    expect(reader.partial).toBe(true);
    const events = reader.push(bytes('$g#67'));
    expect(events.map((e) => (e.kind === 'packet' ? text(e.payload) : e.kind))).toEqual(['g']);
    expect(reader.partial).toBe(false);
  });

  it('unescapes binary data and hex', () => {
    expect(unescapeBinary(bytes('a}\x03b'))).toEqual(bytes('a#b'));
    expect(unescapeBinary(bytes('a}'))).toBeUndefined();
    expect(fromHex('00ff7A')).toEqual(new Uint8Array([0, 255, 0x7a]));
    expect(fromHex('abc')).toBeUndefined();
    expect(fromHex('zz')).toBeUndefined();
    expect(toHex(new Uint8Array([1, 0xab]))).toBe('01ab');
  });

  it('property: any packets framed and cut anywhere read back the same', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (payloads, cuts) => {
          // A frame's payload is the escaped text gdb would send: frame then read the raw payload back.
          const stream = Buffer.concat(payloads.map((p) => Buffer.from(framePacket(p))));
          const reader = new PacketReader();
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const events = [];
          let at = 0;
          for (const p of [...points, stream.length]) {
            events.push(...reader.push(new Uint8Array(stream.subarray(at, p))));
            at = p;
          }
          expect(events.map((e) => (e.kind === 'packet' ? unescapeBinary(e.payload) : e.kind))).toEqual(payloads);
        },
      ),
      { seed: 16, numRuns: 200 },
    );
  });
});
