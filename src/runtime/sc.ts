import type { CpuModel } from '../cpu/models.js';
import { Spr } from '../cpu/spr.js';
import { type CpuState, R } from './cpu-state.js';
import { deliverBooke, deliverOea, MSR, MSR_HI, Vector } from './interrupts.js';

/**
 * The one place that decides what `sc` / `sc LEV` does (as QEMU 7.2's target/ppc/excp_helper.c
 * does it). The JIT compiles every `sc` into a call of the stub `selectScStub` returns for the
 * machine and CPU model, so the choice is made once, when the machine is built:
 *
 * | machine            | CPU family         | form                         | path                          |
 * |--------------------|--------------------|------------------------------|-------------------------------|
 * | Linux user mode    | any                | any LEV, any r0/r3/r4        | Linux system call on r0       |
 * | any, --osi         | any                | r3=0x113724FA r4=0x77810F9B  | MOL OSI call (any LEV/PR)     |
 * | vhyp (pegasos2+VOF)| 7xx, 74xx, 64-bit  | LEV&1, MSR[PR]=0             | machine hypercall (r3=token)  |
 * | vhyp               | 7xx, 74xx, 64-bit  | LEV&1, MSR[PR]=1             | r3 = H_PRIVILEGE (-3)         |
 * | vhyp               | 6xx (603e, 604e)   | any                          | system call interrupt 0xC00   |
 * | any, --epapr       | any                | MSR[PR]=0, r0=0x4B564D21     | ePAPR hypercall (r11=token)   |
 * | no vhyp            | 6xx/7xx/74xx       | any LEV (no HV: LEV ignored) | system call interrupt 0xC00   |
 * | no vhyp            | BookE (e500)       | any LEV                      | IVOR8                         |
 * | no vhyp            | 970 (always HV)    | any LEV                      | 0xC00, MSR[HV] stays 1        |
 * | no vhyp            | POWER7/9           | LEV&1                        | hypervisor call: 0xC00, HV←1  |
 * | no vhyp            | POWER7/9           | LEV even                     | 0xC00, HV unchanged           |
 *
 * QEMU aborted ("Trying to deliver HV exception (MSR) 8 with no HV support", and later an
 * assertion on the 970) where an `sc 1` met a CPU without HV state; here such a CPU takes the
 * ordinary system call interrupt, as the hardware does, and nothing a guest does aborts.
 */

export type ScPath = 'linux' | 'vhyp' | 'vhyp-privileged' | 'osi' | 'epapr' | 'interrupt' | 'hv-interrupt';

/** Returns the next PC. Handlers read arguments from and write results to the CPU state. */
export type ScStub = (s: CpuState, lev: number, pc: number) => number;

export const OSI_MAGIC_R3 = 0x113724fa;
export const OSI_MAGIC_R4 = 0x77810f9b;
export const EPAPR_MAGIC_R0 = 0x4b564d21;
export const H_PRIVILEGE = -3;

export interface ScMachine {
  model: CpuModel;
  /** Linux user mode: every sc is a system call handled by this function. */
  linuxSyscall?: (s: CpuState, pc: number) => number;
  /** The machine's virtual-hypervisor hypercall table: token in r3, result to r3. */
  hypercall?: (s: CpuState) => void;
  /** MOL OSI handler (enabled by --osi): selector in r5. */
  osi?: (s: CpuState) => void;
  /** ePAPR hypercall handler (enabled by --epapr): token in r11, status to r3. */
  epapr?: (s: CpuState) => void;
  /** --trace-sc sink: one line per sc. */
  trace?: (line: string) => void;
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/** Delivers the system call interrupt the CPU model raises for `sc` at `pc`. */
function deliverSystemCall(s: CpuState, model: CpuModel, lev: number, pc: number): { next: number; path: ScPath } {
  const next = (pc + 4) >>> 0;
  switch (model.exceptionModel) {
    case 'booke':
      return { next: deliverBooke(s, Spr.IVOR8, next), path: 'interrupt' };
    case 'power7':
    case 'power9': {
      // LEV=1 from a guest (HV=0) is a hypervisor call: same vector, MSR[HV] set (ISA 2.06 §4.3).
      const hvCall = (lev & 1) === 1;
      const wasHv = (s.r[R.MSR_HI] & MSR_HI.HV) !== 0;
      return {
        next: deliverOea(s, model, Vector.SystemCall, next, 0, hvCall),
        path: hvCall && !wasHv ? 'hv-interrupt' : 'interrupt',
      };
    }
    default:
      // 6xx/7xx/74xx have no hypervisor state and ignore LEV; the 970 always runs with HV=1.
      return { next: deliverOea(s, model, Vector.SystemCall, next), path: 'interrupt' };
  }
}

/**
 * Exception models whose `sc` path consults the virtual hypervisor (QEMU powerpc_excp_7xx,
 * _74xx and _books); 6xx and BookE take the interrupt whatever LEV says.
 */
const HAS_VHYP_CHECK: Record<CpuModel['exceptionModel'], boolean> = {
  '6xx': false,
  '7xx': true,
  '74xx': true,
  booke: false,
  '970': true,
  power7: true,
  power9: true,
};

/** Which interception applies to this sc, before falling back to the interrupt. */
function intercept(m: ScMachine, s: CpuState, lev: number): ScPath | undefined {
  const g = s.gpr;
  const problemState = (s.r[R.MSR] & MSR.PR) !== 0;
  if (m.hypercall && (lev & 1) === 1 && HAS_VHYP_CHECK[m.model.exceptionModel]) {
    return problemState ? 'vhyp-privileged' : 'vhyp';
  }
  if (m.osi && g[3] === OSI_MAGIC_R3 && g[4] === OSI_MAGIC_R4) return 'osi';
  if (m.epapr && !problemState && g[0] === EPAPR_MAGIC_R0) return 'epapr';
  return undefined;
}

export function selectScStub(m: ScMachine): ScStub {
  if (m.linuxSyscall) {
    const syscall = m.linuxSyscall;
    if (!m.trace) return (s, _lev, pc) => syscall(s, pc);
    const trace = m.trace;
    return (s, lev, pc) => {
      const before = `sc: pc=${hex(pc)} lev=${lev} r0=${hex(s.gpr[0])} r3=${hex(s.gpr[3])} r4=${hex(s.gpr[4])}`;
      const next = syscall(s, pc);
      trace(`${before} path=linux -> r3=${hex(s.gpr[3])} so=${(s.r[R.CR] >>> 28) & 1}`);
      return next;
    };
  }
  const model = m.model;
  return (s, lev, pc) => {
    const before = m.trace
      ? `sc: pc=${hex(pc)} lev=${lev} r0=${hex(s.gpr[0])} r3=${hex(s.gpr[3])} r4=${hex(s.gpr[4])}`
      : '';
    const path = intercept(m, s, lev);
    let next = (pc + 4) >>> 0;
    let taken: ScPath;
    switch (path) {
      case 'vhyp':
        m.hypercall!(s);
        taken = path;
        break;
      case 'vhyp-privileged':
        s.gpr[3] = H_PRIVILEGE;
        taken = path;
        break;
      case 'osi':
        m.osi!(s);
        taken = path;
        break;
      case 'epapr':
        m.epapr!(s);
        taken = path;
        break;
      default: {
        const delivered = deliverSystemCall(s, model, lev, pc);
        next = delivered.next;
        taken = delivered.path;
      }
    }
    m.trace?.(
      `${before} path=${taken} -> ${taken.endsWith('interrupt') ? `vector ${hex(next)}` : `r3=${hex(s.gpr[3])}`}`,
    );
    return next;
  };
}
