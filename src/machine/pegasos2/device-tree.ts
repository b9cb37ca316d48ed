/**
 * The device tree QEMU 7.2 builds for its default `-M pegasos2` (hw/ppc/pegasos2.c `build_fdt`
 * plus the `/chosen/qemu,boot-kernel` property set at machine reset), as ONE declarative
 * description. Node order, property order and values equal QEMU's `dumpdtb` output byte for
 * byte (test/diff/vof-dtb.test.ts; fixture test/vof/fixtures/). VOF then adds `phandle`,
 * `/memory@0/available` and `/chosen/stdout` (see `pegasos2VofTree` / client-interface.ts).
 *
 * Known QEMU 7.2 oddities kept on purpose (the
 * goal is identity with QEMU, and Linux copes with them):
 *  - the CPU node `reg` has two cells although `/cpus` has `#address-cells` 1;
 *  - `subsystem-id`/`subsystem-vendor-id` are swapped (QEMU does it for firmware compatibility);
 *  - the VGA expansion ROM BAR is reported at config offset 0x28 instead of 0x30;
 *  - the IDE node's `device_type` is "spi".
 */
import { buildTree, type DeviceTree, type NodeSpec, type PropValue, u64Cells } from '../../vof/device-tree.js';

export interface Pegasos2CpuInfo {
  /** Node name under /cpus (QEMU 7.2 always uses "PowerPC,G4", "FIXME Get CPU name"). */
  nodeName: string;
  pvr: number;
  /** PPC_ALTIVEC → `altivec` and `data-streams`. */
  altivec: boolean;
  /** PPC_FLOAT_FSQRT → `general-purpose` (QEMU's 74xx models have it, 7xx/6xx do not). */
  fsqrt: boolean;
  /** PPC_FLOAT_FRES → `graphics` (every CPU pegasos2 accepts). */
  fres: boolean;
  /** `env->nb_tlb` / `env->nb_ways` (0 for 7xx/74xx, whose TLBs QEMU does not model). */
  tlbSize: number;
  tlbSets: number;
  /** Split I/D TLB (603 family): per-side size and sets. */
  splitTlb?: { size: number; sets: number };
  cacheLineSize: number;
  l1CacheSize: number;
}

/** QEMU 7.2's default pegasos2 CPU: MPC7400 v2.9. */
export const CPU_7400: Pegasos2CpuInfo = {
  nodeName: 'PowerPC,G4',
  pvr: 0x000c0209,
  altivec: true,
  fsqrt: true,
  fres: true,
  tlbSize: 0,
  tlbSets: 0,
  cacheLineSize: 32,
  l1CacheSize: 0x8000,
};

/**
 * CPU node data for a project CPU model (src/cpu/models.ts): QEMU's 74xx models have
 * AltiVec and fsqrt, its 7xx models neither (observed with dumpdtb for every model pegasos2
 * accepts; the 603's split TLB is not derived here).
 */
export function pegasos2CpuInfo(model: { pvr: number; altivec: boolean }): Pegasos2CpuInfo {
  return { ...CPU_7400, pvr: model.pvr >>> 0, altivec: model.altivec, fsqrt: model.altivec };
}

export interface Pegasos2TreeOptions {
  ramSize: number;
  cpu?: Pegasos2CpuInfo;
  /** `-append`; QEMU always writes the property ("" when absent). */
  bootargs?: string;
  /** Kernel entry and size for `/chosen/qemu,boot-kernel`; omitted when there is no kernel. */
  kernel?: { entry: number; size: number };
  /**
   * Initrd placement. QEMU 7.2 ignores `-initrd` on the VOF path; master writes
   * `linux,initrd-start/-end` after `bootargs` (hw/ppc/pegasos.c), which we follow.
   */
  initrd?: { start: number; end: number };
}

// ---- PCI devices (QEMU `add_pci_device`) --------------------------------------------------------

type BarKind = 'io' | 'mem' | 'mem-prefetch';
interface PciFunction {
  name: string;
  devfn: number;
  vendor: number;
  device: number;
  revision: number;
  classCode: number;
  /** Interrupt pin (config 0x3D) when non-zero. */
  pin?: number;
  /** BARs: config-space offset and size (the ROM BAR is given as QEMU 7.2 reports it). */
  bars?: Array<[BarKind, number, number]>;
  /** Properties QEMU adds after `reg` (class-specific). */
  tail?: Record<string, PropValue>;
  /** The ISA bridge gets name/device_type after `reg` (its node is fixed up, not generated). */
  nameAfterReg?: boolean;
  children?: NodeSpec[];
}

const BAR_SPACE: Record<BarKind, number> = { io: 0x01000000, mem: 0x02000000, 'mem-prefetch': 0x42000000 };
/** QEMU's default PCI subsystem vendor/device (Red Hat 0x1af4 / 0x1100), swapped by pegasos2. */
const SUBSYSTEM_VENDOR = 0x1af4;
const SUBSYSTEM_ID = 0x1100;

function pciNode(f: PciFunction): NodeSpec {
  const config = f.devfn << 8;
  const reg = [config, 0, 0, 0, 0];
  for (const [kind, offset, size] of f.bars ?? []) reg.push(BAR_SPACE[kind] | config | offset, 0, 0, 0, size);
  const slot = f.devfn >> 3;
  const fn = f.devfn & 7;
  const unit = fn ? `${slot.toString(16)},${fn}` : slot.toString(16);
  const props: Record<string, PropValue> = {
    'vendor-id': f.vendor,
    'device-id': f.device,
    'revision-id': f.revision,
    'class-code': f.classCode,
    'subsystem-id': SUBSYSTEM_VENDOR,
    'subsystem-vendor-id': SUBSYSTEM_ID,
  };
  if (f.pin) props.interrupts = f.pin;
  if (f.nameAfterReg) props.reg = reg;
  props.name = f.name;
  if (!f.nameAfterReg) props.reg = reg;
  Object.assign(props, f.tail);
  return { name: `${f.name}@${unit}`, props, children: f.children };
}

/** ISA child: `reg` = <1 port length> (I/O space), interrupts = <irq 0> (edge). */
function isaDevice(name: string, port: number, length: number, rest: Record<string, PropValue>): NodeSpec {
  const props = { name, device_type: name, reg: [1, port, length], ...rest };
  return { name: `${name}@i${port.toString(16)}`, props };
}

const MV64361_HOST: PciFunction = {
  name: 'host',
  devfn: 0,
  vendor: 0x11ab,
  device: 0x6460,
  revision: 0,
  classCode: 0x060000,
};

function pciBus(
  unit: number,
  ioBase: number,
  memSize: number,
  number: number,
  extra: Record<string, PropValue>,
  devices: PciFunction[],
): NodeSpec {
  return {
    name: `pci@${unit.toString(16)}`,
    props: {
      name: 'pci',
      device_type: 'pci',
      '#address-cells': 3,
      '#size-cells': 2,
      ranges: [0x01000000, 0, 0, ioBase, 0, 0x10000, 0x02000000, 0, unit, unit, 0, memSize],
      ...extra,
      reg: [unit, memSize],
      'pci-bridge-number': number,
      'bus-range': [0, 0],
    },
    children: devices.map(pciNode),
  };
}

// ---- the tree ------------------------------------------------------------------------------------

/** The ISA devices QEMU lists under the VT8231 bridge. */
const ISA_DEVICES: NodeSpec[] = [
  isaDevice('serial', 0x2f8, 8, { interrupts: [3, 0], 'clock-frequency': 0 }),
  {
    name: '8042@i60',
    props: {
      name: '8042',
      device_type: '',
      reg: [1, 0x60, 5],
      'clock-frequency': 0,
      'interrupt-controller': '',
      '#address-cells': 1,
      '#size-cells': 0,
      '#interrupt-cells': 2,
    },
  },
  isaDevice('keyboard', 0x60, 5, { interrupts: [1, 0] }),
  isaDevice('rtc', 0x70, 2, { interrupts: [8, 0], 'clock-frequency': 0, compatible: 'ds1385-rtc' }),
  isaDevice('timer', 0x40, 8, { 'clock-frequency': 0 }),
  isaDevice('fdc', 0x3f0, 8, { interrupts: [6, 0], 'clock-frequency': 0 }),
  isaDevice('lpt', 0x3bc, 8, { interrupts: [7, 0], 'clock-frequency': 0 }),
];

/** PCI bus 0 (pci@80000000): MV64361, QEMU's default std-VGA in slot 1, VT8231 functions 12.0–12.6. */
const VIA = 0x1106;
const PCI1_DEVICES: PciFunction[] = [
  MV64361_HOST,
  {
    name: 'pci1234,1111',
    devfn: 1 << 3,
    vendor: 0x1234,
    device: 0x1111,
    revision: 2,
    classCode: 0x030000,
    bars: [
      ['mem-prefetch', 0x10, 0x1000000],
      ['mem', 0x18, 0x1000],
      ['mem', 0x28, 0x10000], // expansion ROM (really config 0x30)
    ],
  },
  {
    name: 'isa',
    devfn: 12 << 3,
    vendor: VIA,
    device: 0x8231,
    revision: 0x10,
    classCode: 0x060100,
    nameAfterReg: true,
    tail: { device_type: 'isa', '#address-cells': 2, '#size-cells': 1 },
    children: ISA_DEVICES,
  },
  {
    name: 'ide',
    devfn: (12 << 3) | 1,
    vendor: VIA,
    device: 0x0571,
    revision: 6,
    classCode: 0x01018f,
    pin: 1,
    bars: [
      ['io', 0x10, 8],
      ['io', 0x14, 4],
      ['io', 0x18, 8],
      ['io', 0x1c, 4],
      ['io', 0x20, 0x10],
    ],
    tail: { device_type: 'spi' },
  },
  ...[2, 3].map(
    (fn): PciFunction => ({
      name: 'usb',
      devfn: (12 << 3) | fn,
      vendor: VIA,
      device: 0x3038,
      revision: 1,
      classCode: 0x0c0300,
      pin: 4,
      bars: [['io', 0x20, 0x20]],
      tail: { device_type: 'usb', '#address-cells': 1, '#size-cells': 0 },
    }),
  ),
  { name: 'other', devfn: (12 << 3) | 4, vendor: VIA, device: 0x8235, revision: 0x40, classCode: 0x068000 },
  { name: 'sound', devfn: (12 << 3) | 5, vendor: VIA, device: 0x3058, revision: 0x50, classCode: 0x040100, pin: 3 },
  {
    name: 'pci1106,3068',
    devfn: (12 << 3) | 6,
    vendor: VIA,
    device: 0x3068,
    revision: 0x30,
    classCode: 0x078000,
    pin: 3,
  },
];

/** RTAS tokens (pegasos2 `/rtas`; "check-execption" is QEMU's spelling). */
export const PEGASOS2_RTAS_TOKENS: Record<string, number> = {
  'restart-rtas': 0,
  'nvram-fetch': 1,
  'nvram-store': 2,
  'get-time-of-day': 3,
  'set-time-of-day': 4,
  'event-scan': 6,
  'check-execption': 7,
  'read-pci-config': 8,
  'write-pci-config': 9,
  'display-character': 10,
  'set-indicator': 11,
  'power-off': 17,
  suspend: 18,
  hibernate: 19,
  'system-reboot': 20,
};
export const RTAS_BLOB_SIZE = 20;

/** 1 GHz core (133.33 MHz bus × 7.5), 33.33 MHz time base, as QEMU writes them. */
const BUS_FREQUENCY = 133333333;
const CPU_FREQUENCY = 999999997;
const TIMEBASE_FREQUENCY = 33333333;

export function pegasos2TreeSpec(options: Pegasos2TreeOptions): NodeSpec {
  const cpu = options.cpu ?? CPU_7400;
  const chosen: Record<string, PropValue> = {};
  if (options.kernel) chosen['qemu,boot-kernel'] = concatU64(options.kernel.entry, options.kernel.size);
  chosen.name = 'chosen';
  chosen.bootargs = options.bootargs ?? '';
  if (options.initrd) {
    chosen['linux,initrd-start'] = options.initrd.start;
    chosen['linux,initrd-end'] = options.initrd.end;
  }
  const { pvr, cacheLineSize: line, l1CacheSize: l1 } = cpu;
  return {
    name: '',
    props: {
      name: 'bplan,Pegasos2',
      '#address-cells': 1,
      device_type: 'chrp',
      model: 'Pegasos2',
      revision: '2B',
      'CODEGEN,vendor': 'bplan GmbH',
      'CODEGEN,board': 'Pegasos2',
      'CODEGEN,description': 'Pegasos CHRP PowerPC System',
    },
    children: [
      { name: 'openprom', props: { model: 'Pegasos2,1.1' } },
      { name: 'chosen', props: chosen },
      { name: 'memory@0', props: { name: 'memory', device_type: 'memory', reg: [0, options.ramSize] } },
      {
        name: 'cpus',
        props: { name: 'cpus', '#size-cells': 0, '#address-cells': 1, '#cpus': 1 },
        children: [
          {
            name: cpu.nodeName,
            props: {
              name: cpu.nodeName,
              device_type: 'cpu',
              reg: [0, 0],
              'cpu-version': pvr,
              'clock-frequency': CPU_FREQUENCY,
              'bus-frequency': BUS_FREQUENCY,
              'timebase-frequency': TIMEBASE_FREQUENCY,
              'reservation-granule-size': 4,
              ...(cpu.fres ? { graphics: '' } : {}),
              'performance-monitor': '',
              ...(cpu.fsqrt ? { 'general-purpose': '' } : {}),
              'external-control': '',
              ...(cpu.altivec ? { 'data-streams': '', altivec: '' } : {}),
              state: 'running',
              'tlb-size': cpu.tlbSize,
              'tlb-sets': cpu.tlbSets,
              ...(cpu.splitTlb
                ? {
                    'tlb-split': '',
                    'd-tlb-size': cpu.splitTlb.size,
                    'd-tlb-sets': cpu.splitTlb.sets,
                    'i-tlb-size': cpu.splitTlb.size,
                    'i-tlb-sets': cpu.splitTlb.sets,
                  }
                : {}),
              'i-cache-line-size': line,
              'i-cache-block-size': line,
              'i-cache-size': l1,
              'd-cache-line-size': line,
              'd-cache-block-size': line,
              'd-cache-size': l1,
              l2cr: 0,
            },
          },
        ],
      },
      {
        name: 'rtas',
        props: {
          'rtas-version': 1,
          'rtas-size': RTAS_BLOB_SIZE,
          'rtas-display-device': 0,
          'rtas-event-scan-rate': 0,
          'rtas-error-log-max': 0,
          ...PEGASOS2_RTAS_TOKENS,
        },
      },
      { name: 'failsafe', props: { name: 'failsafe', device_type: 'serial' } },
      pciBus(0x80000000, 0xfe000000, 0x40000000, 0, { '8259-interrupt-acknowledge': 0xf1000cb4 }, PCI1_DEVICES),
      pciBus(0xc0000000, 0xf8000000, 0x20000000, 1, {}, [MV64361_HOST]),
    ],
  };
}

function concatU64(a: number, b: number): Uint8Array {
  const out = new Uint8Array(16);
  out.set(u64Cells(a), 0);
  out.set(u64Cells(b), 8);
  return out;
}

/** The tree exactly as QEMU's `dumpdtb` writes it (before VOF touches it). */
export function pegasos2Tree(options: Pegasos2TreeOptions): DeviceTree {
  return buildTree(pegasos2TreeSpec(options));
}
