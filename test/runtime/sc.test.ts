import { describe, expect, it } from 'vitest';
import { CPU_MODELS, findCpuModel } from '../../src/cpu/models.js';
import { Spr } from '../../src/cpu/spr.js';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { MSR_HI } from '../../src/runtime/interrupts.js';
import { EPAPR_MAGIC_R0, OSI_MAGIC_R3, OSI_MAGIC_R4, type ScMachine, selectScStub } from '../../src/runtime/sc.js';

const A = 0x3000;

function cpu(msr: number, regs: Record<number, number> = {}): CpuState {
  const s = new CpuState();
  s.r[R.MSR] = msr;
  for (const [n, v] of Object.entries(regs)) s.gpr[Number(n)] = v;
  return s;
}

/** pegasos2-style vhyp: r3 = token → r3 = result, as pegasos2_hypercall answers an unknown token. */
const pegasosHypercall = (s: CpuState) => {
  s.gpr[3] = -1;
};

function machine(cpuName: string, extra: Partial<ScMachine> = {}): ScMachine {
  return { model: findCpuModel(cpuName), ...extra };
}

describe('sc delivered as the system call interrupt (spec §4 vectors 1–7)', () => {
  const cases: [string, number, number, number, number][] = [
    // name, MSR before, vector, SRR1, MSR after
    ['1: 7400 MSR=0', 0x0, 0xc00, 0x0, 0x0],
    ['2: 7400 ME', 0x1000, 0xc00, 0x1000, 0x1000],
    ['3: 7400 ME|FP', 0x3000, 0xc00, 0x3000, 0x1000],
    ['4: 7400 PR|FP|ME', 0x7000, 0xc00, 0x7000, 0x1000],
    ['5: 7400 IP (IP kept, QEMU drops it)', 0x40, 0xfff00c00, 0x40, 0x40],
    ['6: 7400 ILE|ME (ILE kept, LE set; QEMU loses ILE)', 0x11000, 0xc00, 0x1000, 0x11001],
  ];
  for (const [name, msr, vector, srr1, after] of cases) {
    it(name, () => {
      const s = cpu(msr);
      const next = selectScStub(machine('7400'))(s, 0, A);
      expect(next).toBe(vector);
      expect(s.spr[Spr.SRR0]).toBe(A + 4);
      expect(s.spr[Spr.SRR1]).toBe(srr1);
      expect(s.r[R.MSR]).toBe(after);
    });
  }

  for (const name of ['7400', '7447a', '7450', '750', '604e', '603e']) {
    it(`7: ${name} without vhyp: sc 1 is an ordinary system call`, () => {
      const a = cpu(0x1000, { 3: 0x1234 });
      const b = cpu(0x1000, { 3: 0x1234 });
      const stub = selectScStub(machine(name));
      expect(stub(a, 1, A)).toBe(stub(b, 0, A));
      expect([a.spr[Spr.SRR0], a.spr[Spr.SRR1], a.r[R.MSR], a.gpr[3]]).toEqual([
        b.spr[Spr.SRR0],
        b.spr[Spr.SRR1],
        b.r[R.MSR],
        0x1234,
      ]);
    });
  }
});

describe('vhyp on pegasos2+VOF (spec §4 vectors 8–14)', () => {
  const vhyp = (cpuName = '7400') => selectScStub(machine(cpuName, { hypercall: pegasosHypercall }));

  it('8: sc 1 calls the machine hypercall and returns to the next instruction', () => {
    const s = cpu(0x1000, { 3: 0x1234 });
    s.spr[Spr.SRR0] = 0x55;
    expect(vhyp()(s, 1, A)).toBe(A + 4);
    expect(s.gpr[3] >>> 0).toBe(0xffffffff);
    expect([s.spr[Spr.SRR0], s.spr[Spr.SRR1], s.r[R.MSR]]).toEqual([0x55, 0, 0x1000]);
  });

  it('9: sc 2 is delivered', () => {
    const s = cpu(0x1000, { 3: 0x1234 });
    expect(vhyp()(s, 2, A)).toBe(0xc00);
    expect(s.gpr[3]).toBe(0x1234);
  });

  it('10/11: sc 3 and sc 127 are hypercalls (LEV & 1, as QEMU master)', () => {
    for (const lev of [3, 127]) {
      const s = cpu(0, { 3: 0x1234 });
      expect(vhyp()(s, lev, A)).toBe(A + 4);
      expect(s.gpr[3]).toBe(-1);
    }
  });

  it('12: from problem state the hypercall returns H_PRIVILEGE without an interrupt', () => {
    for (const token of [0xf005, 0xf000]) {
      const s = cpu(0x5000, { 3: token });
      expect(vhyp()(s, 1, A)).toBe(A + 4);
      expect(s.gpr[3] >>> 0).toBe(0xfffffffd);
      expect(s.r[R.MSR]).toBe(0x5000);
    }
  });

  it('13/14: OSI and ePAPR magic without --osi/--epapr are ordinary system calls', () => {
    const osi = cpu(0, { 3: OSI_MAGIC_R3, 4: OSI_MAGIC_R4 });
    expect(vhyp()(osi, 0, A)).toBe(0xc00);
    expect([osi.gpr[3], osi.gpr[4]]).toEqual([OSI_MAGIC_R3, OSI_MAGIC_R4]);
    const epapr = cpu(0, { 0: EPAPR_MAGIC_R0, 11: 0x002a0003 });
    expect(vhyp()(epapr, 0, A)).toBe(0xc00);
    expect(epapr.gpr[11]).toBe(0x002a0003);
  });

  it('BookE has no vhyp check: sc 1 goes to IVOR8', () => {
    const s = cpu(0, { 3: 0xf005 });
    s.spr[Spr.IVOR8] = 0x800;
    expect(vhyp('e500v2')(s, 1, A)).toBe(0x800);
    expect(s.gpr[3]).toBe(0xf005);
  });

  it('a 604e on pegasos2 takes the interrupt even for sc 1 (6xx has no vhyp check)', () => {
    const s = cpu(0, { 3: 0xf005 });
    expect(vhyp('604e')(s, 1, A)).toBe(0xc00);
    expect(s.gpr[3]).toBe(0xf005);
  });
});

describe('OSI and ePAPR interception when enabled', () => {
  it('OSI: plain sc with the magic calls the handler, any LEV and PR', () => {
    const calls: number[] = [];
    const stub = selectScStub(machine('7400', { osi: (s) => calls.push(s.gpr[5]) }));
    for (const [lev, msr] of [
      [0, 0],
      [1, 0x4000],
    ]) {
      const s = cpu(msr, { 3: OSI_MAGIC_R3, 4: OSI_MAGIC_R4, 5: 20 });
      expect(stub(s, lev, A)).toBe(A + 4);
    }
    expect(calls).toEqual([20, 20]);
    const plain = cpu(0, { 3: 1 });
    expect(stub(plain, 0, A)).toBe(0xc00);
  });

  it('ePAPR: honoured only in supervisor state', () => {
    const stub = selectScStub(
      machine('7450', {
        epapr: (s) => {
          s.gpr[3] = 0;
          s.gpr[4] = 2;
        },
      }),
    );
    const sup = cpu(0, { 0: EPAPR_MAGIC_R0, 11: 0x002a0003 });
    expect(stub(sup, 0, A)).toBe(A + 4);
    expect([sup.gpr[3], sup.gpr[4]]).toEqual([0, 2]);
    const user = cpu(0x4000, { 0: EPAPR_MAGIC_R0, 11: 0x002a0003 });
    expect(stub(user, 0, A)).toBe(0xc00);
  });
});

describe('64-bit and BookE models', () => {
  it('15: "Trying to deliver HV exception (MSR) 8 with no HV support": sc 1 on a 970 without vhyp is delivered, not an abort', () => {
    const s = cpu(0x1000);
    s.r[R.MSR_HI] = MSR_HI.SF | MSR_HI.HV;
    expect(selectScStub(machine('970fx'))(s, 1, A)).toBe(0xc00);
    expect(s.spr[Spr.SRR1]).toBe(0x1000);
    expect(s.r[R.MSR]).toBe(0x1000);
    expect(s.r[R.MSR_HI]).toBe(MSR_HI.SF | MSR_HI.HV);
  });

  it('the same abort case on a G4: sc 1 with no hypervisor state is an ordinary system call', () => {
    const s = cpu(0x1000, { 3: 0xf005 });
    expect(selectScStub(machine('7447a'))(s, 1, A)).toBe(0xc00);
    expect(s.gpr[3]).toBe(0xf005);
  });

  it('POWER9 guest (HV=0): sc 1 is a hypervisor call that sets HV; sc 0 does not', () => {
    const hv = cpu(0x1000);
    hv.r[R.MSR_HI] = MSR_HI.SF;
    expect(selectScStub(machine('power9'))(hv, 1, A)).toBe(0xc00);
    expect(hv.r[R.MSR_HI]).toBe(MSR_HI.SF | MSR_HI.HV);
    const plain = cpu(0x1000);
    plain.r[R.MSR_HI] = MSR_HI.SF;
    selectScStub(machine('power7'))(plain, 0, A);
    expect(plain.r[R.MSR_HI]).toBe(MSR_HI.SF);
  });

  it('e500v2: IVOR8 with SRR1 = MSR and CE/ME/DE kept', () => {
    const s = cpu(0x2b200 | 0x1000);
    s.spr[Spr.IVPR] = 0xfff00000 | 0;
    s.spr[Spr.IVOR8] = 0x800;
    expect(selectScStub(machine('e500v2'))(s, 1, A)).toBe(0xfff00800);
    expect(s.spr[Spr.SRR1]).toBe(0x2b200 | 0x1000);
    expect(s.r[R.MSR]).toBe(0x20000 | 0x1000 | 0x200);
  });
});

describe('Linux user mode (spec §4 vector 16)', () => {
  it('every sc is a system call on r0, whatever LEV and magic registers hold', () => {
    const seen: number[] = [];
    const stub = selectScStub(
      machine('750', {
        linuxSyscall: (s, pc) => {
          seen.push(s.gpr[0]);
          return pc + 4;
        },
        hypercall: pegasosHypercall,
      }),
    );
    for (const lev of [0, 1, 2, 3, 127])
      expect(stub(cpu(0x4000, { 0: 20, 3: OSI_MAGIC_R3, 4: OSI_MAGIC_R4 }), lev, A)).toBe(A + 4);
    expect(seen).toEqual([20, 20, 20, 20, 20]);
  });

  it('--trace-sc prints one line per sc with the path taken', () => {
    const lines: string[] = [];
    selectScStub(machine('7400', { hypercall: pegasosHypercall, trace: (l) => lines.push(l) }))(
      cpu(0, { 3: 0xf005 }),
      1,
      A,
    );
    selectScStub(machine('7400', { trace: (l) => lines.push(l) }))(cpu(0), 0, A);
    expect(lines).toEqual([
      'sc: pc=0x3000 lev=1 r0=0x0 r3=0xf005 r4=0x0 path=vhyp -> r3=0xffffffff',
      'sc: pc=0x3000 lev=0 r0=0x0 r3=0x0 r4=0x0 path=interrupt -> vector 0xc00',
    ]);
  });
});

describe('cpu models', () => {
  it('resolves QEMU names and aliases case-insensitively', () => {
    expect(findCpuModel('G4').name).toBe('7400');
    expect(findCpuModel('g3').name).toBe('750');
    expect(findCpuModel('7450').pvr).toBe(0x80000201);
    expect(findCpuModel('7400').pvr).toBe(0x000c0209);
    expect(() => findCpuModel('pentium')).toThrow(/unknown CPU 'pentium'; valid names: 603e, 604e, 750/);
  });

  it('reports AltiVec in AT_HWCAP only on models that have it', () => {
    expect(findCpuModel('750').hwcap).toBe(0x08000000);
    expect(findCpuModel('7450').hwcap).toBe(0x18000000);
    expect(CPU_MODELS.length).toBeGreaterThanOrEqual(13);
  });
});
