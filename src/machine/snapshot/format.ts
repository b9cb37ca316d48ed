/**
 * The snapshot file (FORMAT.md next to this file describes it byte by byte): a fixed prefix
 * (magic, format version, lengths, SHA-256), a JSON header (machine, CPU model, ppcjit version,
 * RAM size, creation date, section table) and compressed sections. Reading checks everything
 * before anything is built, so a bad file gives one SnapshotError line and never a half-started
 * guest.
 */
import { UserError } from '../../errors.js';
import { PPCJIT_VERSION } from '../../version.js';
import type { RamPages, SavedMachine } from '../system-machine.js';
import type { SnapshotCodec } from './codec.js';

export const SNAPSHOT_MAGIC = 'PPCJITSN';
/**
 * Bump on any change to the prefix, header, section layout or the machine state's shape.
 * 2: any registered machine; its state is named components (was: pegasos2's fixed fields).
 */
export const SNAPSHOT_FORMAT_VERSION = 2;
const PREFIX_SIZE = 8 + 4 + 4 + 8 + 32;
const PAGE_SIZE = 4096;

/** A snapshot file that cannot be restored: one line, exit 2. */
export class SnapshotError extends UserError {}

/** What a snapshot holds. */
export interface Snapshot {
  machine: SavedMachine;
  /** Console bytes the guest printed after the --snapshot-at marker before it stopped. */
  consoleTail: Uint8Array;
}

export interface SectionEntry {
  name: 'state' | 'ram';
  /** Byte offset in the payload (which starts right after the header). */
  offset: number;
  /** Compressed length in the file. */
  length: number;
  /** Length after decompressing. */
  size: number;
}

export interface SnapshotHeader {
  /** The machine's registry name. */
  machine: string;
  cpuModel: string;
  ppcjitVersion: string;
  ramSize: number;
  /** ISO 8601, UTC. */
  created: string;
  compression: string;
  ramPages: number;
  sections: SectionEntry[];
}

/** Base64 through the platform's btoa/atob (Node and browsers), in chunks for large arrays. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Uint8Array fields travel through the state JSON as base64. */
const jsonReplacer = (_key: string, value: unknown) =>
  value instanceof Uint8Array ? { $bytes: toBase64(value) } : value;
const jsonReviver = (_key: string, value: unknown) =>
  value && typeof value === 'object' && '$bytes' in value && typeof value.$bytes === 'string'
    ? fromBase64(value.$bytes)
    : value;

/** RAM section before compression: page count, page indices, then the pages (big-endian u32s). */
function ramSection(ram: RamPages): Uint8Array {
  const out = new Uint8Array(4 + 4 * ram.pages.length + ram.data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, ram.pages.length, false);
  ram.pages.forEach((p, i) => dv.setUint32(4 + 4 * i, p, false));
  out.set(ram.data, 4 + 4 * ram.pages.length);
  return out;
}

function parseRamSection(bytes: Uint8Array, ramSize: number): RamPages {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.length >= 4 ? dv.getUint32(0, false) : -1;
  if (count < 0 || bytes.length !== 4 + 4 * count + count * PAGE_SIZE) throw new Error('RAM section size');
  const pages = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    pages[i] = dv.getUint32(4 + 4 * i, false);
    if (pages[i] >= ramSize / PAGE_SIZE || (i > 0 && pages[i] <= pages[i - 1])) throw new Error('RAM page index');
  }
  return { pages, data: bytes.subarray(4 + 4 * count) };
}

/** The file's bytes for `snapshot`. */
export function encodeSnapshot(snapshot: Snapshot, codec: SnapshotCodec, created = new Date()): Uint8Array {
  const { machine: m, consoleTail } = snapshot;
  const stateJson = JSON.stringify({ config: m.config, components: m.components, consoleTail }, jsonReplacer);
  const raw = { state: new TextEncoder().encode(stateJson), ram: ramSection(m.ram) };
  const sections: SectionEntry[] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const name of ['state', 'ram'] as const) {
    const packed = codec.compress(raw[name]);
    sections.push({ name, offset, length: packed.length, size: raw[name].length });
    parts.push(packed);
    offset += packed.length;
  }
  const header: SnapshotHeader = {
    machine: m.machine,
    cpuModel: m.cpu,
    ppcjitVersion: PPCJIT_VERSION,
    ramSize: m.ramSize,
    created: created.toISOString(),
    compression: codec.compression,
    ramPages: m.ram.pages.length,
    sections,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREFIX_SIZE + headerBytes.length + offset);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(SNAPSHOT_MAGIC), 0);
  dv.setUint32(8, SNAPSHOT_FORMAT_VERSION, false);
  dv.setUint32(12, headerBytes.length, false);
  dv.setBigUint64(16, BigInt(offset), false);
  out.set(headerBytes, PREFIX_SIZE);
  let at = PREFIX_SIZE + headerBytes.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  out.set(codec.sha256(out.subarray(PREFIX_SIZE)), 24);
  return out;
}

/** Reads and checks a snapshot file's bytes; `name` is the file name for messages. */
export function decodeSnapshot(
  bytes: Uint8Array,
  name: string,
  codec: SnapshotCodec,
): Snapshot & { header: SnapshotHeader } {
  const fail = (why: string): never => {
    throw new SnapshotError(`cannot restore '${name}': ${why}`);
  };
  const magic = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  if (bytes.length < 8 || magic !== SNAPSHOT_MAGIC) fail('not a ppcjit snapshot (bad magic)');
  if (bytes.length < PREFIX_SIZE) fail(`truncated (${bytes.length} bytes)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(8, false);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    fail(`snapshot format version ${version}, this ppcjit reads version ${SNAPSHOT_FORMAT_VERSION}`);
  }
  const headerLength = dv.getUint32(12, false);
  const payloadLength = Number(dv.getBigUint64(16, false));
  const expected = PREFIX_SIZE + headerLength + payloadLength;
  if (bytes.length < expected) fail(`truncated (${bytes.length} of ${expected} bytes)`);
  if (bytes.length > expected) fail(`${bytes.length - expected} bytes of trailing data`);
  if (!sameBytes(codec.sha256(bytes.subarray(PREFIX_SIZE)), bytes.subarray(24, PREFIX_SIZE))) {
    fail('corrupt (SHA-256 mismatch)');
  }
  let header: SnapshotHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX_SIZE, PREFIX_SIZE + headerLength)));
  } catch {
    return fail('corrupt header');
  }
  if (header.ppcjitVersion !== PPCJIT_VERSION) {
    fail(`written by ppcjit ${header.ppcjitVersion}; this is ppcjit ${PPCJIT_VERSION}`);
  }
  if (header.compression !== codec.compression)
    fail(`compression '${header.compression}' (this reader has ${codec.compression})`);
  const payload = bytes.subarray(PREFIX_SIZE + headerLength);
  const section = (which: SectionEntry['name']) => {
    const s = header.sections?.find((e) => e.name === which);
    if (!s || s.offset < 0 || s.offset + s.length > payload.length) return fail(`section '${which}' missing`);
    const inflated = codec.decompress(payload.subarray(s.offset, s.offset + s.length));
    if (inflated.length !== s.size) fail(`section '${which}' decompresses to ${inflated.length} bytes, not ${s.size}`);
    return inflated;
  };
  try {
    const state = JSON.parse(new TextDecoder().decode(section('state')), jsonReviver) as {
      config: unknown;
      components: Record<string, unknown>;
      consoleTail: Uint8Array;
    };
    if (!state.components || typeof state.components !== 'object') fail('state section has no components');
    if (!(state.consoleTail instanceof Uint8Array)) fail('state section has no console tail');
    const ram = parseRamSection(section('ram'), header.ramSize);
    const machine: SavedMachine = {
      machine: header.machine,
      cpu: header.cpuModel,
      ramSize: header.ramSize,
      config: state.config,
      components: state.components,
      ram,
    };
    return { header, machine, consoleTail: state.consoleTail };
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    return fail(`corrupt section (${(e as Error).message})`);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
