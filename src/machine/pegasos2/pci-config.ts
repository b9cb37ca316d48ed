/**
 * PCI configuration space of QEMU 7.2's default pegasos2, as the RTAS read/write-pci-config
 * calls see it (spec §3.6/§3.7). Each function has a 256-byte config space seeded with its IDs,
 * class and the interrupt line QEMU's reset leaves; writes are stored except to read-only
 * registers (IDs, revision and class code, header type, interrupt pin, and what a function
 * marks read-only), and BARs decode their size. Absent functions read as all ones.
 */
interface Bar {
  /** 0–5 for BAR0–5, 'rom' for the expansion ROM register at 0x30. */
  index: number | 'rom';
  size: number;
  io?: boolean;
  prefetch?: boolean;
}

interface PciFunction {
  vendor: number;
  device: number;
  classCode: number;
  revision: number;
  bars?: Bar[];
  /** Interrupt pin (1 = INTA#); 0: none. */
  pin?: number;
  /**
   * Interrupt line after QEMU 7.2's reset: pegasos2_machine_reset (hw/ppc/pegasos2.c) writes
   * what the board firmware would (9 for the VT8231 functions), via_ide_reset (hw/ide/via.c) 14.
   */
  line?: number;
  /** The interrupt line is hard-wired (QEMU via_ide_realize: wmask[PCI_INTERRUPT_LINE] = 0). */
  fixedLine?: boolean;
  /** Writable bits of the programming interface (0x09); the rest of the class code is read-only. */
  progIfWritable?: number;
  /** Function 0 of a multi-function device (header type bit 7). */
  multiFunction?: boolean;
}

/** By (bus << 8 | devfn); bus 0 = pci@80000000 (VIA side), bus 1 = pci@c0000000. */
/** The VT8231's two UHCI USB functions (0c.2, 0c.3): identical. */
const VT8231_USB: PciFunction = {
  vendor: 0x1106,
  device: 0x3038,
  classCode: 0x0c0300,
  revision: 0x1a,
  pin: 1,
  line: 9,
  bars: [{ index: 4, size: 32, io: true }],
};

const FUNCTIONS: Record<number, PciFunction> = {
  0: { vendor: 0x11ab, device: 0x6460, classCode: 0x060000, revision: 0x00 }, // MV64361 host
  // std VGA: 16 MiB prefetchable framebuffer, 4 KiB MMIO, 64 KiB ROM (QEMU's boot log).
  8: {
    vendor: 0x1234,
    device: 0x1111,
    classCode: 0x030000,
    revision: 0x02,
    bars: [
      { index: 0, size: 0x1000000, prefetch: true },
      { index: 2, size: 0x1000 },
      { index: 'rom', size: 0x10000 },
    ],
  },
  96: { vendor: 0x1106, device: 0x8231, classCode: 0x060100, revision: 0x10, multiFunction: true, line: 9 }, // ISA
  // IDE: native mode on both channels (prog-if 0x8f), yet wired to the legacy ISA IRQ 14 (QEMU
  // via_ide_reset: interrupt line 14, pin 1; via_ide_realize: line read-only, prog-if bits 0 and
  // 2 writable — the channels' native/compatibility mode bits). Linux's Pegasos fixup
  // (arch/powerpc/platforms/chrp/pci.c chrp_pci_fixup_vt8231_ata) acts only when the IDE's irq
  // is 14, prints "Fixing VIA IDE, force legacy mode on" and writes prog-if & ~5 (0x8a).
  97: {
    vendor: 0x1106,
    device: 0x0571,
    classCode: 0x01018f,
    revision: 0x06,
    pin: 1,
    line: 14,
    fixedLine: true,
    progIfWritable: 0x05,
    bars: [
      { index: 0, size: 8, io: true },
      { index: 1, size: 4, io: true },
      { index: 2, size: 8, io: true },
      { index: 3, size: 4, io: true },
      { index: 4, size: 16, io: true },
    ],
  }, // IDE
  98: VT8231_USB,
  99: VT8231_USB,
  100: { vendor: 0x1106, device: 0x8235, classCode: 0x068000, revision: 0x10, line: 9 }, // power management
  101: { vendor: 0x1106, device: 0x3058, classCode: 0x040100, revision: 0x50, pin: 1, line: 9 }, // AC97
  102: { vendor: 0x1106, device: 0x3068, classCode: 0x078000, revision: 0x30, pin: 1, line: 9 }, // MC97
  256: { vendor: 0x11ab, device: 0x6460, classCode: 0x060000, revision: 0x00 }, // MV64361 host (PCI0)
};

/**
 * What QEMU 7.2's pegasos2_machine_reset writes without -bios, as the board firmware would
 * (`qemu-system-ppc -M pegasos2 -trace pci_cfg_write`, before the guest runs), through the
 * ordinary write masks: [bus << 8 | devfn, register, size, value]. The IDE's 0x40 enables both
 * channels (pata_via probes nothing without it), 0x50 sets the UDMA timing that reads as 80-wire
 * cables, and its command register enables I/O, memory and bus mastering.
 */
const FIRMWARE_WRITES: [number, number, 1 | 2 | 4, number][] = [
  [0, 0x04, 2, 0x07], // MV64361, both views: I/O, memory, bus master
  [256, 0x04, 2, 0x07],
  [96, 0x3c, 2, 0x009], // VT8231 ISA
  [96, 0x50, 1, 0x02],
  [100, 0x3c, 2, 0x009], // power management
  [100, 0x48, 4, 0xf00],
  [100, 0x40, 4, 0x558020],
  [100, 0x90, 4, 0xd00],
  [97, 0x3c, 2, 0x109], // IDE (the interrupt line stays 14: read-only)
  [97, 0x09, 1, 0x0f],
  [97, 0x40, 1, 0x0b],
  [97, 0x50, 4, 0x17171717],
  [97, 0x04, 2, 0x87],
  [98, 0x3c, 2, 0x409], // USB
  [99, 0x3c, 2, 0x409],
  [101, 0x3c, 2, 0x309], // AC97, MC97
  [102, 0x3c, 2, 0x309],
];

const barOffset = (bar: Bar) => (bar.index === 'rom' ? 0x30 : 0x10 + 4 * bar.index);
const BAR_OFFSETS = [0x10, 0x14, 0x18, 0x1c, 0x20, 0x24, 0x30];

/** Writable bits of a header byte (0x00–0x3f) other than a BAR. */
function headerWriteMask(f: PciFunction, reg: number): number {
  if (reg < 0x04 || reg === 0x0e || reg === 0x3d) return 0; // IDs, header type, interrupt pin
  if (reg === 0x09) return f.progIfWritable ?? 0;
  if (reg === 0x08 || reg === 0x0a || reg === 0x0b) return 0; // revision, class
  if (reg === 0x3c) return f.fixedLine ? 0 : 0xff;
  return 0xff;
}

export class PciConfigSpace {
  private readonly spaces = new Map<number, DataView>();
  private readonly functions = new Map<number, PciFunction>();
  /** Size masks of implemented BARs by (function key << 8 | offset); absent BARs read 0. */
  private readonly bars = new Map<number, Bar>();

  constructor() {
    for (const [key, f] of Object.entries(FUNCTIONS)) {
      const dv = new DataView(new ArrayBuffer(256));
      dv.setUint16(0, f.vendor, true);
      dv.setUint16(2, f.device, true);
      dv.setUint32(8, ((f.classCode << 8) | f.revision) >>> 0, true);
      dv.setUint8(0x0e, f.multiFunction ? 0x80 : 0);
      dv.setUint8(0x3c, f.line ?? 0);
      dv.setUint8(0x3d, f.pin ?? 0);
      for (const bar of f.bars ?? []) {
        this.bars.set((Number(key) << 8) | barOffset(bar), bar);
        dv.setUint32(barOffset(bar), bar.io ? 1 : bar.prefetch ? 8 : 0, true);
      }
      this.spaces.set(Number(key), dv);
      this.functions.set(Number(key), f);
    }
    for (const [key, reg, size, value] of FIRMWARE_WRITES) {
      this.write((key >> 8) as 0 | 1, ((key & 0xff) << 8) | reg, size, value);
    }
  }

  /** Every function's 256 config bytes by (bus << 8 | devfn), for machine snapshots. */
  saveState(): Record<number, Uint8Array> {
    const out: Record<number, Uint8Array> = {};
    for (const [key, dv] of this.spaces) out[key] = new Uint8Array(dv.buffer.slice(0));
    return out;
  }

  /** Restores `saveState` output; the set of functions must be this board's. */
  loadState(state: Record<number, Uint8Array>): void {
    const keys = Object.keys(state).map(Number);
    if (keys.length !== this.spaces.size || keys.some((k) => !this.spaces.has(k) || state[k].length !== 256)) {
      throw new Error('PCI config state does not match the board');
    }
    for (const k of keys) new Uint8Array(this.spaces.get(k)!.buffer).set(state[k]);
  }

  /**
   * BAR writes keep only the address bits the BAR decodes, so writing all ones and reading
   * back gives the size, as PCI probing expects; unimplemented BARs stay 0.
   */
  private writeBar(key: number, reg: number, value: number, space: DataView): boolean {
    if (!BAR_OFFSETS.includes(reg)) return false;
    const bar = this.bars.get((key << 8) | reg);
    if (!bar) return true;
    const flags = bar.io ? 1 : bar.prefetch ? 8 : 0;
    const enable = bar.index === 'rom' ? value & 1 : 0;
    space.setUint32(reg, ((value & ~(bar.size - 1) & (bar.io ? ~3 : ~0xf)) | flags | enable) >>> 0, true);
    return true;
  }

  /** `address` = RTAS config address low 24 bits: bus << 16 | devfn << 8 | register. */
  read(bus: 0 | 1, address: number, size: number): number {
    const space = this.spaces.get((bus << 8) | ((address >>> 8) & 0xff));
    const reg = address & 0xff;
    if (!space || reg + size > 256 || ((address >>> 16) & 0xff) !== 0) return size === 4 ? -1 : (1 << (8 * size)) - 1;
    // PCI configuration registers are little-endian.
    return size === 4 ? space.getInt32(reg, true) : size === 2 ? space.getUint16(reg, true) : space.getUint8(reg);
  }

  write(bus: 0 | 1, address: number, size: number, value: number): void {
    const key = (bus << 8) | ((address >>> 8) & 0xff);
    const space = this.spaces.get(key);
    const reg = address & 0xff;
    if (!space || reg < 0x04 || reg + size > 256) return; // IDs are read-only
    if (size === 4 && this.writeBar(key, reg, value, space)) return;
    const f = this.functions.get(key)!;
    // Byte by byte, little-endian, through each byte's write mask (as QEMU's pci_default_write_config).
    for (let i = 0; i < size; i++) {
      const at = reg + i;
      const mask = at < 0x40 ? headerWriteMask(f, at) : 0xff;
      const byte = (value >>> (8 * i)) & 0xff;
      space.setUint8(at, (space.getUint8(at) & ~mask) | (byte & mask));
    }
  }
}
