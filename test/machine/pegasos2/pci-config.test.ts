import { describe, expect, it } from 'vitest';
import { PciConfigSpace } from '../../../src/machine/pegasos2/pci-config.js';

describe('pegasos2 PCI configuration space (through RTAS)', () => {
  const pci = new PciConfigSpace();
  it('answers the IDs QEMU answers (spec vector 45)', () => {
    expect(pci.read(0, 0x6000, 4) >>> 0).toBe(0x82311106);
    expect(pci.read(1, 0x0000, 4) >>> 0).toBe(0x646011ab);
    expect(pci.read(0, 0x7000, 4)).toBe(-1); // no device 14
  });

  it('sizes BARs: all ones written, the size mask read back, flags kept', () => {
    pci.write(0, 0x0810, 4, -1);
    expect(pci.read(0, 0x0810, 4) >>> 0).toBe(0xff000008); // VGA framebuffer, 16 MiB prefetchable
    pci.write(0, 0x6110, 4, -1);
    expect(pci.read(0, 0x6110, 4) >>> 0).toBe(0xfffffff9); // IDE BAR0, 8 bytes of I/O
    pci.write(0, 0x0814, 4, -1);
    expect(pci.read(0, 0x0814, 4)).toBe(0); // unimplemented BAR1
    pci.write(0, 0x0830, 4, 0xfffff800);
    expect(pci.read(0, 0x0830, 4) >>> 0).toBe(0xffff0000); // 64 KiB ROM
  });

  it('marks the VT8231 multi-function and gives its functions an interrupt pin', () => {
    expect(pci.read(0, 0x600e, 1)).toBe(0x80);
    expect(pci.read(0, 0x613d, 1)).toBe(1);
    expect(pci.read(0, 0x6109, 1)).toBe(0x8f); // IDE prog-if
  });

  it('wires the VT8231 IDE to ISA IRQ 14 and lets Linux put it in legacy mode (the Pegasos fixup)', () => {
    const fresh = new PciConfigSpace();
    // Interrupt line 14 (QEMU via_ide_reset), hard-wired: the fixup only acts when irq == 14.
    expect(fresh.read(0, 0x613c, 2)).toBe(0x010e);
    fresh.write(0, 0x613c, 1, 9);
    expect(fresh.read(0, 0x613c, 1)).toBe(14);
    // chrp_pci_fixup_vt8231_ata: progif & ~5 — only bits 0 and 2 (each channel's native mode) change.
    fresh.write(0, 0x6109, 1, fresh.read(0, 0x6109, 1) & ~5);
    expect(fresh.read(0, 0x6108, 4) >>> 0).toBe(0x01018a06);
    fresh.write(0, 0x6108, 4, -1);
    expect(fresh.read(0, 0x6108, 4) >>> 0).toBe(0x01018f06); // revision and class stay
  });

  it("gives the other VT8231 functions the interrupt line QEMU's pegasos2 reset writes (9), writable", () => {
    const fresh = new PciConfigSpace();
    for (const fn of [0x60, 0x62, 0x63, 0x64, 0x65, 0x66]) expect(fresh.read(0, (fn << 8) | 0x3c, 1)).toBe(9);
    fresh.write(0, 0x623c, 2, 0xff05);
    expect(fresh.read(0, 0x623c, 2)).toBe(0x0105); // line written, pin read-only
    expect(fresh.read(0, 0x083c, 1)).toBe(0); // the VGA: no line set
  });
});
