/**
 * Target `snapshot`: mutated snapshot files through `ppcjit boot --restore`'s own reader
 * (BootSnapshot.restore), then the first guest blocks. Most mutations change the header, the
 * state JSON or the RAM section and re-encode the file with a valid SHA-256, so they get past
 * the checksum to the checks behind it: wrong section sizes, RAM pages beyond RAM, unknown or
 * ill-typed device state. Expected: one line and exit 2, or a machine that runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BootSnapshot } from '../../src/cli/boot-snapshot.js';
import { SNAPSHOT_MAGIC } from '../../src/machine/snapshot/format.js';
import { nodeSnapshotCodec } from '../../src/machine/snapshot/node-codec.js';
import { takeSnapshot } from '../../src/machine/snapshot/snapshot.js';
import { bootToMarker, OFCLIENT_MARKER, ofclientOptions } from '../machine/snapshot/helpers.js';
import { errorLabel, expectBadInputOrRun, type FuzzTarget } from './target.js';

const PREFIX_SIZE = 56; // FORMAT.md: magic 8, version 4, header length 4, payload length 8, SHA-256 32

interface Parts {
  version: number;
  header: Record<string, unknown> & { sections: Array<Record<string, number | string>> };
  state: Record<string, unknown>;
  ram: Uint8Array;
}

/** The demo client on a 16 MB pegasos2, stopped two thirds through, as snapshot parts. */
function seedParts(): Parts {
  const { machine } = bootToMarker(ofclientOptions(16), OFCLIENT_MARKER);
  const bytes = takeSnapshot(machine, nodeSnapshotCodec).bytes;
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  const headerLength = dv.getUint32(12);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_SIZE, PREFIX_SIZE + headerLength)));
  const payload = bytes.subarray(PREFIX_SIZE + headerLength);
  const section = (name: string) => {
    const s = header.sections.find((e: { name: string }) => e.name === name);
    return nodeSnapshotCodec.decompress(payload.subarray(s.offset, s.offset + s.length));
  };
  return {
    version: dv.getUint32(8),
    header,
    state: JSON.parse(new TextDecoder().decode(section('state'))),
    ram: section('ram'),
  };
}

let seed: Parts | undefined;
let seedRamPacked: Uint8Array | undefined;

/** The file for `parts`: sections compressed, lengths and SHA-256 computed as the writer does. */
function assemble(parts: Parts, ramChanged: boolean, sizes: Map<string, number>): Uint8Array {
  const codec = nodeSnapshotCodec;
  const state = codec.compress(new TextEncoder().encode(JSON.stringify(parts.state)));
  seedRamPacked ??= codec.compress(seed!.ram);
  const ram = ramChanged ? codec.compress(parts.ram) : seedRamPacked;
  const packed: Record<string, Uint8Array> = { state, ram };
  const raw: Record<string, number> = { state: JSON.stringify(parts.state).length, ram: parts.ram.length };
  let offset = 0;
  for (const s of parts.header.sections) {
    const name = String(s.name);
    if (!(name in packed)) continue;
    s.offset = offset;
    s.length = packed[name].length;
    s.size = sizes.get(name) ?? raw[name];
    offset += packed[name].length;
  }
  const header = new TextEncoder().encode(JSON.stringify(parts.header));
  const out = new Uint8Array(PREFIX_SIZE + header.length + offset);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(SNAPSHOT_MAGIC));
  dv.setUint32(8, parts.version);
  dv.setUint32(12, header.length);
  dv.setBigUint64(16, BigInt(offset));
  out.set(header, PREFIX_SIZE);
  let at = PREFIX_SIZE + header.length;
  for (const s of parts.header.sections) {
    const name = String(s.name);
    if (!(name in packed)) continue;
    out.set(packed[name], at);
    at += packed[name].length;
  }
  out.set(codec.sha256(out.subarray(PREFIX_SIZE)), 24);
  return out;
}

/** JSON values that break state loaders: wrong types, signs, sizes, fractions, bytes. */
const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 2 ** 31, 2 ** 32, 2 ** 53, 1e300, -1e300, 255, 256, 65536),
  fc.integer(),
  fc.constantFrom(null, true, false, '', 'x', [], {}, [0], [[0, 0]], { a: 1 }),
  fc.nat({ max: 70000 }).map((n) => ({ $bytes: Buffer.alloc(n % 7 === 0 ? n : n % 300, 0xff).toString('base64') })),
);

type Mutation =
  | { kind: 'state'; path: number[]; value: unknown }
  | { kind: 'delete'; path: number[] }
  | { kind: 'header'; field: string; value: unknown }
  | { kind: 'section-size'; which: 'state' | 'ram'; delta: number }
  | { kind: 'ram-word'; at: number; value: number }
  | { kind: 'ram-truncate'; length: number }
  | { kind: 'raw-byte'; at: number; value: number };

const path = fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 5 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('state' as const), path, value: jsonValue }), weight: 8 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), path }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      field: fc.constantFrom('machine', 'cpuModel', 'ramSize', 'ramPages', 'compression', 'sections'),
      value: fc.oneof(jsonValue, fc.constantFrom('pegasos2', '7400', 'g4', 'mac99', 2 ** 30, 0, 4096, 16 << 20)),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('section-size' as const),
      which: fc.constantFrom('state' as const, 'ram' as const),
      delta: fc.integer({ min: -5000, max: 5000 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('ram-word' as const),
      at: fc.nat({ max: 40 }).map((i) => i * 4),
      value: fc.oneof(fc.constantFrom(0, 1, 4095, 4096, 0xffff, 0x10000, 0xffffffff), fc.nat()),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('ram-truncate' as const), length: fc.nat({ max: 30000 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('raw-byte' as const),
      at: fc.nat({ max: 8000 }),
      value: fc.nat({ max: 255 }),
    }),
    weight: 1,
  },
);

/** Walks `path` (indices taken modulo each level's keys) in the state; the parent and key. */
function locate(root: Record<string, unknown>, indices: number[]): { parent: Record<string, unknown>; key: string } {
  let parent = root;
  let key = '';
  for (const [depth, i] of indices.entries()) {
    // At the top (config, components, consoleTail) mostly the components: most state is there.
    const keys = depth === 0 && i % 4 !== 0 ? ['components'] : Object.keys(parent);
    if (keys.length === 0) break;
    key = keys[i % keys.length];
    const next = parent[key];
    if (!next || typeof next !== 'object' || '$bytes' in next) break;
    parent = next as Record<string, unknown>;
  }
  if (key === '' || !(key in parent)) key = Object.keys(parent)[0] ?? 'extra';
  return { parent, key };
}

/** The seed snapshot with the mutations applied, as file bytes. */
export function mutateSnapshot(mutations: readonly Mutation[]): Uint8Array {
  seed ??= seedParts();
  const parts: Parts = structuredClone({ ...seed, ram: seed.ram });
  let ramChanged = false;
  const sizes = new Map<string, number>();
  const raw: Array<{ at: number; value: number }> = [];
  for (const m of mutations) {
    if (m.kind === 'state') {
      const { parent, key } = locate(parts.state, m.path);
      parent[key] = structuredClone(m.value);
    } else if (m.kind === 'delete') {
      const { parent, key } = locate(parts.state, m.path);
      delete parent[key];
    } else if (m.kind === 'header') parts.header[m.field] = structuredClone(m.value);
    else if (m.kind === 'section-size') sizes.set(m.which, Math.max(0, (sizes.get(m.which) ?? 0) + m.delta));
    else if (m.kind === 'ram-word') {
      if (m.at + 4 <= parts.ram.length) new DataView(parts.ram.buffer, parts.ram.byteOffset).setUint32(m.at, m.value);
      ramChanged = true;
    } else if (m.kind === 'ram-truncate') {
      parts.ram = parts.ram.slice(0, m.length);
      ramChanged = true;
    } else raw.push(m);
  }
  if (!Array.isArray(parts.header.sections)) {
    const bad = parts.header.sections;
    parts.header.sections = [];
    const bytes = assemble(parts, ramChanged, sizes);
    return withHeaderField(bytes, bad);
  }
  const bytes = assemble(parts, ramChanged, sizes);
  for (const { at, value } of raw) if (at < bytes.length) bytes[at] = value; // SHA-256 left stale
  return bytes;
}

/** A file whose header's `sections` is not a list (rebuilt with the SHA-256 over it). */
function withHeaderField(bytes: Uint8Array, sections: unknown): Uint8Array {
  const dv = new DataView(bytes.buffer);
  const headerLength = dv.getUint32(12);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_SIZE, PREFIX_SIZE + headerLength)));
  header.sections = sections;
  const newHeader = new TextEncoder().encode(JSON.stringify(header));
  const payload = bytes.subarray(PREFIX_SIZE + headerLength);
  const out = new Uint8Array(PREFIX_SIZE + newHeader.length + payload.length);
  out.set(bytes.subarray(0, PREFIX_SIZE));
  new DataView(out.buffer).setUint32(12, newHeader.length);
  out.set(newHeader, PREFIX_SIZE);
  out.set(payload, PREFIX_SIZE + newHeader.length);
  out.set(nodeSnapshotCodec.sha256(out.subarray(PREFIX_SIZE)), 24);
  return out;
}

let dir: string | undefined;

/** Restores as `ppcjit boot --restore FILE` does, then runs up to 50,000 blocks. */
export function restoreBytes(bytes: Uint8Array): string {
  dir ??= mkdtempSync(join(tmpdir(), 'ppcjit-fuzz-snapshot-'));
  const file = join(dir, 'guest.snap');
  writeFileSync(file, bytes);
  const restored = expectBadInputOrRun(() => new BootSnapshot({ restore: file }).restore({ output: () => {} }));
  if ('error' in restored) return errorLabel(restored.error);
  const machine = restored.value!;
  for (let i = 0; i < 50_000; i++) {
    const reason = machine.step();
    if (reason) return `restored, stopped: ${reason.kind}`;
  }
  return 'restored, running';
}

export const snapshotTarget: FuzzTarget<Mutation[]> = {
  description:
    'mutated snapshot files (valid SHA-256 over bad contents) through `boot --restore`, then up to 50,000 blocks',
  input: () => fc.array(mutation, { minLength: 1, maxLength: 4 }),
  run: (mutations) => restoreBytes(mutateSnapshot(mutations)),
  testRuns: 100,
};
