import type { CpuState } from '../../runtime/cpu-state.js';
import { cells, type DeviceTree, str } from '../../vof/device-tree.js';
import type { VofHypercalls } from '../../vof/hypercall.js';

/**
 * The paravirtual interfaces a guest may call besides VOF's own entry, enabled by `--osi` and
 * `--epapr` (spec sc-vof-hcall.md §2.3, §2.4):
 *  - MOL OSI (Mac-on-Linux `os_interface.h` selectors in r5): OSI_CALL_AVAILABLE, OSI_LOG_PUTC and
 *    OSI_TTY_PUTC (console output), OSI_EXIT, plus VOF's OSI_OF_INTERFACE / OSI_OF_RTAS.
 *  - ePAPR hypercalls (Linux Documentation/virt/kvm/ppc-pv.rst): KVM_HC_FEATURES (no features:
 *    there is no magic page), EV_IDLE, plus VOF's private client/RTAS tokens (EV_UNIMPLEMENTED
 *    for anything else). The device tree gets
 *    `/hypervisor` with the `hcall-instructions` sequence KVM advertises for Book3S PR.
 */
export const OSI = { CALL_AVAILABLE: 0, LOG_PUTC: 47, EXIT: 54, TTY_PUTC: 97 } as const;
export const EPAPR = { KVM_HC_FEATURES: 0x002a0003, EV_IDLE: 0x00010010, EV_SUCCESS: 0 } as const;

/** lis r0,0x4b56; ori r0,r0,0x4d21; sc; nop — kvm_vm_ioctl_get_pvinfo for Book3S PR. */
export const HCALL_INSTRUCTIONS = [0x3c004b56, 0x60004d21, 0x44000002, 0x60000000];

export interface ParavirtMachine {
  console(bytes: Uint8Array): void;
  exit(): void;
  /** EV_IDLE: the guest waits for an interrupt (the machine may skip ahead). */
  idle(): void;
}

export function osiHandler(vof: VofHypercalls, m: ParavirtMachine): (s: CpuState) => void {
  const own = new Set<number>([OSI.CALL_AVAILABLE, OSI.LOG_PUTC, OSI.EXIT, OSI.TTY_PUTC]);
  return (s) => {
    const selector = s.gpr[5];
    switch (selector) {
      case OSI.CALL_AVAILABLE: {
        // r6 = the selector asked about; 1 when we answer it (VOF's two included).
        const asked = s.gpr[6];
        s.gpr[3] = own.has(asked) || asked === 20 || asked === 22 ? 1 : 0;
        return;
      }
      case OSI.LOG_PUTC:
      case OSI.TTY_PUTC:
        m.console(Uint8Array.of(s.gpr[6] & 0xff));
        s.gpr[3] = 0;
        return;
      case OSI.EXIT:
        s.gpr[3] = 0;
        m.exit();
        return;
      default:
        vof.osi(s); // OSI_OF_INTERFACE / OSI_OF_RTAS, -1 for the rest
    }
  };
}

export function epaprHandler(vof: VofHypercalls, m: ParavirtMachine): (s: CpuState) => void {
  return (s) => {
    const token = s.gpr[11] | 0;
    if (token === EPAPR.KVM_HC_FEATURES) {
      s.gpr[3] = EPAPR.EV_SUCCESS;
      s.gpr[4] = 0;
    } else if (token === EPAPR.EV_IDLE) {
      s.gpr[3] = EPAPR.EV_SUCCESS;
      m.idle();
    } else {
      vof.epapr(s); // VOF's client/RTAS tokens; EV_UNIMPLEMENTED for the rest
    }
  };
}

/** The `/hypervisor` node KVM-aware guests look for (QEMU hw/ppc/e500.c builds the same). */
export function addHypervisorNode(tree: DeviceTree): void {
  const node = tree.root.addChild('hypervisor');
  node.setProp('name', str('hypervisor'));
  node.setProp('compatible', str('linux,kvm'));
  node.setProp('hcall-instructions', cells(...HCALL_INSTRUCTIONS));
  node.setProp('has-idle', new Uint8Array(0));
}
