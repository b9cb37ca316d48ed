import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCpuModel } from '../../../src/cpu/models.js';
import { UserError } from '../../../src/errors.js';
import { AT_FDCWD } from '../../../src/machine/linux-user/abi.js';
import { MMAP_BASE, STACK_BOTTOM, STACK_TOP, TRAMPOLINE } from '../../../src/machine/linux-user/address-space.js';
import { createInitProcess } from '../../../src/machine/linux-user/kernel.js';
import { AT, loadProgram } from '../../../src/machine/linux-user/loader.js';
import { R } from '../../../src/runtime/cpu-state.js';
import { Prot } from '../../../src/runtime/flat-memory.js';
import { MSR } from '../../../src/runtime/interrupts.js';
import { tinyElf } from '../elf-builder.js';
import { dynamicElf, testProcess } from './helpers.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'linux-user', 'bin');
const elfBytes = readFileSync(join(FIXTURES, 'auxv'));

function auxv(p: ReturnType<typeof testProcess>, sp: number) {
  const argc = p.um.u32(sp);
  let at = sp + 4 + 4 * (argc + 1);
  while (p.um.u32(at) !== 0) at += 4;
  at += 4;
  const entries: [number, number][] = [];
  for (;;) {
    const type = p.um.u32(at);
    entries.push([type, p.um.u32(at + 4)]);
    at += 8;
    if (type === AT.NULL) return entries;
  }
}

describe('loader and initial stack', () => {
  it('lays out argc, argv, envp and the auxv qemu-ppc gives (750)', () => {
    const p = testProcess('750');
    const loaded = loadProgram(p, elfBytes, ['prog', 'a b', ''], ['X=1', 'Y=2']);
    const sp = p.s.gpr[1] >>> 0;
    expect(sp % 16).toBe(0);
    expect(sp).toBeLessThan(STACK_TOP);
    expect(sp).toBeGreaterThan(STACK_BOTTOM);
    expect(p.um.u32(sp)).toBe(3);
    expect([1, 2, 3].map((i) => p.um.cstring(p.um.u32(sp + 4 * i)))).toEqual(['prog', 'a b', '']);
    expect(p.um.u32(sp + 16)).toBe(0);
    expect([5, 6].map((i) => p.um.cstring(p.um.u32(sp + 4 * i)))).toEqual(['X=1', 'Y=2']);
    expect(p.um.u32(sp + 28)).toBe(0);
    const aux = new Map(auxv(p, sp));
    expect(aux.get(AT.PHDR)).toBe(loaded.phdr);
    expect(aux.get(AT.PHENT)).toBe(32);
    expect(aux.get(AT.PHNUM)).toBe(loaded.elf.programHeaders.length);
    expect(aux.get(AT.PAGESZ)).toBe(4096);
    expect(aux.get(AT.ENTRY)).toBe(loaded.elf.entry);
    expect(aux.get(AT.HWCAP)).toBe(0x08000000);
    expect(aux.get(AT.CLKTCK)).toBe(100);
    expect(aux.get(AT.DCACHEBSIZE)).toBe(32);
    expect(aux.get(AT.ICACHEBSIZE)).toBe(32);
    expect(aux.has(AT.PLATFORM)).toBe(false); // qemu-ppc gives none
    expect(p.um.cstring(aux.get(AT.EXECFN)!)).toBe('prog');
    expect(p.um.read(aux.get(AT.RANDOM)!, 16).length).toBe(16);
    // The ELF header's program headers are readable at AT_PHDR (glibc reads PT_TLS there).
    expect(p.um.u32(loaded.phdr)).toBe(loaded.elf.programHeaders[0].type);
    expect(p.s.pc).toBe(loaded.elf.entry);
    expect(p.s.r[R.MSR]).toBe(MSR.PR | MSR.EE | MSR.IR | MSR.DR | MSR.ME | MSR.FP);
  });
  it('7450: AltiVec hwcap and MSR[VEC]', () => {
    const p = testProcess('7450');
    loadProgram(p, elfBytes, ['x'], []);
    expect(new Map(auxv(p, p.s.gpr[1] >>> 0)).get(AT.HWCAP)).toBe(0x18000000);
    expect(p.s.r[R.MSR] & MSR.VEC).toBe(MSR.VEC);
  });
  it('maps segments with their protections, the stack RW with a guard below, and the trampoline', () => {
    const p = testProcess();
    const loaded = loadProgram(p, elfBytes, ['x'], []);
    const text = loaded.elf.programHeaders.find((ph) => ph.type === 1 && ph.flags & 1)!;
    expect(p.mem.prot[text.vaddr >>> 12]).toBe(Prot.Read | Prot.Exec);
    expect(p.mem.fetch(loaded.elf.entry)).toBe(
      new DataView(elfBytes.buffer, elfBytes.byteOffset).getInt32(text.offset + loaded.elf.entry - text.vaddr),
    );
    expect(p.mem.prot[(STACK_TOP - 4096) >>> 12] & Prot.RW).toBe(Prot.RW);
    expect(p.mem.prot[(STACK_BOTTOM - 4096) >>> 12]).toBe(Prot.None);
    expect(p.mem.fetch(TRAMPOLINE) >>> 0).toBe(0x38000000 + 172); // li r0, __NR_rt_sigreturn
    expect(p.as.brkStart % 4096).toBe(0);
  });
  it('refuses a missing interpreter and non-ELF files with one-line UserErrors', () => {
    expect(() => loadProgram(testProcess(), dynamicElf('/nonexistent/ld.so.1'), ['x'], [])).toThrow(
      new UserError('x: cannot open its interpreter /nonexistent/ld.so.1: ENOENT (try -L)'),
    );
    expect(() => loadProgram(testProcess(), Buffer.from('#!/bin/sh\n'), ['x'], [])).toThrow(UserError);
  });
});

describe('dynamic executables', () => {
  const root = mkdtempSync(join(tmpdir(), 'ppcjit-ldprefix-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // A position-independent "ld.so.1" (ET_DYN at 0) that exits with status 42: li r0,1; li r3,42; sc.
  const interp = tinyElf([0x38000001, 0x3860002a, 0x44000002], 0);
  new DataView(interp.buffer).setUint16(16, 3);
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'ld-test.so.1'), interp);
  const main = dynamicElf('/lib/ld-test.so.1');
  const start = () => {
    const p = createInitProcess({ model: findCpuModel('750'), exePath: '/test/prog', ldPrefix: root });
    return { p, loaded: loadProgram(p, main, ['prog'], []) };
  };

  it('loads PT_INTERP under the -L prefix into the mmap area and starts there, AT_BASE/AT_ENTRY/AT_PHDR as Linux', () => {
    const { p, loaded } = start();
    const aux = new Map(auxv(p, p.s.gpr[1] >>> 0));
    const base = aux.get(AT.BASE)!;
    expect(base).toBe(MMAP_BASE);
    expect(p.s.pc).toBe(base); // the interpreter's entry (0) plus its load bias
    expect(aux.get(AT.ENTRY)).toBe(0x400000); // the program's own entry, for ld.so to jump to
    expect(aux.get(AT.PHDR)).toBe(loaded.phdr);
    expect(aux.get(AT.PHNUM)).toBe(2);
    expect(p.as.mappings()).toEqual([{ start: base, end: base + 4096 }]);
    expect(p.mem.prot[base >>> 12]).toBe(Prot.RWX);
    expect(p.auxv.at(-1)).toEqual([AT.NULL, 0]);
  });
  it('runs the interpreter', () => {
    expect(start().p.run()).toBe(42);
  });
  it('a guest absolute path names the prefixed file when it exists there, else the host file', () => {
    const { p } = start();
    expect(p.hostPath('/lib/ld-test.so.1')).toBe(join(root, 'lib', 'ld-test.so.1'));
    expect(p.hostPath('/etc/hostname-nope')).toBe('/etc/hostname-nope');
    expect(p.hostPath('/')).toBe('/');
    expect(p.resolvePath(AT_FDCWD, '/lib')).toBe(join(root, 'lib'));
  });
});
