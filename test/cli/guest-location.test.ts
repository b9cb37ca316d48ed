import { describe, expect, it } from 'vitest';
import { describeLocation, GuestSymbolizer } from '../../src/cli/guest-location.js';
import { SymbolTable } from '../../src/machine/symbols.js';

// As the shared pegasos2 kernel: linked at 0xc0000000, loaded at physical 0x400000.
const map = SymbolTable.fromSystemMap(
  ['c0000000 T _stext', 'c0001000 T prom_init', 'c0002000 T start_kernel', 'c0100000 T panic'].join('\n'),
);
const kernel = new GuestSymbolizer(map, [{ paddr: 0x400000, vaddr: 0xc0000000, memsz: 0x200000 }]);

describe('GuestSymbolizer', () => {
  it('names translated addresses as they are', () => {
    expect(kernel.describe(0xc0100010, true)).toBe('0xc0100010 <panic+0x10>');
    expect(kernel.describe(0xc0002000, true)).toBe('0xc0002000 <start_kernel>');
  });

  it('maps a physical PC inside the load image to its link address (prom_init runs there)', () => {
    expect(kernel.linkAddress(0x401004, false)).toBe(0xc0001004);
    expect(kernel.describe(0x401004, false)).toBe('0x00401004 <prom_init+0x4>');
  });

  it('maps a physical PC below the image as the kernel relocated to 0', () => {
    expect(kernel.describe(0x2008, false)).toBe('0x00002008 <start_kernel+0x8>');
    expect(kernel.describe(0x1ffff000, false)).toBe('0x1ffff000');
  });

  it('leaves addresses alone for an image loaded where it is linked, and without symbols', () => {
    const client = new GuestSymbolizer(SymbolTable.fromSystemMap('00400000 T _start\n'), [
      { paddr: 0x400000, vaddr: 0x400000, memsz: 0x100 },
    ]);
    expect(client.describe(0x400008, false)).toBe('0x00400008 <_start+0x8>');
    expect(client.describe(0x100, false)).toBe('0x00000100');
    expect(new GuestSymbolizer(undefined).describe(0xc0000000, true)).toBe('0xc0000000');
  });

  it('describeLocation reads PC and LR under the MSR given (IR on or off)', () => {
    expect(describeLocation({ pc: 0xc0100004, lr: 0xc0002010, msr: 0x1032 }, kernel)).toBe(
      'pc 0xc0100004 <panic+0x4>, lr 0xc0002010 <start_kernel+0x10>, msr 0x00001032',
    );
    expect(describeLocation({ pc: 0x401000, lr: 0x400000, msr: 0x40 }, kernel)).toBe(
      'pc 0x00401000 <prom_init>, lr 0x00400000 <_stext>, msr 0x00000040',
    );
  });
});
