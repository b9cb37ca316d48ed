/**
 * A device tree as Open Firmware clients see it: nodes with ordered children, properties as byte
 * arrays in a defined order, and phandles. It mirrors what QEMU's VOF serves from a libfdt blob
 * (hw/ppc/vof.c), so the order rules are libfdt's read-write API rules:
 *  - a property set for the first time is inserted *in front* of the node's existing properties
 *    (libfdt `fdt_add_property_` splices right after FDT_BEGIN_NODE), so `nextprop` returns the
 *    newest property first (spec sc-vof-hcall.md §3.5 "newest setprop first");
 *  - replacing an existing property keeps its position (`fdt_resize_property_`).
 * The same structure serialises to a flattened device tree (dtb, v17) byte-compatible with
 * what QEMU dumps (`-M pegasos2,dumpdtb=f.dtb`), and parses one back.
 */

export interface DtProperty {
  name: string;
  value: Uint8Array;
}

export class DtNode {
  readonly children: DtNode[] = [];
  readonly props: DtProperty[] = [];
  parent: DtNode | undefined;

  /** `name` is the full node name including the unit address, e.g. `pci@80000000`; root is ``. */
  constructor(readonly name: string) {}

  /** Node name up to `@` (what Open Firmware calls the node's name). */
  get baseName(): string {
    const at = this.name.indexOf('@');
    return at < 0 ? this.name : this.name.slice(0, at);
  }

  /** Text after `@`, or undefined. */
  get unitAddress(): string | undefined {
    const at = this.name.indexOf('@');
    return at < 0 ? undefined : this.name.slice(at + 1);
  }

  getProp(name: string): Uint8Array | undefined {
    return this.props.find((p) => p.name === name)?.value;
  }

  /** libfdt order: an existing property is replaced in place, a new one goes in front. */
  setProp(name: string, value: Uint8Array): void {
    const existing = this.props.find((p) => p.name === name);
    if (existing) existing.value = value;
    else this.props.unshift({ name, value });
  }

  /** Appends a property (used when building a tree in its final order). */
  appendProp(name: string, value: Uint8Array): void {
    if (this.props.some((p) => p.name === name)) throw new Error(`duplicate property ${name}`);
    this.props.push({ name, value });
  }

  addChild(name: string): DtNode {
    const child = new DtNode(name);
    child.parent = this;
    this.children.push(child);
    return child;
  }

  get phandle(): number {
    const value = this.getProp('phandle');
    return value && value.length === 4 ? readCell(value, 0) : 0;
  }

  /** Full path as libfdt's `fdt_get_path` builds it: `/` for the root, `/a/b@1` otherwise. */
  path(): string {
    const parts: string[] = [];
    for (let n: DtNode | undefined = this; n?.parent; n = n.parent) parts.unshift(n.name);
    return `/${parts.join('/')}`;
  }

  nextSibling(): DtNode | undefined {
    if (!this.parent) return undefined;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) + 1];
  }
}

export class DeviceTree {
  readonly root = new DtNode('');

  /** Every node in depth-first (FDT) order, root first. */
  nodes(): DtNode[] {
    const out: DtNode[] = [];
    const walk = (n: DtNode) => {
      out.push(n);
      for (const c of n.children) walk(c);
    };
    walk(this.root);
    return out;
  }

  /**
   * QEMU's `vof_build_dt`: nodes without a `phandle` get max+1, max+2, … in FDT order. The new
   * property goes in front (libfdt), which is why `phandle` is the first property VOF returns.
   */
  assignPhandles(): void {
    let max = 0;
    for (const n of this.nodes()) max = Math.max(max, n.phandle);
    for (const n of this.nodes()) if (!n.getProp('phandle')) n.setProp('phandle', cells(++max));
  }

  /** libfdt `fdt_node_offset_by_phandle`: 0 and 0xFFFFFFFF are never valid. */
  byPhandle(phandle: number): DtNode | undefined {
    phandle >>>= 0;
    if (phandle === 0 || phandle === 0xffffffff) return undefined;
    return this.nodes().find((n) => n.phandle === phandle);
  }

  /**
   * libfdt `fdt_path_offset`: components separated by `/` (repeated slashes skipped); a component
   * without `@` also matches a node named `component@unit` (first such child wins,
   * `fdt_nodename_eq_`). A path not starting with `/` starts with an alias from `/aliases`.
   */
  findPath(path: string): DtNode | undefined {
    let node: DtNode | undefined = this.root;
    let rest = path;
    if (!rest.startsWith('/')) {
      const slash = rest.indexOf('/');
      const alias = slash < 0 ? rest : rest.slice(0, slash);
      const target = this.findPath('/aliases')?.getProp(alias);
      if (!target) return undefined;
      const aliasPath = cString(target);
      if (!aliasPath.startsWith('/')) return undefined;
      node = this.findPath(aliasPath);
      rest = slash < 0 ? '' : rest.slice(slash);
    }
    for (const component of rest.split('/')) {
      if (!node) return undefined;
      if (component === '') continue;
      node = node.children.find((c) => nodeNameMatches(c.name, component));
    }
    return node;
  }
}

/** libfdt `fdt_nodename_eq_`. */
function nodeNameMatches(nodeName: string, component: string): boolean {
  if (nodeName === component) return true;
  return !component.includes('@') && nodeName.startsWith(`${component}@`);
}

// ---- value builders -----------------------------------------------------------------------------

/** Big-endian 32-bit cells. */
export function cells(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return out;
}

/** A 64-bit value as two cells (hi, lo); `value` must be a safe integer. */
export function u64Cells(value: number): Uint8Array {
  return cells(Math.floor(value / 0x100000000), value >>> 0);
}

/** NUL-terminated string(s); several strings make a string list. */
export function str(...values: string[]): Uint8Array {
  return new TextEncoder().encode(values.map((v) => `${v}\0`).join(''));
}

/** An empty-string boolean property as QEMU writes it (`""` = one NUL byte). */
export const EMPTY_STRING = str('');

export function readCell(bytes: Uint8Array, index: number): number {
  const o = index * 4;
  return ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
}

/** Text up to the first NUL (or the whole array). */
export function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return new TextDecoder().decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

// ---- flattened device tree (dtb) ----------------------------------------------------------------

const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_NOP = 4;
const FDT_END = 9;
const FDT_HEADER_SIZE = 40;

export interface FdtOptions {
  /** Pad the blob to this total size (QEMU's `create_device_tree` uses 1 MiB). */
  totalSize?: number;
  bootCpuId?: number;
  /**
   * Order in which property names enter the strings block. libfdt appends a name when a property
   * is first created, reusing any existing string that ends with it (`fdt_find_string_`). QEMU
   * builds each node's properties and children in source order and libfdt puts each new one in
   * front, so the creation order is the reverse of the final order: `'reverse'` (default)
   * reproduces QEMU's blob; `'forward'` is dtc's order.
   */
  stringOrder?: 'reverse' | 'forward';
}

function stringCreationOrder(tree: DeviceTree, order: 'reverse' | 'forward'): string[] {
  const names: string[] = [];
  const walk = (n: DtNode) => {
    const props = order === 'reverse' ? [...n.props].reverse() : n.props;
    for (const p of props) names.push(p.name);
    const kids = order === 'reverse' ? [...n.children].reverse() : n.children;
    for (const c of kids) walk(c);
  };
  walk(tree.root);
  return names;
}

/** Serialises to a version-17 FDT laid out as libfdt's `fdt_create` + `fdt_pack` would. */
export function toFdt(tree: DeviceTree, options: FdtOptions = {}): Uint8Array {
  const encoder = new TextEncoder();
  // Strings block with libfdt's suffix sharing.
  let strings = '';
  const stringOffset = new Map<string, number>();
  for (const name of stringCreationOrder(tree, options.stringOrder ?? 'reverse')) {
    if (stringOffset.has(name)) continue;
    const found = `${strings}`.indexOf(`${name}\0`);
    if (found >= 0) stringOffset.set(name, found);
    else {
      stringOffset.set(name, strings.length);
      strings += `${name}\0`;
    }
  }
  const stringBytes = encoder.encode(strings);

  const structParts: Uint8Array[] = [];
  let structSize = 0;
  const push = (bytes: Uint8Array) => {
    const padded = new Uint8Array((bytes.length + 3) & ~3);
    padded.set(bytes);
    structParts.push(padded);
    structSize += padded.length;
  };
  const pushWord = (...w: number[]) => push(cells(...w));
  const emit = (n: DtNode) => {
    pushWord(FDT_BEGIN_NODE);
    push(encoder.encode(`${n.name}\0`));
    for (const p of n.props) {
      pushWord(FDT_PROP, p.value.length, stringOffset.get(p.name) ?? 0);
      push(p.value);
    }
    for (const c of n.children) emit(c);
    pushWord(FDT_END_NODE);
  };
  emit(tree.root);
  pushWord(FDT_END);

  const rsvOffset = 48; // FDT_ALIGN(header size 40, sizeof(struct fdt_reserve_entry) 16)
  const structOffset = rsvOffset + 16; // one terminating reserve entry
  const stringsOffset = structOffset + structSize;
  const used = stringsOffset + stringBytes.length;
  const total = Math.max(used, options.totalSize ?? used);
  const out = new Uint8Array(total);
  const header = cells(
    FDT_MAGIC,
    total,
    structOffset,
    stringsOffset,
    rsvOffset,
    17,
    16,
    options.bootCpuId ?? 0,
    stringBytes.length,
    structSize,
  );
  out.set(header, 0);
  let at = structOffset;
  for (const part of structParts) {
    out.set(part, at);
    at += part.length;
  }
  out.set(stringBytes, stringsOffset);
  return out;
}

export class FdtParseError extends Error {}

/** Parses a dtb (versions 16/17) into a DeviceTree, keeping node and property order. */
export function parseFdt(blob: Uint8Array): DeviceTree {
  if (blob.length < FDT_HEADER_SIZE || readCell(blob, 0) !== FDT_MAGIC) {
    throw new FdtParseError('not a flattened device tree (bad magic)');
  }
  const structOffset = readCell(blob, 2);
  const stringsOffset = readCell(blob, 3);
  const stringsSize = readCell(blob, 8);
  const decoder = new TextDecoder();
  const word = (o: number) => {
    if (o + 4 > blob.length) throw new FdtParseError(`truncated at ${o}`);
    return readCell(blob, o / 4);
  };
  const nameAt = (o: number, limit: number) => {
    const end = blob.indexOf(0, o);
    if (end < 0 || end >= limit) throw new FdtParseError(`unterminated string at ${o}`);
    return { text: decoder.decode(blob.subarray(o, end)), end };
  };
  const tree = new DeviceTree();
  const stack: DtNode[] = [];
  let p = structOffset;
  for (;;) {
    const token = word(p);
    p += 4;
    if (token === FDT_BEGIN_NODE) {
      const { text, end } = nameAt(p, blob.length);
      p = (end + 4) & ~3;
      const node = stack.length === 0 ? tree.root : stack[stack.length - 1].addChild(text);
      stack.push(node);
    } else if (token === FDT_PROP) {
      const len = word(p);
      const nameOffset = word(p + 4);
      p += 8;
      const node = stack[stack.length - 1];
      if (!node || nameOffset >= stringsSize) throw new FdtParseError(`bad property at ${p}`);
      const { text } = nameAt(stringsOffset + nameOffset, stringsOffset + stringsSize);
      node.appendProp(text, blob.slice(p, p + len));
      p = (p + len + 3) & ~3;
    } else if (token === FDT_END_NODE) {
      if (!stack.pop()) throw new FdtParseError('unbalanced FDT_END_NODE');
    } else if (token === FDT_NOP) {
      // skip
    } else if (token === FDT_END) {
      break;
    } else {
      throw new FdtParseError(`bad token ${token} at ${p - 4}`);
    }
  }
  return tree;
}

/** number → one cell, number[] → cells, string → NUL-terminated string, bytes → as is. */
export type PropValue = number | number[] | string | Uint8Array;
export interface NodeSpec {
  name: string;
  props: Record<string, PropValue>;
  children?: NodeSpec[];
}

function encode(value: PropValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return value === '' ? EMPTY_STRING : str(value);
  if (typeof value === 'number') return cells(value);
  return cells(...value);
}

/** A tree from a declarative description: nodes and properties in the order given. */
export function buildTree(spec: NodeSpec): DeviceTree {
  const tree = new DeviceTree();
  const fill = (node: DtNode, s: NodeSpec) => {
    for (const [name, value] of Object.entries(s.props)) node.appendProp(name, encode(value));
    for (const c of s.children ?? []) fill(node.addChild(c.name), c);
  };
  fill(tree.root, spec);
  return tree;
}
