/**
 * The Open Firmware client interface as QEMU's Virtual Open Firmware answers it (hw/ppc/vof.c
 * `vof_client_call`, 7.2 = master for these functions), machine-independent: it sees guest RAM
 * through `VofMemory` and prints through `VofConsole`. The machine calls `clientCall(r4)` when the
 * firmware entry's hypercall arrives (`sc 1` r3=0xF005, or the OSI/ePAPR variants, firmware.ts)
 * and puts the returned status in r3.
 *
 * Same argument layout, return values and error codes as QEMU (spec sc-vof-hcall.md §3.4/§3.5),
 * except where QEMU is wrong (every deviation is marked "ppcjit:" below and tested):
 *  - package-to-path / instance-to-path write at most `buflen` bytes (QEMU overruns the buffer);
 *  - child of a bad phandle is 0 (QEMU: the root, a libfdt negative-offset quirk);
 *  - claims must lie inside RAM (QEMU hands out memory beyond the end); a failed aligned claim
 *    does not poison the allocator; `available` omits empty ranges and never wraps;
 *  - `write` returns the byte count and reaches the console (QEMU only traces it and returns 0);
 *  - no QEMU abort is reachable (§3.9): CAS on pegasos2, instantiate-rtas via direct `sc 1`,
 *    releasing the firmware claim, malformed `reg`/`#address-cells`, `phandle` setprop.
 * Services QEMU does not implement (read, seek, canon, test, boot, enter, chain, …) answer -1
 * like QEMU's "unknown service" path, so a client sees the same results as under QEMU.
 */
import { cells, type DeviceTree, type DtNode, parseFdt, readCell, toFdt } from './device-tree.js';

export interface VofMemory {
  /** Bytes at a guest physical address; undefined if any of them lies outside RAM. */
  read(addr: number, len: number): Uint8Array | undefined;
  /** false if any byte lies outside RAM (nothing is written then). */
  write(addr: number, bytes: Uint8Array): boolean;
  readonly ramSize: number;
}

export interface VofConsole {
  write(bytes: Uint8Array): void;
}

export interface VofOptions {
  tree: DeviceTree;
  memory: VofMemory;
  console: VofConsole;
  /** Bytes at 0 owned by the firmware; QEMU 7.2's vof.bin is 0xDA0 long, kept so `available` matches. */
  firmwareSize?: number;
  /** `milliseconds` (QEMU: QEMU_CLOCK_VIRTUAL in ms); default: host ms since the Vof was made. */
  milliseconds?: () => number;
  /**
   * `ibm,client-architecture-support` on "/" (pseries' CAS hook, vof.c `vof_call_method`):
   * gets the option-vector address, returns rets[0]. Absent (pegasos2) → -1; QEMU asserts.
   */
  clientArchitectureSupport?: (optionVector: number) => number;
  /** Machine veto for setprop (QEMU's VofMachineIf.setprop; pegasos2 accepts everything). */
  setpropFilter?: (nodePath: string, name: string, value: Uint8Array) => boolean;
  /** Called on `quiesce` (pseries updates its FDT there). */
  onQuiesce?: () => void;
  /** Called on `exit`; QEMU pauses the VM, ppcjit stops the machine. */
  onExit?: () => void;
  /** The RTAS blob `instantiate-rtas` copies (firmware.ts `RTAS_BLOB`). */
  rtasBlob: Uint8Array;
}

export const H_SUCCESS = 0;
export const H_PARAMETER = -4;
/** -1 as a cell. */
export const PROM_ERROR = 0xffffffff;

const MAX_ARGS = 10; // struct prom_args has 10 argument/return cells
const SERVICE_NAME_MAX = 64;
const PROPNAME_BUF = 65; // OF_PROPNAME_LEN_MAX + 1
const MAX_PATH = 256; // VOF_MAX_PATH
const MAX_SETPROPLEN = 2048;
const MAX_METHODLEN = 256;
const MAX_FORTHCODE = 256;

interface Claim {
  start: number;
  size: number;
}

interface Instance {
  /** The path the instance was opened with (call-method compares it literally, as QEMU does). */
  path: string;
  phandle: number;
}

type ServiceResult = { ret: number; extra?: number[] };

/** Vof.saveState output (JSON-friendly apart from the dtb bytes). */
export interface VofState {
  tree: Uint8Array;
  claims: Claim[];
  claimedBase: number;
  instances: Array<{ ihandle: number; path: string; phandle: number }>;
  lastInstance: number;
  quiesced: boolean;
  exitRequested: boolean;
}

export class Vof {
  readonly tree: DeviceTree;
  private readonly memory: VofMemory;
  private readonly console: VofConsole;
  private readonly options: VofOptions;
  private readonly claims: Claim[] = [];
  /** QEMU `claimed_base`: aligned claims are bump-allocated from here. */
  private claimedBase = 0;
  private readonly topAddr: number;
  private readonly instances = new Map<number, Instance>();
  private lastInstance = 0;
  private quiesced = false;
  /** Set by the `exit` service. */
  exitRequested = false;
  readonly firmwareSize: number;
  /** Host ms at creation, read only without a `milliseconds` option (a machine's clock). */
  private readonly startTime: number;

  constructor(options: VofOptions) {
    this.options = options;
    this.startTime = options.milliseconds ? 0 : performance.now();
    this.tree = options.tree;
    this.memory = options.memory;
    this.console = options.console;
    this.firmwareSize = options.firmwareSize ?? 0xda0;
    // vof_init: top_addr = min(RAM, 4 GiB); the firmware claims [0, fw_size).
    this.topAddr = Math.min(options.memory.ramSize, 0x100000000);
    if (this.claim(0, this.firmwareSize, 0) === PROM_ERROR) throw new Error('VOF: memory for firmware is in use');
  }

  // ---- boot-time API (QEMU's machine reset calls these) -------------------------------------

  /**
   * `vof_claim`. Returns the address or PROM_ERROR. ppcjit: the range must lie in RAM, and a
   * failed aligned claim leaves the cursor where it was.
   */
  claim(virt: number, size: number, align: number): number {
    virt >>>= 0;
    size >>>= 0;
    align >>>= 0;
    if (size === 0) return PROM_ERROR;
    let at: number;
    if (align === 0) {
      if (!this.isFree(virt, size) || virt + size > this.memoryEnd()) return PROM_ERROR;
      at = virt;
    } else {
      let cursor = Math.ceil(this.claimedBase / align) * align;
      for (;;) {
        // QEMU only checks the start (`claimed_base >= top_addr`, "Out of RMA memory").
        if (cursor >= this.topAddr || cursor + size > this.memoryEnd()) return PROM_ERROR;
        if (this.isFree(cursor, size)) break;
        cursor += size; // QEMU steps by size, not by align
      }
      at = cursor;
    }
    this.claimedBase = Math.max(this.claimedBase, at + size);
    this.claims.push({ start: at, size });
    return at;
  }

  /** `vof_build_dt`: phandles for every node, then `/memory@0/available`. */
  buildDeviceTree(): void {
    this.tree.assignPhandles();
    this.updateAvailable();
  }

  /** `vof_client_open_store`: open `path` and store the ihandle in `/chosen/<prop>`. */
  openAndStore(prop: string, path: string): number {
    const node = this.tree.findPath(path);
    const chosen = this.tree.findPath('/chosen');
    if (!node || !chosen) return PROM_ERROR;
    const ih = this.open(node, path);
    chosen.setProp(prop, cells(ih));
    return ih;
  }

  /**
   * Everything the client interface remembers between calls, for machine snapshots: the device
   * tree as a dtb (setprop changes, property order and phandles included), claimed memory and
   * the allocator cursor, open instances (stdout's ihandle among them), and the quiesce/exit flags.
   */
  saveState(): VofState {
    return {
      tree: toFdt(this.tree),
      claims: this.claims.map((c) => ({ ...c })),
      claimedBase: this.claimedBase,
      instances: [...this.instances].map(([ihandle, inst]) => ({ ihandle, ...inst })),
      lastInstance: this.lastInstance,
      quiesced: this.quiesced,
      exitRequested: this.exitRequested,
    };
  }

  /** Replaces this instance's state (and its tree's contents) with `saveState` output. */
  loadState(state: VofState): void {
    // The claim allocator walks from claimedBase in steps of a claim's size: out-of-range numbers
    // from a crafted snapshot would make it loop (almost) forever.
    const u32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
    if (!u32(state.claimedBase) || !state.claims.every((c) => u32(c.start) && u32(c.size) && u32(c.start + c.size))) {
      throw new Error('VOF state: claims out of range');
    }
    const tree = parseFdt(state.tree);
    const root = this.tree.root;
    root.props.splice(0, root.props.length, ...tree.root.props);
    root.children.splice(0, root.children.length, ...tree.root.children);
    for (const child of root.children) child.parent = root;
    this.claims.splice(0, this.claims.length, ...state.claims.map((c) => ({ start: c.start, size: c.size })));
    this.claimedBase = state.claimedBase;
    this.instances.clear();
    for (const { ihandle, path, phandle } of state.instances) this.instances.set(ihandle, { path, phandle });
    this.lastInstance = state.lastInstance;
    this.quiesced = state.quiesced;
    this.exitRequested = state.exitRequested;
  }

  claimedRanges(): ReadonlyArray<Readonly<Claim>> {
    return [...this.claims].sort((a, b) => a.start - b.start);
  }

  // ---- the hypercall -------------------------------------------------------------------------

  /** KVMPPC_H_VOF_CLIENT: returns H_SUCCESS (0) or H_PARAMETER (-4), as `vof_client_call`. */
  clientCall(argsAddr: number): number {
    argsAddr >>>= 0;
    const header = this.memory.read(argsAddr, 4 * (3 + MAX_ARGS));
    if (!header) return H_PARAMETER;
    const cell = (i: number) => readCell(header, i);
    const nargs = cell(1);
    if (nargs >= MAX_ARGS) return H_PARAMETER;
    const nameBytes = this.memory.read(cell(0), SERVICE_NAME_MAX);
    if (!nameBytes) return H_PARAMETER;
    const nul = nameBytes.indexOf(0);
    if (nul < 0) return H_PARAMETER; // service name too long
    const service = latin1(nameBytes.subarray(0, nul));
    const args: number[] = [];
    for (let i = 0; i < MAX_ARGS; i++) args.push(i < nargs ? cell(3 + i) : 0);
    const nret = cell(2);
    if (nret > MAX_ARGS - nargs) return H_PARAMETER;

    const rtas = this.instantiateRtasInFirmware(argsAddr, service, nargs, args);
    if (rtas !== undefined) return rtas;

    const { ret, extra = [] } = this.handle(service, args, nargs, nret);
    if (nret === 0) return H_SUCCESS;
    const rets = [ret >>> 0];
    for (let i = 1; i < nret; i++) rets.push((extra[i - 1] ?? 0) >>> 0);
    if (!this.memory.write(argsAddr + 12 + 4 * nargs, cells(...rets))) return H_PARAMETER;
    return H_SUCCESS;
  }

  /**
   * vof.bin's `prom_handle` (pc-bios/vof/ci.c), which QEMU runs *inside the guest* before the
   * hypercall: call-method "instantiate-rtas" copies the RTAS blob to args[2] and writes
   * args[nargs] = 0, args[nargs+1] = args[2] whatever nret is. ppcjit runs it on the host for
   * both the firmware entry and a direct `sc 1` (QEMU aborts on the latter, §3.9). ppcjit: the
   * two result cells must fit in the 10-cell block (vof.bin writes past it).
   */
  private instantiateRtasInFirmware(
    argsAddr: number,
    service: string,
    nargs: number,
    args: number[],
  ): number | undefined {
    if (service !== 'call-method' || nargs < 3 || nargs + 1 >= MAX_ARGS) return undefined;
    if (this.readString(args[0], MAX_METHODLEN) !== 'instantiate-rtas') return undefined;
    const size = this.tree.findPath('/rtas')?.getProp('rtas-size');
    const blob = this.options.rtasBlob;
    if (!size || size.length < 4 || readCell(size, 0) < blob.length) return undefined;
    if (!this.memory.write(args[2], blob)) return H_PARAMETER;
    if (!this.memory.write(argsAddr + 12 + 4 * nargs, cells(0, args[2]))) return H_PARAMETER;
    return H_SUCCESS;
  }

  private handle(service: string, a: number[], nargs: number, nret: number): ServiceResult {
    // `cmpservice`: a count of 0 in the table means "not checked"; a mismatch = unknown service.
    const is = (name: string, wantArgs: number, wantRets: number) =>
      service === name && (!wantArgs || nargs === wantArgs) && (!wantRets || nret === wantRets);
    const r = (ret: number): ServiceResult => ({ ret });
    if (is('finddevice', 1, 1)) return r(this.finddevice(a[0]));
    if (is('getprop', 4, 1)) return r(this.getprop(a[0], a[1], a[2], a[3]));
    if (is('getproplen', 2, 1)) return r(this.getproplen(a[0], a[1]));
    if (is('setprop', 4, 1)) return r(this.setprop(a[0], a[1], a[2], a[3]));
    if (is('nextprop', 3, 1)) return r(this.nextprop(a[0], a[1], a[2]));
    if (is('peer', 1, 1)) return r(this.peer(a[0]));
    if (is('child', 1, 1)) return r(this.child(a[0]));
    if (is('parent', 1, 1)) return r(this.parent(a[0]));
    if (is('open', 1, 1)) return r(this.openService(a[0]));
    if (is('close', 1, 0)) {
      this.instances.delete(a[0] >>> 0);
      return r(0);
    }
    if (is('instance-to-package', 1, 1)) return r(this.instanceToPackage(a[0]));
    if (is('package-to-path', 3, 1)) return r(this.nodePathTo(this.tree.byPhandle(a[0]), a[1], a[2]));
    if (is('instance-to-path', 3, 1)) {
      const inst = this.instances.get(a[0] >>> 0);
      return r(this.nodePathTo(inst && this.tree.byPhandle(inst.phandle), a[1], a[2]));
    }
    if (is('write', 3, 1)) return r(this.writeService(a[0], a[1], a[2]));
    if (is('claim', 3, 1)) {
      const at = this.claim(a[0], a[1], a[2]);
      if (at !== PROM_ERROR) this.updateAvailable();
      return r(at);
    }
    if (is('release', 2, 0)) return r(this.release(a[0], a[1]));
    if (is('call-method', 0, 0)) return this.callMethod(a[0], a[1], a[2]);
    if (is('interpret', 0, 0)) {
      this.readString(a[0], MAX_FORTHCODE); // QEMU reads (and traces) the text, runs nothing
      return r(PROM_ERROR);
    }
    if (is('milliseconds', 0, 1)) {
      return r(this.options.milliseconds?.() ?? Math.floor(performance.now() - this.startTime));
    }
    if (is('quiesce', 0, 0)) {
      this.quiesced = true; // QEMU packs the FDT: from now on it has no free space
      this.options.onQuiesce?.();
      return r(0);
    }
    if (is('exit', 0, 0)) {
      this.exitRequested = true;
      this.options.onExit?.();
      return r(0);
    }
    return r(PROM_ERROR);
  }

  // ---- services ------------------------------------------------------------------------------

  private finddevice(pathAddr: number): number {
    const path = this.readString(pathAddr, MAX_PATH);
    if (path === undefined) return PROM_ERROR;
    return this.pathToNode(path)?.phandle ?? PROM_ERROR;
  }

  /**
   * vof.c `path_offset`: unit addresses are lower-cased (text after each `@` up to the next `/`),
   * then libfdt `fdt_path_offset`. Only absolute paths (VOF has no /aliases node and libfdt
   * would look a relative one up there).
   */
  private pathToNode(path: string): DtNode | undefined {
    if (!path.startsWith('/')) return undefined;
    const lowered = path.replace(/@[^/]*/g, (unit) => unit.toLowerCase());
    return this.tree.findPath(lowered);
  }

  /** vof.c `getprop`: a missing "name" is synthesised from the node name up to `@`, plus NUL. */
  private property(node: DtNode, name: string): { value: Uint8Array; synthesized: boolean } | undefined {
    const value = node.getProp(name);
    if (value) return { value, synthesized: false };
    if (name !== 'name') return undefined;
    const base = new TextEncoder().encode(node.baseName);
    const synthesized = new Uint8Array(base.length + 1);
    synthesized.set(base);
    return { value: synthesized, synthesized: true };
  }

  private getprop(ph: number, nameAddr: number, buf: number, buflen: number): number {
    const node = this.tree.byPhandle(ph);
    if (!node) return PROM_ERROR;
    const name = this.readString(nameAddr, PROPNAME_BUF);
    if (name === undefined) return PROM_ERROR;
    const prop = this.property(node, name);
    if (!prop) return PROM_ERROR;
    // Copies min(len, buflen) and returns the property's full length (IEEE 1275).
    const count = Math.min(prop.value.length, buflen >>> 0);
    if (!this.writeBytes(buf, prop.value.subarray(0, count))) return PROM_ERROR;
    return prop.value.length;
  }

  private getproplen(ph: number, nameAddr: number): number {
    const node = this.tree.byPhandle(ph);
    if (!node) return PROM_ERROR;
    const name = this.readString(nameAddr, PROPNAME_BUF);
    if (name === undefined) return PROM_ERROR;
    return this.property(node, name)?.value.length ?? PROM_ERROR;
  }

  private setprop(ph: number, nameAddr: number, valueAddr: number, len: number): number {
    len >>>= 0;
    if (len > MAX_SETPROPLEN) return PROM_ERROR;
    const name = this.readString(nameAddr, PROPNAME_BUF);
    if (name === undefined) return PROM_ERROR;
    const node = this.tree.byPhandle(ph);
    if (!node || node.path().length + 1 > MAX_PATH - 1) return PROM_ERROR;
    const value = len === 0 ? new Uint8Array(0) : this.memory.read(valueAddr, len);
    if (!value) return PROM_ERROR;
    const copy = value.slice();
    if (this.options.setpropFilter && !this.options.setpropFilter(node.path(), name, copy)) return PROM_ERROR;
    if (!this.setpropIsSafe(node, name, copy)) return PROM_ERROR;
    if (this.quiesced) {
      // After fdt_pack only an in-place resize that does not grow the blob succeeds (libfdt
      // fdt_splice_ NOSPACE check); a new property needs room for its tag.
      const old = node.getProp(name);
      if (!old || align4(copy.length) > align4(old.length)) return PROM_ERROR;
    }
    node.setProp(name, copy);
    return len;
  }

  /**
   * ppcjit: refuse the setprops after which QEMU would abort (§3.9): a `phandle` change (the
   * lookup tables and `vof_do_open`'s assert depend on it), root cell counts other than 1/2
   * and a `/memory@0` reg of the wrong size (`vof_dt_memory_available` asserts).
   */
  private setpropIsSafe(node: DtNode, name: string, value: Uint8Array): boolean {
    if (name === 'phandle' || name === 'linux,phandle') return false;
    if (node === this.tree.root && (name === '#address-cells' || name === '#size-cells')) {
      return value.length === 4 && (readCell(value, 0) === 1 || readCell(value, 0) === 2);
    }
    if (node === this.tree.findPath('/memory@0') && name === 'reg') {
      const { ac, sc } = this.rootCells();
      return value.length === 4 * (ac + sc);
    }
    return true;
  }

  private nextprop(ph: number, prevAddr: number, buf: number): number {
    const prev = this.readString(prevAddr, PROPNAME_BUF);
    if (prev === undefined) return PROM_ERROR;
    const node = this.tree.byPhandle(ph);
    if (!node) return 0;
    // "" → the first property; otherwise the one after `prev` (0 if prev is absent or last).
    const index = prev === '' ? 0 : node.props.findIndex((p) => p.name === prev) + 1;
    if ((prev !== '' && index === 0) || index >= node.props.length) return 0;
    const name = new TextEncoder().encode(`${node.props[index].name}\0`);
    return this.writeBytes(buf, name) ? 1 : PROM_ERROR;
  }

  private peer(ph: number): number {
    if (ph >>> 0 === 0) return this.tree.root.phandle;
    return this.tree.byPhandle(ph)?.nextSibling()?.phandle ?? 0;
  }

  /** ppcjit: a bad phandle gives 0 (QEMU returns the root's phandle). */
  private child(ph: number): number {
    return this.tree.byPhandle(ph)?.children[0]?.phandle ?? 0;
  }

  private parent(ph: number): number {
    return this.tree.byPhandle(ph)?.parent?.phandle ?? 0;
  }

  private openService(pathAddr: number): number {
    const path = this.readString(pathAddr, MAX_PATH);
    if (path === undefined) return PROM_ERROR;
    const node = this.pathToNode(path);
    return node ? this.open(node, path) : PROM_ERROR;
  }

  /** `vof_do_open`: ihandles count from 1 and are never recycled; 0xFFFFFFFF is never issued. */
  private open(node: DtNode, path: string): number {
    if (this.lastInstance === 0xffffffff) return PROM_ERROR;
    this.lastInstance++;
    this.instances.set(this.lastInstance, { path, phandle: node.phandle });
    return this.lastInstance;
  }

  private instanceToPackage(ih: number): number {
    return this.instances.get(ih >>> 0)?.phandle ?? PROM_ERROR;
  }

  /**
   * package-to-path / instance-to-path: returns strlen(path)+1. ppcjit: writes at most `buflen`
   * bytes (QEMU writes the whole path whatever buflen says).
   */
  private nodePathTo(node: DtNode | undefined, buf: number, buflen: number): number {
    if (!node) return PROM_ERROR;
    const path = new TextEncoder().encode(`${node.path()}\0`);
    if (path.length > MAX_PATH - 1) return PROM_ERROR; // fdt_get_path into 255 bytes
    const count = Math.min(path.length, buflen >>> 0);
    if (!this.writeBytes(buf, path.subarray(0, count))) return PROM_ERROR;
    return path.length;
  }

  /**
   * ppcjit: returns `len` and sends the bytes to the console when the instance is the stdout
   * package; QEMU 7.2 only emits a `vof_write` trace event and returns 0.
   */
  private writeService(ih: number, buf: number, len: number): number {
    const inst = this.instances.get(ih >>> 0);
    if (!inst) return PROM_ERROR;
    len >>>= 0;
    if (len === 0) return 0;
    const bytes = this.memory.read(buf, len);
    if (!bytes) return PROM_ERROR;
    if (inst.phandle === this.stdoutPackage()) this.console.write(bytes.slice());
    return len;
  }

  private stdoutPackage(): number | undefined {
    const stdout = this.tree.findPath('/chosen')?.getProp('stdout');
    return stdout && stdout.length === 4 ? this.instances.get(readCell(stdout, 0))?.phandle : undefined;
  }

  /** `vof_release`: only an exact (start, size) claim is released. ppcjit: the firmware claim too. */
  private release(virt: number, size: number): number {
    const i = this.claims.findIndex((c) => c.start === virt >>> 0 && c.size === size >>> 0);
    if (i < 0) return PROM_ERROR;
    this.claims.splice(i, 1);
    this.updateAvailable();
    return 0;
  }

  /**
   * `vof_call_method`: QEMU knows two methods. "ibm,client-architecture-support" on "/" asserts
   * on pegasos2 (no machine hook) → ppcjit: -1. "instantiate-rtas" on "/rtas" is normally caught
   * by the firmware (instantiateRtasInFirmware); reaching it here means rtas-size is too small,
   * where QEMU exits → ppcjit: -1. rets[1] stays 0.
   */
  private callMethod(methodAddr: number, ih: number, param1: number): ServiceResult {
    const inst = ih >>> 0 === 0 ? undefined : this.instances.get(ih >>> 0);
    if (!inst) return { ret: PROM_ERROR };
    const method = this.readString(methodAddr, MAX_METHODLEN);
    if (method === undefined) return { ret: PROM_ERROR };
    const cas = this.options.clientArchitectureSupport;
    if (inst.path === '/' && method === 'ibm,client-architecture-support' && cas) {
      return { ret: cas(param1 >>> 0), extra: [0] };
    }
    return { ret: PROM_ERROR, extra: [0] };
  }

  // ---- /memory@0 available -------------------------------------------------------------------

  private rootCells(): { ac: number; sc: number } {
    // libfdt defaults: #address-cells 2, #size-cells 1 when absent.
    const ac = this.tree.root.getProp('#address-cells');
    const sc = this.tree.root.getProp('#size-cells');
    return { ac: ac ? readCell(ac, 0) : 2, sc: sc ? readCell(sc, 0) : 1 };
  }

  /** End of `/memory@0` reg (bounded by RAM); RAM size if the node is unusable. */
  private memoryEnd(): number {
    const reg = this.tree.findPath('/memory@0')?.getProp('reg');
    const { ac, sc } = this.rootCells();
    if (!reg || reg.length !== 4 * (ac + sc) || sc > 2) return this.memory.ramSize;
    const size = sc === 2 ? readCell(reg, ac) * 0x100000000 + readCell(reg, ac + 1) : readCell(reg, ac);
    return Math.min(size, this.memory.ramSize);
  }

  /**
   * `vof_dt_memory_available`: the gaps between sorted claims up to the end of memory.
   * ppcjit: empty gaps are left out, and a gap before the first claim is listed (QEMU asserts
   * that the first claim starts at 0).
   */
  private updateAvailable(): void {
    const memory = this.tree.findPath('/memory@0');
    if (!memory) return;
    const { ac, sc } = this.rootCells();
    const end = this.memoryEnd();
    const sorted = this.claimedRanges();
    const gaps: Array<[number, number]> = [];
    let cursor = 0;
    for (const c of sorted) {
      if (c.start > cursor) gaps.push([cursor, c.start - cursor]);
      cursor = Math.max(cursor, c.start + c.size);
    }
    if (end > cursor) gaps.push([cursor, end - cursor]);
    const words: number[] = [];
    const put = (value: number, n: number) => {
      if (n === 2) words.push(Math.floor(value / 0x100000000));
      words.push(value >>> 0);
    };
    for (const [start, size] of gaps) {
      put(start, ac);
      put(size, sc);
    }
    memory.setProp('available', cells(...words));
  }

  // ---- guest memory helpers ------------------------------------------------------------------

  private isFree(start: number, size: number): boolean {
    return this.claims.every((c) => start + size <= c.start || c.start + c.size <= start);
  }

  /**
   * vof.c `readstr`: reads exactly `size` bytes (failure if any is outside RAM) and needs a NUL
   * among them.
   */
  private readString(addr: number, size: number): string | undefined {
    const bytes = this.memory.read(addr >>> 0, size);
    if (!bytes) return undefined;
    const nul = bytes.indexOf(0);
    return nul < 0 ? undefined : latin1(bytes.subarray(0, nul));
  }

  private writeBytes(addr: number, bytes: Uint8Array): boolean {
    return bytes.length === 0 || this.memory.write(addr >>> 0, bytes);
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** A `VofMemory` over a plain byte array of RAM starting at physical 0 (tests, tools). */
export function arrayMemory(ram: Uint8Array): VofMemory {
  const inRam = (addr: number, len: number) => addr >= 0 && len >= 0 && addr + len <= ram.length;
  return {
    ramSize: ram.length,
    read: (addr, len) => (inRam(addr >>> 0, len) ? ram.slice(addr >>> 0, (addr >>> 0) + len) : undefined),
    write: (addr, bytes) => {
      if (!inRam(addr >>> 0, bytes.length)) return false;
      ram.set(bytes, addr >>> 0);
      return true;
    },
  };
}
