/**
 * PCI configuration space of QEMU 7.2's default pegasos2, as the RTAS read/write-pci-config
 * calls see it (spec §3.6/§3.7). Each function has a 256-byte config space seeded with its IDs
 * and class; writes are stored (BAR sizing and the rest of the probing Linux does is the
 * Linux-boot issue's work). Absent functions read as all ones.
 */
interface PciFunction {
  vendor: number;
  device: number;
  classCode: number;
  revision: number;
}

/** By (bus << 8 | devfn); bus 0 = pci@80000000 (VIA side), bus 1 = pci@c0000000. */
const FUNCTIONS: Record<number, PciFunction> = {
  0: { vendor: 0x11ab, device: 0x6460, classCode: 0x060000, revision: 0x00 }, // MV64361 host
  8: { vendor: 0x1234, device: 0x1111, classCode: 0x030000, revision: 0x02 }, // std VGA
  96: { vendor: 0x1106, device: 0x8231, classCode: 0x060100, revision: 0x10 }, // VT8231 ISA bridge
  97: { vendor: 0x1106, device: 0x0571, classCode: 0x01018a, revision: 0x06 }, // IDE
  98: { vendor: 0x1106, device: 0x3038, classCode: 0x0c0300, revision: 0x1a }, // USB UHCI
  99: { vendor: 0x1106, device: 0x3038, classCode: 0x0c0300, revision: 0x1a }, // USB UHCI
  100: { vendor: 0x1106, device: 0x8235, classCode: 0x068000, revision: 0x10 }, // power management
  101: { vendor: 0x1106, device: 0x3058, classCode: 0x040100, revision: 0x50 }, // AC97
  102: { vendor: 0x1106, device: 0x3068, classCode: 0x070300, revision: 0x30 }, // MC97
  256: { vendor: 0x11ab, device: 0x6460, classCode: 0x060000, revision: 0x00 }, // MV64361 host (PCI0)
};

export class PciConfigSpace {
  private readonly spaces = new Map<number, DataView>();

  constructor() {
    for (const [key, f] of Object.entries(FUNCTIONS)) {
      const dv = new DataView(new ArrayBuffer(256));
      dv.setUint16(0, f.vendor, true);
      dv.setUint16(2, f.device, true);
      dv.setUint32(8, ((f.classCode << 8) | f.revision) >>> 0, true);
      this.spaces.set(Number(key), dv);
    }
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
    const space = this.spaces.get((bus << 8) | ((address >>> 8) & 0xff));
    const reg = address & 0xff;
    if (!space || reg < 0x04 || reg + size > 256) return; // IDs are read-only
    if (size === 4) space.setInt32(reg, value, true);
    else if (size === 2) space.setUint16(reg, value, true);
    else space.setUint8(reg, value);
  }
}
