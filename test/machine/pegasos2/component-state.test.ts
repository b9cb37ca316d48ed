import { describe, expect, it } from 'vitest';
import { CascadedPic } from '../../../src/machine/devices/i8259.js';
import { Mv64361 } from '../../../src/machine/pegasos2/mv64361.js';
import { PciConfigSpace } from '../../../src/machine/pegasos2/pci-config.js';
import { toFdt } from '../../../src/vof/device-tree.js';
import { BUF, bootHarness } from '../../vof/harness.js';

describe('PCI config space state', () => {
  it('restores BAR assignments and header writes into a fresh config space', () => {
    const a = new PciConfigSpace();
    a.write(0, 0x0810, 4, 0xffffffff); // VGA BAR0 sizing
    a.write(0, 0x0810, 4, 0x80000000);
    a.write(0, 0x6104, 2, 0x0007); // IDE command
    a.write(0, 0x6109, 1, 0x8a); // prog-if
    const b = new PciConfigSpace();
    b.loadState(structuredClone(a.saveState()));
    for (const address of [0x0810, 0x6104, 0x6108, 0x613c, 0x0830])
      expect(b.read(0, address, 4)).toBe(a.read(0, address, 4));
    // Both keep decoding BAR sizes the same way afterwards.
    for (const p of [a, b]) p.write(0, 0x0818, 4, 0xffffffff);
    expect(b.read(0, 0x0818, 4)).toBe(a.read(0, 0x0818, 4));
    expect(() => b.loadState({ 0: new Uint8Array(256) })).toThrow(/does not match/);
  });
});

describe('MV64361 state', () => {
  it('restores the register window', () => {
    const a = new Mv64361(new CascadedPic());
    a.write(0x268, 4, 0x11223344);
    a.write(0x2290, 2, 0xbeef);
    const b = new Mv64361(new CascadedPic());
    b.loadState(a.saveState());
    for (const offset of [0x0, 0x1c, 0x268, 0x2290, 0xf300]) expect(b.read(offset, 4)).toBe(a.read(offset, 4));
    expect(() => b.loadState(new Uint8Array(16))).toThrow(/16 bytes/);
  });
});

describe('VOF state', () => {
  it('restores setprop changes, open instances, claims and the allocator into a fresh VOF', () => {
    const a = bootHarness();
    const chosen = a.ci('finddevice', 1, 1, '/chosen').rets[0];
    a.put(BUF, 'hello');
    expect(a.ci('setprop', 4, 1, chosen, 'ppcjit,test', BUF, 6).rets[0]).toBe(6);
    const ih = a.ci('open', 1, 1, '/rtas').rets[0];
    const claimed = a.ci('claim', 3, 1, 0, 0x10000, 0x1000).rets[0];
    const b = bootHarness();
    b.vof.loadState(structuredClone(a.vof.saveState()));
    expect(toFdt(b.vof.tree)).toEqual(toFdt(a.vof.tree));
    expect(b.vof.claimedRanges()).toEqual(a.vof.claimedRanges());
    // The same calls give the same answers on both from here on.
    for (const h of [a, b]) h.put(BUF + 0x100, '');
    const same = (service: string, nargs: number, nret: number, ...args: Array<number | string>) =>
      expect(b.ci(service, nargs, nret, ...args)).toEqual(a.ci(service, nargs, nret, ...args));
    same('instance-to-package', 1, 1, ih);
    same('open', 1, 1, '/failsafe'); // next ihandle
    same('claim', 3, 1, 0, 0x10000, 0x1000); // next aligned claim after `claimed`
    same('nextprop', 3, 1, chosen, BUF + 0x100, BUF + 0x200);
    expect(b.cstr(BUF + 0x200)).toBe('ppcjit,test');
    same('getproplen', 2, 1, chosen, 'ppcjit,test');
    expect(claimed).not.toBe(0xffffffff);
  });
});
