import { Exc } from '../../cpu/exceptions.js';
import type { CpuModel } from '../../cpu/models.js';
import { Spr } from '../../cpu/spr.js';
import type { Engine } from '../../jit/engine.js';
import { type CpuState, R } from '../../runtime/cpu-state.js';
import { sharedHelpers } from '../../runtime/helpers.js';
import { deliverOea, MSR, Vector } from '../../runtime/interrupts.js';
import { FaultKind, GuestException, GuestFault } from '../../runtime/memory.js';
import type { Runtime } from '../../runtime/runtime.js';
import type { ScStub } from '../../runtime/sc.js';
import { Access } from './mmu.js';
import type { SystemMemory } from './system-memory.js';
import { TranslationFault } from './system-memory.js';
import type { TimeBase } from './time-base.js';

/** Program interrupt reasons in SRR1 (PEM Table 6-14). */
const ProgramSrr1 = { FpEnabled: 0x00100000, Illegal: 0x00080000, Privileged: 0x00040000, Trap: 0x00020000 } as const;

/** MSR bits an rfi restores from SRR1: 0, 5–9 and 16–31 (PEM rfi). */
const RFI_MSR_MASK = 0x87c0ffff;
/** MSR bits that change translation: the soft TLB must be flushed when they change. */
const TRANSLATION_BITS = MSR.IR | MSR.DR | MSR.PR;
/**
 * L2CR[L2I] starts a global invalidate and L2CR[L2IP] shows it in progress (MPC7400 UM §2.1.5);
 * ours completes at once, so L2IP never reads as set. The MPC7450 family (PVR 0x8000–0x8004:
 * 7450, 7455, 7457, 7447, 7447A) has no L2IP: the hardware clears L2I itself when the invalidate
 * is done (MPC7450 UM §3.6.3.1.4), and Linux polls L2I there, so ours reads L2I as clear.
 */
const L2CR_L2IP = 0x00000001;
const L2CR_L2I = 0x00200000;
const isMpc7450Family = (pvr: number) => pvr >>> 16 >= 0x8000 && pvr >>> 16 <= 0x8004;
/** HID0[DOZE|NAP|SLEEP]: the power-saving mode MSR[POW] enters (MPC7400 UM §10.2). */
const HID0_POWER_SAVING = 0x00e00000;

export interface SystemRuntimeParts {
  model: CpuModel;
  memory: SystemMemory;
  timeBase: TimeBase;
  sc: ScStub;
  engine: () => Engine;
  /**
   * Called when the CPU enters a power-saving mode (MSR[POW] set with HID0 DOZE, NAP or SLEEP):
   * the machine fast-forwards to the next event and ends the current slice so a pending
   * interrupt is delivered at once.
   */
  onIdle?: (s: CpuState) => void;
}

/**
 * The runtime of a system machine (supervisor code, exceptions delivered to the guest's
 * vectors). Exceptions follow the OEA model: program, FP/vector unavailable, DSI/ISI and
 * alignment with the SRR0/SRR1/DSISR/DAR values the MPC7400 UM gives.
 */
export function createSystemRuntime(p: SystemRuntimeParts): Runtime {
  const { model, memory, timeBase } = p;
  const program = (s: CpuState, pc: number, bits: number) => deliverOea(s, model, Vector.Program, pc, bits);

  const raise = (s: CpuState, code: number, pc: number): number => {
    switch (code) {
      case Exc.Illegal:
        return program(s, pc, ProgramSrr1.Illegal);
      case Exc.Privileged:
        return program(s, pc, ProgramSrr1.Privileged);
      case Exc.Trap:
        return program(s, pc, ProgramSrr1.Trap);
      case Exc.FpEnabled:
        return program(s, pc, ProgramSrr1.FpEnabled);
      case Exc.FpUnavailable:
        return deliverOea(s, model, Vector.FpUnavailable, pc);
      case Exc.VecUnavailable:
        return deliverOea(s, model, Vector.VecUnavailable, pc);
      default:
        return program(s, pc, ProgramSrr1.Illegal);
    }
  };

  const translationChanged = () => {
    memory.flushTlb();
    p.engine().translationChanged();
  };
  const setMsr = (s: CpuState, value: number) => {
    const old = s.r[R.MSR];
    s.r[R.MSR] = value;
    if ((old ^ value) & TRANSLATION_BITS) translationChanged();
  };

  return {
    ...sharedHelpers,
    raise: (s, code, pc) => raise(s, code, pc),
    fault: (s, err, pc) => {
      if (err instanceof GuestException) return raise(s, err.code, pc);
      if (!(err instanceof GuestFault)) throw err;
      const bits = err instanceof TranslationFault ? err.bits : 0;
      if (err.kind === FaultKind.Instruction) return deliverOea(s, model, Vector.ISI, err.address, bits);
      s.spr[Spr.DAR] = err.address;
      s.spr[Spr.DSISR] = bits | (err.isWrite ? 0x02000000 : 0);
      return deliverOea(s, model, err.kind === FaultKind.Alignment ? Vector.Alignment : Vector.DSI, pc);
    },
    sc: p.sc,
    contextChanged: translationChanged,
    invalidateCode: (ea) => p.engine().invalidate(memory.translate(ea, Access.Read)),
    rfi: (s) => {
      setMsr(s, (s.r[R.MSR] & ~RFI_MSR_MASK) | (s.spr[Spr.SRR1] & RFI_MSR_MASK));
      return s.spr[Spr.SRR0] & ~3;
    },
    mtmsr: (s, value, nextPc) => {
      // 6xx/7xx/74xx write the whole MSR (QEMU keeps ME and LE; spec §1.3 item 3).
      setMsr(s, value);
      if (value & MSR.POW && s.spr[Spr.HID0] & HID0_POWER_SAVING) p.onIdle?.(s);
      return nextPc;
    },
    mtsr: (s, n, value) => {
      s.sr[n & 15] = value;
      translationChanged();
    },
    tlbie: translationChanged,
    timeBase: (_s, upper) => (upper ? timeBase.upper() : timeBase.lower()),
    mfspr: (s, spr) => {
      switch (spr) {
        case Spr.DEC:
          return timeBase.decrementer();
        case Spr.TBL_READ:
          return timeBase.lower();
        case Spr.TBU_READ:
          return timeBase.upper();
        case Spr.PVR:
          return model.pvr | 0;
        default:
          return s.spr[spr];
      }
    },
    mtspr: (s, spr, value) => {
      switch (spr) {
        case Spr.DEC:
          timeBase.setDecrementer(value);
          return;
        case Spr.TBL_WRITE:
          timeBase.setLower(value);
          return;
        case Spr.TBU_WRITE:
          timeBase.setUpper(value);
          return;
        case Spr.PVR:
          return; // read-only
        case Spr.L2CR:
          s.spr[spr] = value & ~(isMpc7450Family(model.pvr) ? L2CR_L2I | L2CR_L2IP : L2CR_L2IP);
          return;
        default:
          s.spr[spr] = value;
          if (
            spr === Spr.SDR1 ||
            spr === Spr.HID0 ||
            (spr >= Spr.IBAT0U && spr < Spr.IBAT0U + 16) ||
            (spr >= Spr.IBAT4U && spr < Spr.IBAT4U + 16)
          ) {
            translationChanged();
          }
      }
    },
  };
}
