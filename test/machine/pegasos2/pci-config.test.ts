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
});
