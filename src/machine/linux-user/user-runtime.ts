import { Exc } from '../../cpu/exceptions.js';
import { Spr } from '../../cpu/spr.js';
import { type CpuState, R } from '../../runtime/cpu-state.js';
import { Prot } from '../../runtime/flat-memory.js';
import { sharedHelpers } from '../../runtime/helpers.js';
import { FaultKind, GuestException, GuestFault } from '../../runtime/memory.js';
import type { Runtime } from '../../runtime/runtime.js';
import { selectScStub } from '../../runtime/sc.js';
import { TimeBase } from '../system/time-base.js';
import { SiCode, Sig } from './abi.js';
import type { LinuxProcess } from './linux-process.js';

/**
 * Time-base frequency user programs see. qemu-ppc returns the host's cycle counter
 * (cpu_get_host_ticks) whose rate depends on the host; we use a fixed 512 MHz so guest timing
 * code behaves the same everywhere.
 */
export const USER_TIMEBASE_HZ = 512_000_000;

/** Which signal a program-class exception raises (arch/powerpc/kernel/traps.c program_check_exception). */
function signalFor(code: number): { signo: number; code: number } {
  switch (code) {
    case Exc.Privileged:
      return { signo: Sig.SIGILL, code: SiCode.ILL_PRVOPC };
    case Exc.Trap:
      return { signo: Sig.SIGTRAP, code: SiCode.TRAP_BRKPT };
    case Exc.FpEnabled:
      return { signo: Sig.SIGFPE, code: SiCode.FPE_FLTINV };
    default:
      // Illegal, and FP/vector unavailable (a model without the unit: Linux sends SIGILL).
      return { signo: Sig.SIGILL, code: SiCode.ILL_ILLOPC };
  }
}

/**
 * The Runtime of Linux user mode: `sc` is a Linux system call (any LEV), exceptions and
 * memory faults become signals, and only the user-level SPRs are accessible.
 */
export function createUserRuntime(p: LinuxProcess): Runtime {
  const timeBase = new TimeBase(USER_TIMEBASE_HZ);
  const raise = (s: CpuState, code: number, pc: number): number => {
    const sigInfo = signalFor(code);
    return p.signals.deliver(s, { signo: sigInfo.signo, code: sigInfo.code, addrOrPid: pc }, pc, true);
  };
  const privileged = () => {
    throw new GuestException(Exc.Privileged);
  };
  return {
    ...sharedHelpers,
    raise: (s, code, pc) => raise(s, code, pc >>> 0),
    fault: (s, err, pc) => {
      if (err instanceof GuestException) return raise(s, err.code, pc >>> 0);
      if (!(err instanceof GuestFault)) throw err;
      const addr = err.address >>> 0;
      if (err.kind === FaultKind.Alignment) {
        return p.signals.deliver(s, { signo: Sig.SIGBUS, code: SiCode.BUS_ADRALN, addrOrPid: addr }, pc >>> 0, true);
      }
      const mapped = p.mem.prot[addr >>> 12] !== Prot.None;
      const code = mapped ? SiCode.SEGV_ACCERR : SiCode.SEGV_MAPERR;
      return p.signals.deliver(s, { signo: Sig.SIGSEGV, code, addrOrPid: addr }, pc >>> 0, true);
    },
    sc: selectScStub({ model: p.model, linuxSyscall: (s, pc) => p.syscall(s, pc), trace: p.traceSc }),
    contextChanged: () => {},
    invalidateCode: (ea) => p.kernel.invalidateCode(p.mem, ea),
    mfspr: (s, spr) => {
      switch (spr) {
        case Spr.XER:
          return s.xer | 0;
        case Spr.LR:
          return s.r[R.LR];
        case Spr.CTR:
          return s.r[R.CTR];
        case Spr.VRSAVE:
          return p.model.altivec ? s.r[R.VRSAVE] : privileged();
        case Spr.TBL_READ:
          return timeBase.lower();
        case Spr.TBU_READ:
          return timeBase.upper();
        case Spr.PVR:
          // Privileged on the hardware; Linux emulates mfpvr for user programs (traps.c).
          return p.model.pvr | 0;
        default:
          return privileged();
      }
    },
    mtspr: (s, spr, value) => {
      switch (spr) {
        case Spr.XER:
          s.xer = value >>> 0;
          return;
        case Spr.LR:
          s.r[R.LR] = value;
          return;
        case Spr.CTR:
          s.r[R.CTR] = value;
          return;
        case Spr.VRSAVE:
          if (!p.model.altivec) privileged();
          s.r[R.VRSAVE] = value;
          return;
        default:
          privileged();
      }
    },
    timeBase: (_s, upper) => (upper ? timeBase.upper() : timeBase.lower()),
  };
}
