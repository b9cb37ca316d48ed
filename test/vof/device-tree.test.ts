import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CPU_7400, pegasos2Tree } from '../../src/machine/pegasos2/device-tree.js';
import { cells, DeviceTree, parseFdt, str, toFdt } from '../../src/vof/device-tree.js';
import { compareFdt } from './fdt-compare.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('DeviceTree', () => {
  const tree = new DeviceTree();
  const pci = tree.root.addChild('pci@80000000');
  const isa = pci.addChild('isa@c');
  const serial = isa.addChild('serial@i2f8');
  tree.root.addChild('memory@0');
  const aliases = tree.root.addChild('aliases');
  aliases.appendProp('com2', str('/pci@80000000/isa@c/serial@i2f8'));

  it('finds paths with and without unit addresses, and through aliases', () => {
    expect(tree.findPath('/')).toBe(tree.root);
    expect(tree.findPath('/pci@80000000/isa@c/serial@i2f8')).toBe(serial);
    expect(tree.findPath('/pci/isa/serial')).toBe(serial);
    expect(tree.findPath('/memory')?.name).toBe('memory@0');
    expect(tree.findPath('/memory@1')).toBeUndefined();
    expect(tree.findPath('com2')).toBe(serial);
    expect(tree.findPath('com2/x')).toBeUndefined();
    expect(tree.findPath('nope')).toBeUndefined();
    expect(serial.path()).toBe('/pci@80000000/isa@c/serial@i2f8');
    expect(serial.baseName).toBe('serial');
    expect(serial.unitAddress).toBe('i2f8');
  });
  it('new properties go in front, replaced ones keep their place (libfdt)', () => {
    const n = tree.root.addChild('x');
    n.appendProp('a', cells(1));
    n.appendProp('b', cells(2));
    n.setProp('c', cells(3));
    n.setProp('a', cells(4));
    expect(n.props.map((p) => p.name)).toEqual(['c', 'a', 'b']);
    expect(n.getProp('a')).toEqual(cells(4));
  });
  it('assigns phandles in FDT order', () => {
    const t = new DeviceTree();
    t.root.addChild('a').addChild('b');
    t.root.addChild('c');
    t.assignPhandles();
    expect(t.nodes().map((n) => [n.path(), n.phandle])).toEqual([
      ['/', 1],
      ['/a', 2],
      ['/a/b', 3],
      ['/c', 4],
    ]);
    expect(t.byPhandle(3)?.path()).toBe('/a/b');
    expect(t.byPhandle(0)).toBeUndefined();
    expect(t.byPhandle(0xffffffff)).toBeUndefined();
  });
  it('FDT round trip keeps nodes, properties and order', () => {
    const blob = toFdt(tree);
    const back = parseFdt(blob);
    expect(back.nodes().map((n) => n.path())).toEqual(tree.nodes().map((n) => n.path()));
    expect(toFdt(back)).toEqual(blob);
  });
  it('rejects malformed blobs with an FdtParseError', () => {
    expect(() => parseFdt(new Uint8Array(8))).toThrow(/magic/);
    const blob = toFdt(tree);
    expect(() => parseFdt(blob.slice(0, 80))).toThrow();
  });
});

describe('pegasos2 tree equals QEMU 7.2 dumpdtb output (committed fixtures)', () => {
  const cases: Array<[string, Parameters<typeof pegasos2Tree>[0]]> = [
    [
      'pegasos2-qemu72-512M-hello.dtb',
      { ramSize: 512 << 20, bootargs: 'hello world', kernel: { entry: 0x400000, size: 0xcf50 } },
    ],
    ['pegasos2-qemu72-512M-noappend.dtb', { ramSize: 512 << 20, kernel: { entry: 0x400000, size: 0xcf50 } }],
    [
      'pegasos2-qemu72-256M-7447a.dtb',
      {
        ramSize: 256 << 20,
        bootargs: '',
        cpu: { ...CPU_7400, pvr: 0x80030102 },
        kernel: { entry: 0x400000, size: 0xcf50 },
      },
    ],
  ];
  it.each(cases)('%s', (name, options) => {
    // QEMU writes a 1 MiB blob (totalsize); the fixtures are trimmed to the used part (the rest is 0).
    const want = new Uint8Array(1 << 20);
    want.set(fixture(name));
    const got = toFdt(pegasos2Tree(options), { totalSize: 1 << 20 });
    const diff = compareFdt(want, got);
    expect(diff.sameLength).toBe(true);
    expect(diff.differences).toEqual([]);
  });
  it('the parsed fixture has the §3.7 node order', () => {
    const paths = parseFdt(fixture('pegasos2-qemu72-512M-hello.dtb'))
      .nodes()
      .map((n) => n.path());
    expect(paths.length).toBe(27);
    expect(paths.slice(0, 9)).toEqual([
      '/',
      '/openprom',
      '/chosen',
      '/memory@0',
      '/cpus',
      '/cpus/PowerPC,G4',
      '/rtas',
      '/failsafe',
      '/pci@80000000',
    ]);
    expect(paths.at(-1)).toBe('/pci@c0000000/host@0');
  });
});
