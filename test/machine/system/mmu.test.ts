import { describe, expect, it } from 'vitest';
import { Spr } from '../../../src/cpu/spr.js';
import { Access, FaultBits, translate } from '../../../src/machine/system/mmu.js';
import { CpuState, R } from '../../../src/runtime/cpu-state.js';
import { MSR } from '../../../src/runtime/interrupts.js';

class Ram {
  readonly dv = new DataView(new ArrayBuffer(1 << 22));
  read32(pa: number) {
    return this.dv.getInt32(pa, false);
  }
  write32(pa: number, v: number) {
    this.dv.setInt32(pa, v, false);
  }
}

const HTAB = 0x100000; // 64 KiB table, HTABMASK 0

/** Writes a PTE the way Linux's hash_page does, into the primary or secondary PTEG. */
function addPte(ram: Ram, vsid: number, ea: number, rpn: number, pp: number, secondary = false, slot = 0) {
  const pageIndex = (ea >>> 12) & 0xffff;
  let hash = ((vsid & 0x7ffff) ^ pageIndex) & 0x7ffff;
  if (secondary) hash = ~hash & 0x7ffff;
  const pteg = HTAB | ((hash & 0x3ff) << 6);
  const w0 = 0x80000000 | (vsid << 7) | ((secondary ? 1 : 0) << 6) | (pageIndex >>> 10);
  ram.write32(pteg + slot * 8, w0);
  ram.write32(pteg + slot * 8 + 4, (rpn & 0xfffff000) | pp);
  return pteg + slot * 8;
}

function kernelState(): CpuState {
  const s = new CpuState();
  s.r[R.MSR] = MSR.IR | MSR.DR;
  s.spr[Spr.SDR1] = HTAB;
  // DBAT0/IBAT0: 0xC0000000 → 0, 256 MiB (BL = 0x7ff), supervisor valid, read-write.
  for (const u of [Spr.DBAT0U, Spr.IBAT0U]) {
    s.spr[u] = 0xc0000000 | (0x7ff << 2) | 2 | 0;
    s.spr[u + 1] = 0x00000002;
  }
  return s;
}

describe('OEA translation', () => {
  it('maps through a BAT with the block offset kept', () => {
    const s = kernelState();
    const ram = new Ram();
    expect(translate(s, ram, 0xc0123456, Access.Read)).toEqual({ pa: 0x123456, page: 0x123000, writable: true });
    expect(translate(s, ram, 0xc0123456, Access.Execute)).toMatchObject({ pa: 0x123456 });
  });

  it('a BAT valid only for supervisor does not map problem state', () => {
    const s = kernelState();
    s.r[R.MSR] |= MSR.PR;
    s.sr[0xc] = 0x00000c00;
    expect(translate(s, new Ram(), 0xc0000000, Access.Read)).toEqual({ fault: FaultBits.NotFound });
  });

  it('walks the primary and the secondary PTEG and sets R and C', () => {
    const s = kernelState();
    const ram = new Ram();
    s.sr[1] = 0x00000123;
    const pte = addPte(ram, 0x123, 0x10005000, 0x00345000, 2);
    expect(translate(s, ram, 0x10005abc, Access.Read)).toEqual({ pa: 0x345abc, page: 0x345000, writable: false });
    expect(ram.read32(pte + 4) & 0x180).toBe(0x100);
    translate(s, ram, 0x10005abc, Access.Write);
    expect(ram.read32(pte + 4) & 0x180).toBe(0x180);
    addPte(ram, 0x123, 0x10006000, 0x00346000, 2, true, 3);
    expect(translate(s, ram, 0x10006010, Access.Read)).toMatchObject({ pa: 0x346010 });
  });

  it('reports a missing PTE, store faults and protection by segment key', () => {
    const s = kernelState();
    const ram = new Ram();
    s.sr[1] = 0x20000123; // Kp = 1
    addPte(ram, 0x123, 0x10005000, 0x00345000, 1); // PP=01: key 1 read-only
    expect(translate(s, ram, 0x10007000, Access.Write)).toEqual({ fault: FaultBits.NotFound | FaultBits.Store });
    s.r[R.MSR] |= MSR.PR;
    expect(translate(s, ram, 0x10005000, Access.Read)).toMatchObject({ pa: 0x345000 });
    expect(translate(s, ram, 0x10005000, Access.Write)).toEqual({ fault: FaultBits.Protection | FaultBits.Store });
    s.r[R.MSR] &= ~MSR.PR; // Ks = 0: PP=01 is read-write for the supervisor
    expect(translate(s, ram, 0x10005000, Access.Write)).toMatchObject({ pa: 0x345000 });
  });

  it('refuses to execute from a no-execute segment', () => {
    const s = kernelState();
    const ram = new Ram();
    s.sr[1] = 0x10000123;
    addPte(ram, 0x123, 0x10005000, 0x00345000, 2);
    expect(translate(s, ram, 0x10005000, Access.Execute)).toEqual({ fault: FaultBits.NoExecute });
  });
});
