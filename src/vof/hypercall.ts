/**
 * The three ways our firmware calls out (firmware.ts `--vof-entry`), as handlers the sc stub
 * (src/runtime/sc.ts `ScMachine.hypercall/osi/epapr`) can call with the CPU state. They only
 * read and write GPRs, so any object with `gpr: Int32Array` works (CpuState does).
 *
 *   vhyp   pegasos2_hypercall (hw/ppc/pegasos2.c): r3 = token, r4 = argument block;
 *          0xF000 → RTAS, 0xF005 → client interface, anything else → r3 = -1. (MSR[PR]=1 is
 *          answered with H_PRIVILEGE by the sc stub before it gets here.)
 *   osi    r5 = selector: OSI_OF_INTERFACE (20) → client interface, OSI_OF_RTAS (22) → RTAS,
 *          both with the block in r6; other selectors → r3 = -1.
 *   epapr  r11 = token: 0xFFFFF005 client interface, 0xFFFFF000 RTAS, block in r3; other tokens
 *          → r3 = EV_UNIMPLEMENTED (12), as KVM's kvmppc_kvm_pv answers unknown numbers.
 * In every case r3 gets the status of the call (0 or H_PARAMETER -4), as QEMU's vhyp path.
 */
import type { Vof } from './client-interface.js';
import {
  EPAPR_RTAS_TOKEN,
  EPAPR_VOF_CLIENT_TOKEN,
  KVMPPC_H_RTAS,
  KVMPPC_H_VOF_CLIENT,
  OSI_OF_INTERFACE,
  OSI_OF_RTAS,
} from './firmware.js';

export interface GprState {
  gpr: Int32Array;
}

export const EV_UNIMPLEMENTED = 12;

export interface VofHypercalls {
  hypercall(s: GprState): void;
  osi(s: GprState): void;
  epapr(s: GprState): void;
}

/** `rtas(argsAddr)` returns the RTAS status (rtas.ts `pegasos2Rtas` bound to the machine). */
export function vofHypercalls(vof: Vof, rtas: (argsAddr: number) => number): VofHypercalls {
  return {
    hypercall(s) {
      const token = s.gpr[3] >>> 0;
      const args = s.gpr[4] >>> 0;
      if (token === KVMPPC_H_RTAS) s.gpr[3] = rtas(args);
      else if (token === KVMPPC_H_VOF_CLIENT) s.gpr[3] = vof.clientCall(args);
      else s.gpr[3] = -1;
    },
    osi(s) {
      const selector = s.gpr[5] >>> 0;
      const args = s.gpr[6] >>> 0;
      if (selector === OSI_OF_INTERFACE) s.gpr[3] = vof.clientCall(args);
      else if (selector === OSI_OF_RTAS) s.gpr[3] = rtas(args);
      else s.gpr[3] = -1;
    },
    epapr(s) {
      // Compare as int32: the tokens are 0xFFFFxxxx, negative as JS bit-op results.
      const token = s.gpr[11] | 0;
      const args = s.gpr[3] >>> 0;
      if (token === (EPAPR_VOF_CLIENT_TOKEN | 0)) s.gpr[3] = vof.clientCall(args);
      else if (token === (EPAPR_RTAS_TOKEN | 0)) s.gpr[3] = rtas(args);
      else s.gpr[3] = EV_UNIMPLEMENTED;
    },
  };
}
