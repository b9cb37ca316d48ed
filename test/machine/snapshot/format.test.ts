import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/errors.js';
import {
  decodeSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  SnapshotError,
  type SnapshotHeader,
} from '../../../src/machine/snapshot/format.js';
import { nodeSnapshotCodec } from '../../../src/machine/snapshot/node-codec.js';
import { restoreSnapshot, takeSnapshot } from '../../../src/machine/snapshot/snapshot.js';
import { PPCJIT_VERSION } from '../../../src/version.js';
import { bootToMarker, OFCLIENT_MARKER, ofclientOptions } from './helpers.js';

const PREFIX = 56;
let good: Uint8Array;

beforeAll(() => {
  good = takeSnapshot(bootToMarker(ofclientOptions(16), OFCLIENT_MARKER).machine, nodeSnapshotCodec).bytes;
});

/** A copy of `good` with its header rewritten and the checksum made valid again. */
function withHeader(edit: (h: SnapshotHeader) => void): Uint8Array {
  const dv = new DataView(good.buffer, good.byteOffset);
  const headerLength = dv.getUint32(12, false);
  const header = JSON.parse(Buffer.from(good.subarray(PREFIX, PREFIX + headerLength)).toString());
  edit(header);
  const headerBytes = Buffer.from(JSON.stringify(header));
  const out = Buffer.concat([good.subarray(0, PREFIX), headerBytes, good.subarray(PREFIX + headerLength)]);
  out.writeUInt32BE(headerBytes.length, 12);
  createHash('sha256').update(out.subarray(PREFIX)).digest().copy(out, 24);
  return out;
}

const restore = (bytes: Uint8Array) => restoreSnapshot(bytes, 'snap.bin', nodeSnapshotCodec, { output: () => {} });

describe('snapshot file checks: one-line error (exit 2) before anything is built', () => {
  it('reads back a good file with its header', () => {
    const {
      header,
      machine: { ram },
    } = decodeSnapshot(good, 'snap.bin', nodeSnapshotCodec);
    expect(header).toMatchObject({ machine: 'pegasos2', cpuModel: '7400', ppcjitVersion: PPCJIT_VERSION });
    expect(header.ramSize).toBe(16 * 1024 * 1024);
    expect(header.ramPages).toBe(ram.pages.length);
    expect(new Date(header.created).getTime()).toBeGreaterThan(0);
  });

  const cases: Array<[string, () => Uint8Array, RegExp]> = [
    ['an empty file', () => new Uint8Array(0), /not a ppcjit snapshot \(bad magic\)/],
    ['another file type', () => new TextEncoder().encode('\x7fELF and then some bytes of an ELF file'), /bad magic/],
    ['a truncated prefix', () => good.subarray(0, 20), /truncated \(20 bytes\)/],
    ['a truncated payload', () => good.subarray(0, good.length - 100), /truncated \(\d+ of \d+ bytes\)/],
    ['trailing data', () => Buffer.concat([good, Buffer.from('x')]), /1 bytes of trailing data/],
    [
      'a snapshot of format version 1 (before machines saved named components)',
      () => {
        const b = Buffer.from(good);
        b.writeUInt32BE(1, 8);
        return b;
      },
      /^cannot restore 'snap\.bin': snapshot format version 1, this ppcjit reads version 2$/,
    ],
    [
      'another format version',
      () => {
        const b = Buffer.from(good);
        b.writeUInt32BE(SNAPSHOT_FORMAT_VERSION + 1, 8);
        return b;
      },
      new RegExp(`format version ${SNAPSHOT_FORMAT_VERSION + 1}, this ppcjit reads version ${SNAPSHOT_FORMAT_VERSION}`),
    ],
    [
      'a flipped payload byte',
      () => {
        const b = Buffer.from(good);
        b[b.length - 10] ^= 0x40;
        return b;
      },
      /corrupt \(SHA-256 mismatch\)/,
    ],
    [
      'a flipped header byte',
      () => {
        const b = Buffer.from(good);
        b[PREFIX + 5] ^= 1;
        return b;
      },
      /SHA-256 mismatch/,
    ],
    [
      'another ppcjit version',
      () =>
        withHeader((h) => {
          h.ppcjitVersion = '0.0.1-other';
        }),
      new RegExp(`written by ppcjit 0\\.0\\.1-other; this is ppcjit ${PPCJIT_VERSION.replace(/\./g, '\\.')}`),
    ],
    [
      'another machine',
      () =>
        withHeader((h) => {
          (h as { machine: string }).machine = 'mac99';
        }),
      /machine 'mac99'/,
    ],
    [
      'a section table pointing past the payload',
      () =>
        withHeader((h) => {
          h.sections[1].offset += 1_000_000;
        }),
      /section 'ram' missing/,
    ],
    [
      'a section of the wrong size',
      () =>
        withHeader((h) => {
          h.sections[0].size += 1;
        }),
      /section 'state' decompresses to \d+ bytes/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what}`, () => {
      let error: unknown;
      try {
        restore(bytes());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SnapshotError);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
      const text = (error as Error).message;
      expect(text).toMatch(/^cannot restore 'snap\.bin': /);
      expect(text).toMatch(message);
      expect(text).not.toContain('\n');
    });
  }
});
