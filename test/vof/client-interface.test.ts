/**
 * Client-interface services against the spec's QEMU-observed vectors (sc-vof-hcall.md §4,
 * 17–43; [ppcjit] marks an intended deviation from QEMU).
 */
import { describe, expect, it } from 'vitest';
import { pegasos2Tree } from '../../src/machine/pegasos2/device-tree.js';
import { arrayMemory, H_PARAMETER, PROM_ERROR, Vof, type VofOptions } from '../../src/vof/client-interface.js';
import { rtasBlob } from '../../src/vof/firmware.js';
import { BLOCK, BUF, bootHarness, MiB } from './harness.js';

const ERR = PROM_ERROR;
const CHOSEN = 3;
const OPENPROM = 2;
const MEMORY = 4;
const RTAS = 7;
const FAILSAFE = 8;
const BAD = 0x7777;

describe('argument block validation (vof_client_call)', () => {
  it('nargs >= 10 → H_PARAMETER and nothing written', () => {
    const h = bootHarness();
    const r = h.ci('finddevice', 10, 1, '/chosen');
    expect(r.status).toBe(H_PARAMETER);
    expect(h.cellsAt(BLOCK + 12 + 40, 1)).toEqual([0xcccccccc]);
  });
  it('nret > 10 - nargs → H_PARAMETER (vector 42: nargs 4, nret 7)', () => {
    const h = bootHarness();
    const r = h.ci('finddevice', 4, 7, '/chosen', 0, 0, 0);
    expect(r.status).toBe(H_PARAMETER);
    expect(r.rets).toEqual(Array(7).fill(0xcccccccc));
  });
  it('finddevice with 9 args is an unknown service: status 0, rets[0] = -1', () => {
    const h = bootHarness();
    expect(h.ci('finddevice', 9, 1, '/chosen', 0, 0, 0, 0, 0, 0, 0, 0)).toEqual({ status: 0, rets: [ERR] });
  });
  it('a service name with no NUL in 64 bytes → H_PARAMETER', () => {
    const h = bootHarness();
    expect(h.ci('x'.repeat(64), 1, 1, 0).status).toBe(H_PARAMETER);
    expect(h.ci('x'.repeat(63), 1, 1, 0)).toEqual({ status: 0, rets: [ERR] });
  });
  it('a block or service name outside RAM → H_PARAMETER, never a host exception', () => {
    const h = bootHarness({ ramSize: 64 * MiB, kernel: null });
    expect(h.vof.clientCall(64 * MiB - 8)).toBe(H_PARAMETER);
    expect(h.vof.clientCall(0xfffffff0)).toBe(H_PARAMETER);
    const view = new DataView(h.ram.buffer);
    view.setUint32(BLOCK, 0xfffffff0); // service pointer beyond RAM
    view.setUint32(BLOCK + 4, 1);
    view.setUint32(BLOCK + 8, 1);
    expect(h.vof.clientCall(BLOCK)).toBe(H_PARAMETER);
  });
  it('a return cell that would land outside RAM → H_PARAMETER', () => {
    const h = bootHarness({ ramSize: 64 * MiB, kernel: null });
    const top = 64 * MiB - 52; // the 52-byte block read succeeds…
    h.put(0x1000, 'milliseconds');
    const view = new DataView(h.ram.buffer);
    view.setUint32(top, 0x1000);
    view.setUint32(top + 4, 9);
    view.setUint32(top + 8, 1); // …rets[0] is cell 12: still inside, so OK
    expect(h.vof.clientCall(top)).toBe(0);
  });
  it('unknown services and wrong counts answer -1 with status 0 (vector 41)', () => {
    const h = bootHarness();
    expect(h.ci('foo-bar', 1, 1, 0)).toEqual({ status: 0, rets: [ERR] });
    expect(h.ci('finddevice', 2, 1, '/chosen', 0)).toEqual({ status: 0, rets: [ERR] });
    expect(h.ci('finddevice', 1, 2, '/chosen')).toEqual({ status: 0, rets: [ERR, 0] });
    for (const s of ['read', 'seek', 'canon', 'test', 'boot', 'enter', 'chain']) {
      expect(h.ci(s, 1, 1, 0).rets).toEqual([ERR]);
    }
  });
});

describe('finddevice (vectors 17–19)', () => {
  const h = bootHarness();
  it.each([
    ['/chosen', CHOSEN],
    ['/', 1],
    ['/nonexistent', ERR],
    ['/pci@C0000000', 0x1a],
    ['chosen', ERR],
    ['/pci@80000000/isa@c/serial@i2f8', 0xd],
    ['/pci@80000000/ide@C,1', 0x14],
    ['/memory', MEMORY], // libfdt: a name without unit address matches name@unit
    ['//chosen', CHOSEN],
  ])('%s → %s', (path, ph) => {
    expect(h.ci('finddevice', 1, 1, path)).toEqual({ status: 0, rets: [ph] });
  });
  it('a path of 256+ characters → -1', () => {
    expect(h.ci('finddevice', 1, 1, `/${'a'.repeat(300)}`).rets).toEqual([ERR]);
  });
});

describe('getprop / getproplen (vectors 20–26)', () => {
  it('bootargs, stdout, qemu,boot-kernel', () => {
    const h = bootHarness({ bootargs: 'hello world' });
    expect(h.ci('getprop', 4, 1, CHOSEN, 'bootargs', BUF, 255).rets).toEqual([12]);
    expect(h.cstr(BUF)).toBe('hello world');
    expect(h.ci('getprop', 4, 1, CHOSEN, 'stdout', BUF, 4).rets).toEqual([4]);
    expect(h.cellsAt(BUF, 1)).toEqual([1]);
    expect(h.ci('getproplen', 2, 1, CHOSEN, 'qemu,boot-kernel').rets).toEqual([16]);
    expect(h.ci('getproplen', 2, 1, CHOSEN, 'nonexistent').rets).toEqual([ERR]);
    expect(h.ci('getprop', 4, 1, CHOSEN, 'nonexistent', BUF, 4).rets).toEqual([ERR]);
    expect(h.ci('getprop', 4, 1, BAD, 'name', BUF, 16).rets).toEqual([ERR]);
  });
  it('synthesised "name" (no property): node name up to @ plus NUL', () => {
    const h = bootHarness();
    h.ram.fill(0x55, BUF, BUF + 16);
    expect(h.ci('getprop', 4, 1, OPENPROM, 'name', BUF, 32).rets).toEqual([9]);
    expect([...h.get(BUF, 10)]).toEqual([...new TextEncoder().encode('openprom'), 0, 0x55]);
    h.ram.fill(0x55, BUF, BUF + 16);
    expect(h.ci('getprop', 4, 1, RTAS, 'name', BUF, 5).rets).toEqual([5]);
    expect([...h.get(BUF, 6)]).toEqual([...new TextEncoder().encode('rtas'), 0, 0x55]);
    expect(h.ci('getproplen', 2, 1, RTAS, 'name').rets).toEqual([5]);
  });
  it('copies min(len, buflen) and returns the full length', () => {
    const h = bootHarness();
    h.ram.fill(0x55, BUF, BUF + 16);
    expect(h.ci('getprop', 4, 1, MEMORY, 'name', BUF, 3).rets).toEqual([7]);
    expect(new TextDecoder().decode(h.get(BUF, 4))).toBe('memU');
  });
  it('a property name of 65+ characters → -1', () => {
    const h = bootHarness();
    expect(h.ci('getprop', 4, 1, CHOSEN, 'n'.repeat(65), BUF, 4).rets).toEqual([ERR]);
    expect(h.ci('getproplen', 2, 1, CHOSEN, 'n'.repeat(65)).rets).toEqual([ERR]);
  });
  it('a destination outside RAM → -1 (no host exception)', () => {
    const h = bootHarness({ ramSize: 64 * MiB });
    expect(h.ci('getprop', 4, 1, CHOSEN, 'bootargs', 64 * MiB - 0, 16).rets).toEqual([ERR]);
    expect(h.ci('getprop', 4, 1, 1, 'CODEGEN,description', 64 * MiB - 4, 0xffffffff).rets).toEqual([ERR]);
    // buflen 0 writes nothing and still reports the length
    expect(h.ci('getprop', 4, 1, CHOSEN, 'stdout', 0xfffffff0, 0).rets).toEqual([4]);
  });
});

describe('tree walking (vector 27)', () => {
  const h = bootHarness();
  it.each([
    ['peer', 0, 1],
    ['parent', 1, 0],
    ['child', 1, 2],
    ['parent', CHOSEN, 1],
    ['child', CHOSEN, 0],
    ['peer', CHOSEN, 4],
    ['peer', BAD, 0],
    ['parent', BAD, 0],
    ['peer', 0x1b, 0], // last child of /pci@c0000000
    ['peer', 0x1a, 0], // last child of /
    ['child', 9, 0xa],
  ])('%s(%s) → %s', (service, ph, want) => {
    expect(h.ci(service, 1, 1, ph).rets).toEqual([want]);
  });
  it('[ppcjit] child of a bad phandle is 0 (QEMU returns the root, 1)', () => {
    expect(h.ci('child', 1, 1, BAD).rets).toEqual([0]);
    expect(h.ci('child', 1, 1, 0).rets).toEqual([0]);
  });
});

describe('nextprop (vector 28)', () => {
  it('iterates in FDT order, newest setprop first', () => {
    const h = bootHarness({ bootargs: 'x' });
    const names = (ph: number) => {
      const out: string[] = [];
      let prev = '';
      for (;;) {
        const r = h.ci('nextprop', 3, 1, ph, prev, BUF);
        if (r.rets[0] !== 1) break;
        prev = h.cstr(BUF);
        out.push(prev);
      }
      return out;
    };
    expect(names(CHOSEN)).toEqual(['stdout', 'phandle', 'qemu,boot-kernel', 'name', 'bootargs']);
    expect(names(MEMORY)).toEqual(['available', 'phandle', 'name', 'device_type', 'reg']);
    h.ci('setprop', 4, 1, CHOSEN, 'qemu-test', 'abc', 4);
    expect(names(CHOSEN)[0]).toBe('qemu-test');
    h.ci('setprop', 4, 1, CHOSEN, 'bootargs', 'replaced', 9); // replace keeps the position
    expect(names(CHOSEN).at(-1)).toBe('bootargs');
  });
  it('bad phandle / unknown prev / end → 0; unreadable prev → -1; bad buffer → -1', () => {
    const h = bootHarness({ ramSize: 64 * MiB });
    expect(h.ci('nextprop', 3, 1, BAD, '', BUF).rets).toEqual([0]);
    expect(h.ci('nextprop', 3, 1, CHOSEN, 'nonexistent', BUF).rets).toEqual([0]);
    expect(h.ci('nextprop', 3, 1, CHOSEN, 'bootargs', BUF).rets).toEqual([0]);
    expect(h.ci('nextprop', 3, 1, CHOSEN, 'p'.repeat(70), BUF).rets).toEqual([ERR]);
    expect(h.ci('nextprop', 3, 1, CHOSEN, 0xfffffff0, BUF).rets).toEqual([ERR]);
    expect(h.ci('nextprop', 3, 1, CHOSEN, '', 64 * MiB - 2).rets).toEqual([ERR]);
  });
});

describe('paths and instances (vectors 29–31)', () => {
  it('[ppcjit] package-to-path clamps to buflen and returns the full length', () => {
    const h = bootHarness();
    h.ram.fill(0x55, BUF, BUF + 16);
    expect(h.ci('package-to-path', 3, 1, CHOSEN, BUF, 4).rets).toEqual([8]);
    expect([...h.get(BUF, 5)]).toEqual([0x2f, 0x63, 0x68, 0x6f, 0x55]); // "/cho" then untouched
    expect(h.ci('package-to-path', 3, 1, 0x19, BUF, 64).rets).toEqual([31]);
    expect(h.cstr(BUF)).toBe('/pci@80000000/pci1106,3068@c,6');
    expect(h.ci('package-to-path', 3, 1, BAD, BUF, 64).rets).toEqual([ERR]);
    expect(h.ci('package-to-path', 3, 1, 1, BUF, 64).rets).toEqual([2]);
    expect(h.cstr(BUF)).toBe('/');
  });
  it('instance-to-path / instance-to-package / open / close', () => {
    const h = bootHarness();
    expect(h.ci('instance-to-path', 3, 1, 1, BUF, 64).rets).toEqual([10]);
    expect(h.cstr(BUF)).toBe('/failsafe');
    h.ram.fill(0x55, BUF, BUF + 16);
    expect(h.ci('instance-to-path', 3, 1, 1, BUF, 2).rets).toEqual([10]);
    expect([...h.get(BUF, 3)]).toEqual([0x2f, 0x66, 0x55]);
    expect(h.ci('instance-to-path', 3, 1, BAD, BUF, 64).rets).toEqual([ERR]);
    expect(h.ci('instance-to-package', 1, 1, 1).rets).toEqual([FAILSAFE]);
    expect(h.ci('open', 1, 1, '/failsafe').rets).toEqual([2]);
    expect(h.ci('instance-to-package', 1, 1, 2).rets).toEqual([FAILSAFE]);
    expect(h.ci('close', 1, 0, 2)).toEqual({ status: 0, rets: [] });
    expect(h.ci('instance-to-package', 1, 1, 2).rets).toEqual([ERR]);
    expect(h.ci('close', 1, 0, 2).status).toBe(0); // closing again: only traced
    expect(h.ci('open', 1, 1, '/nonexistent').rets).toEqual([ERR]);
    expect(h.ci('open', 1, 1, '/').rets).toEqual([3]); // ihandles are never recycled
    expect(h.ci('instance-to-package', 1, 1, BAD).rets).toEqual([ERR]);
    expect(h.ci('open', 1, 1, '/PCI@80000000').rets).toEqual([ERR]); // only unit addresses are lower-cased
  });
});

describe('write (vector 32)', () => {
  it('[ppcjit] returns len and reaches the console (QEMU returns 0 and prints nothing)', () => {
    const h = bootHarness();
    expect(h.ci('write', 3, 1, 1, 'hello\n', 6).rets).toEqual([6]);
    expect(new TextDecoder().decode(new Uint8Array(h.console))).toBe('hello\n');
    expect(h.ci('write', 3, 1, 1, 'x', 0).rets).toEqual([0]);
    expect(h.ci('write', 3, 1, BAD, 'x', 1).rets).toEqual([ERR]);
  });
  it('a second instance of /failsafe also reaches the console; other packages do not', () => {
    const h = bootHarness();
    const ih = h.ci('open', 1, 1, '/failsafe').rets[0];
    h.ci('write', 3, 1, ih, 'a', 1);
    const rtas = h.ci('open', 1, 1, '/rtas').rets[0];
    expect(h.ci('write', 3, 1, rtas, 'b', 1).rets).toEqual([1]);
    expect(String.fromCharCode(...h.console)).toBe('a');
  });
  it('a source running past RAM → -1', () => {
    const h = bootHarness({ ramSize: 64 * MiB });
    expect(h.ci('write', 3, 1, 1, 64 * MiB - 4, 8).rets).toEqual([ERR]);
    expect(h.ci('write', 3, 1, 1, 0, 0xffffffff).rets).toEqual([ERR]);
    expect(h.console).toEqual([]);
  });
});

describe('claim / release and /memory@0 available (vectors 33–36)', () => {
  const available = (h: ReturnType<typeof bootHarness>) => {
    const n = h.ci('getprop', 4, 1, MEMORY, 'available', BUF, 512).rets[0];
    return h.cellsAt(BUF, n / 4);
  };
  it('initial available', () => {
    const h = bootHarness();
    expect(available(h)).toEqual([0xda0, 0x7260, 0x10000, 0x3f0000, 0x40cf50, 0x1fbf30b0]);
  });
  it('aligned claims bump-allocate above the highest claim; exact claims must be free', () => {
    const h = bootHarness();
    const claim = (v: number, s: number, a: number) => h.ci('claim', 3, 1, v, s, a).rets[0];
    expect(claim(0, 0x1000, 0x1000)).toBe(0x40d000);
    expect(claim(0, 0x1000, 0x1000)).toBe(0x40e000);
    expect(claim(0, 0x3000, 0x10)).toBe(0x40f000);
    expect(claim(0x400000, 0x1000, 0)).toBe(ERR);
    expect(claim(0x800000, 0x10000, 0)).toBe(0x800000);
    expect(claim(0x800000, 0x10000, 0)).toBe(ERR);
    expect(claim(0x900000, 0, 0)).toBe(ERR);
    // QEMU: 0x40cf50 0xb0 0x40e000 0 0x40f000 0 0x412000 0x3ee000 … — [ppcjit] no empty ranges
    expect(available(h)).toEqual([
      0xda0, 0x7260, 0x10000, 0x3f0000, 0x40cf50, 0xb0, 0x412000, 0x3ee000, 0x810000, 0x1f7f0000,
    ]);
  });
  it('[ppcjit] a claim beyond RAM fails (QEMU grants 0x1FF00000+0x200000 on 512 MiB)', () => {
    const h = bootHarness();
    expect(h.ci('claim', 3, 1, 0x1ff00000, 0x200000, 0).rets).toEqual([ERR]);
    expect(h.ci('claim', 3, 1, 0xfffff000, 0x2000, 0).rets).toEqual([ERR]);
    expect(h.ci('claim', 3, 1, 0x1ff00000, 0x100000, 0).rets).toEqual([0x1ff00000]);
    expect(available(h).slice(-2)).toEqual([0x40cf50, 0x1ff00000 - 0x40cf50]);
  });
  it('[ppcjit] a too-big aligned claim fails without poisoning the allocator', () => {
    const h = bootHarness();
    expect(h.ci('claim', 3, 1, 0, 0x40000000, 0x1000).rets).toEqual([ERR]);
    expect(h.ci('claim', 3, 1, 0, 0x1000, 0x1000).rets).toEqual([0x40d000]); // QEMU: -1 from now on
  });
  it('release needs an exact (start, size); nret 0 writes nothing', () => {
    const h = bootHarness();
    h.ci('claim', 3, 1, 0x800000, 0x10000, 0);
    expect(h.ci('release', 2, 1, 0x800000, 0x8000).rets).toEqual([ERR]);
    expect(h.ci('release', 2, 1, 0x800000, 0x10000)).toEqual({ status: 0, rets: [0] });
    expect(h.ci('release', 2, 1, 0x800000, 0x10000).rets).toEqual([ERR]);
    const r = h.ci('release', 2, 0, 0x900000, 0x10);
    expect(r).toEqual({ status: 0, rets: [] });
    expect(h.cellsAt(BLOCK + 20, 1)).toEqual([0xcccccccc]);
    expect(available(h)).toEqual([0xda0, 0x7260, 0x10000, 0x3f0000, 0x40cf50, 0x1fbf30b0]);
  });
  it('[ppcjit] releasing the firmware claim works (QEMU asserts); available then starts at 0', () => {
    const h = bootHarness();
    expect(h.ci('release', 2, 1, 0, 0xda0).rets).toEqual([0]);
    expect(available(h)).toEqual([0, 0x8000, 0x10000, 0x3f0000, 0x40cf50, 0x1fbf30b0]);
  });
  it('a stepped aligned claim skips over claimed ranges by size (QEMU loop)', () => {
    const h = bootHarness({ kernel: null });
    // cursor starts at 0x10000 (end of the stack claim); block [0x11000, 0x12000) first
    expect(h.ci('claim', 3, 1, 0x11000, 0x1000, 0).rets).toEqual([0x11000]);
    expect(h.ci('claim', 3, 1, 0, 0x1800, 0x1000).rets).toEqual([0x12000]);
  });
});

describe('setprop (vector 37)', () => {
  it('stores, reads back, refuses oversize and bad handles, and after quiesce', () => {
    const h = bootHarness();
    expect(h.ci('setprop', 4, 1, CHOSEN, 'qemu-test', 'abc', 4).rets).toEqual([4]);
    expect(h.ci('getprop', 4, 1, CHOSEN, 'qemu-test', BUF, 16).rets).toEqual([4]);
    expect(h.cstr(BUF)).toBe('abc');
    expect(h.ci('setprop', 4, 1, CHOSEN, 'big', 0x40000, 2049).rets).toEqual([ERR]);
    expect(h.ci('setprop', 4, 1, CHOSEN, 'big', 0x40000, 2048).rets).toEqual([2048]);
    expect(h.ci('setprop', 4, 1, BAD, 'x', 'abc', 4).rets).toEqual([ERR]);
    expect(h.ci('setprop', 4, 1, CHOSEN, 'empty', 0, 0).rets).toEqual([0]);
    expect(h.ci('quiesce', 0, 0)).toEqual({ status: 0, rets: [] });
    expect(h.ci('setprop', 4, 1, CHOSEN, 'qemu-test2', 'abcdefgh', 9).rets).toEqual([ERR]);
    expect(h.ci('finddevice', 1, 1, '/chosen').rets).toEqual([CHOSEN]);
  });
  it('a value running past RAM → -1', () => {
    const h = bootHarness({ ramSize: 64 * MiB });
    expect(h.ci('setprop', 4, 1, CHOSEN, 'x', 64 * MiB - 2, 4).rets).toEqual([ERR]);
  });
  it('[ppcjit] refuses the setprops that make QEMU abort (§3.9)', () => {
    const h = bootHarness();
    h.put(0x40000, new Uint8Array([0, 0, 0, 3, 0, 0, 0, 0, 0x20, 0, 0, 0]));
    expect(h.ci('setprop', 4, 1, 1, '#address-cells', 0x40000, 4).rets).toEqual([ERR]);
    expect(h.ci('setprop', 4, 1, MEMORY, 'reg', 0x40000, 12).rets).toEqual([ERR]);
    expect(h.ci('setprop', 4, 1, CHOSEN, 'phandle', 0x40004, 4).rets).toEqual([ERR]);
    expect(h.ci('claim', 3, 1, 0x900000, 0x1000, 0).rets).toEqual([0x900000]);
  });
});

describe('call-method, interpret, milliseconds, exit (vectors 38–43)', () => {
  it('interpret always fails, rets[1] = 0', () => {
    const h = bootHarness();
    expect(h.ci('interpret', 1, 2, '1 2 +')).toEqual({ status: 0, rets: [ERR, 0] });
  });
  it('call-method of anything else → -1, 0', () => {
    const h = bootHarness();
    const root = h.ci('open', 1, 1, '/').rets[0];
    const rtas = h.ci('open', 1, 1, '/rtas').rets[0];
    expect(h.ci('call-method', 2, 2, 'foo', root)).toEqual({ status: 0, rets: [ERR, 0] });
    expect(h.ci('call-method', 2, 2, 'foo', 0)).toEqual({ status: 0, rets: [ERR, 0] });
    expect(h.ci('call-method', 2, 2, 'foo', rtas)).toEqual({ status: 0, rets: [ERR, 0] });
    expect(h.ci('call-method', 2, 2, 'foo', BAD)).toEqual({ status: 0, rets: [ERR, 0] });
  });
  it('[ppcjit] ibm,client-architecture-support on / → -1 (QEMU asserts on pegasos2)', () => {
    const h = bootHarness();
    const root = h.ci('open', 1, 1, '/').rets[0];
    expect(h.ci('call-method', 3, 2, 'ibm,client-architecture-support', root, 0x1000)).toEqual({
      status: 0,
      rets: [ERR, 0],
    });
  });
  it('instantiate-rtas copies the blob and returns 0, rtas-base (vector 40, also via direct sc 1)', () => {
    const h = bootHarness();
    const rtas = h.ci('open', 1, 1, '/rtas').rets[0];
    expect(h.ci('call-method', 3, 2, 'instantiate-rtas', rtas, 0x700000)).toEqual({ status: 0, rets: [0, 0x700000] });
    expect(h.cellsAt(0x700000, 6)).toEqual([0x7c641b78, 0x3c600000, 0x6063f000, 0x44000022, 0x4e800020, 0]);
  });
  it('instantiate-rtas to a base outside RAM → H_PARAMETER', () => {
    const h = bootHarness({ ramSize: 64 * MiB });
    expect(h.ci('call-method', 3, 2, 'instantiate-rtas', 2, 64 * MiB - 8).status).toBe(H_PARAMETER);
  });
  it('milliseconds reads the machine clock', () => {
    let now = 17;
    const h = bootHarness({ milliseconds: () => now });
    expect(h.ci('milliseconds', 0, 1).rets).toEqual([17]);
    now = 0x1c;
    expect(h.ci('milliseconds', 0, 1).rets).toEqual([0x1c]);
  });
  it('exit signals the machine and returns status 0', () => {
    const h = bootHarness();
    expect(h.ci('exit', 0, 0)).toEqual({ status: 0, rets: [] });
    expect(h.exited()).toBe(true);
    expect(h.vof.exitRequested).toBe(true);
  });
});

describe('machine hooks (for pseries later)', () => {
  const make = (extra: Partial<VofOptions>) => {
    const ram = new Uint8Array(16 * MiB);
    const tree = pegasos2Tree({ ramSize: ram.length });
    const vof = new Vof({
      tree,
      memory: arrayMemory(ram),
      console: { write: () => {} },
      rtasBlob: rtasBlob('vhyp'),
      ...extra,
    });
    vof.buildDeviceTree();
    const call = (service: string, nargs: number, nret: number, ...args: Array<number | string>) => {
      let at = 0x21000;
      const view = new DataView(ram.buffer);
      const place = (s: string) => {
        const p = at;
        ram.set(new TextEncoder().encode(`${s}\0`), p);
        at += 0x100;
        return p;
      };
      [place(service), nargs, nret, ...args.map((a) => (typeof a === 'string' ? place(a) : a))].forEach((c, i) =>
        view.setUint32(0x20000 + 4 * i, c >>> 0),
      );
      const status = vof.clientCall(0x20000);
      return { status, rets: Array.from({ length: nret }, (_, i) => view.getUint32(0x20000 + 12 + 4 * (nargs + i))) };
    };
    return { vof, call };
  };
  it('CAS on "/" calls the hook with the option vector; other paths do not', () => {
    const seen: number[] = [];
    const { call } = make({
      clientArchitectureSupport: (ov) => {
        seen.push(ov);
        return 0x1234;
      },
    });
    const root = call('open', 1, 1, '/').rets[0];
    expect(call('call-method', 3, 2, 'ibm,client-architecture-support', root, 0x5000)).toEqual({
      status: 0,
      rets: [0x1234, 0],
    });
    const chosen = call('open', 1, 1, '/chosen').rets[0];
    expect(call('call-method', 3, 2, 'ibm,client-architecture-support', chosen, 0x5000).rets).toEqual([ERR, 0]);
    expect(seen).toEqual([0x5000]);
  });
  it('setprop filter can refuse; quiesce and exit hooks run', () => {
    let quiesced = false;
    const { call, vof } = make({
      setpropFilter: (path, name) => !(path === '/chosen' && name === 'locked'),
      onQuiesce: () => {
        quiesced = true;
      },
    });
    expect(call('setprop', 4, 1, 3, 'locked', 'x', 2).rets).toEqual([ERR]);
    expect(call('setprop', 4, 1, 3, 'free', 'x', 2).rets).toEqual([2]);
    call('quiesce', 0, 0);
    expect(quiesced).toBe(true);
    // after quiesce only same-size replacements fit (libfdt fdt_splice_ after fdt_pack)
    expect(call('setprop', 4, 1, 3, 'free', 'y', 2).rets).toEqual([2]);
    expect(call('setprop', 4, 1, 3, 'free', 'longer', 7).rets).toEqual([ERR]);
    expect(vof.exitRequested).toBe(false);
  });
  it('milliseconds defaults to a monotonic host clock', () => {
    const { call } = make({});
    const a = call('milliseconds', 0, 1).rets[0];
    const b = call('milliseconds', 0, 1).rets[0];
    expect(b).toBeGreaterThanOrEqual(a);
    expect(a).toBeLessThan(10_000);
  });
});
