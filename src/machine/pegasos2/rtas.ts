/**
 * pegasos2 RTAS as QEMU 7.2 serves it through `sc 1` with r3 = KVMPPC_H_RTAS (0xF000), r4 = the
 * RTAS argument block (hw/ppc/pegasos2.c `pegasos2_rtas`; spec sc-vof-hcall.md §3.6):
 *   block = token, nargs, nret, args[nargs], rets[nret] (big-endian cells)
 *   - nret < 1 → status -4 (H_PARAMETER), nothing written;
 *   - a known token with the wrong counts → rets[0] = -1, status -4;
 *   - an unknown token → rets[0] = 0, status 0 (QEMU logs it and pretends success).
 * Tokens are the `/rtas` properties (pegasos2-tree.ts PEGASOS2_RTAS_TOKENS).
 */

import { H_PARAMETER, H_SUCCESS, type VofMemory } from '../../vof/client-interface.js';
import { cells, readCell } from '../../vof/device-tree.js';

export interface RtasDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What RTAS needs from the machine. */
export interface RtasMachine {
  /**
   * PCI config read. `bus` 0 = the host bridge behind pci@80000000 (VT8231 side, QEMU `pci[1]`),
   * 1 = pci@c0000000; `address` = the low 24 bits of the RTAS config address (bus/devfn/reg).
   */
  pciConfigRead(bus: 0 | 1, address: number, size: number): number;
  pciConfigWrite(bus: 0 | 1, address: number, size: number, value: number): void;
  /** RTC time (QEMU: `qemu_get_timedate`, the host's time by default). */
  timeOfDay(): RtasDate;
  powerOff(): void;
  /** display-character: QEMU only logs it (LOG_UNIMP). */
  displayCharacter?(ch: number): void;
  /** Called for tokens QEMU does not implement (QEMU logs them). */
  unimplemented?(token: number): void;
}

export const RTAS_GET_TIME_OF_DAY = 3;
export const RTAS_READ_PCI_CONFIG = 8;
export const RTAS_WRITE_PCI_CONFIG = 9;
export const RTAS_DISPLAY_CHARACTER = 10;
export const RTAS_POWER_OFF = 17;

/** Required (nargs, nret) per implemented token. */
const SIGNATURES: Record<number, [number, number]> = {
  [RTAS_GET_TIME_OF_DAY]: [0, 8],
  [RTAS_READ_PCI_CONFIG]: [2, 2],
  [RTAS_WRITE_PCI_CONFIG]: [3, 1],
  [RTAS_DISPLAY_CHARACTER]: [1, 1],
  [RTAS_POWER_OFF]: [2, 1],
};

/** Handles one RTAS hypercall; returns the status for r3. */
export function pegasos2Rtas(memory: VofMemory, machine: RtasMachine, argsAddr: number): number {
  argsAddr >>>= 0;
  const header = memory.read(argsAddr, 12);
  if (!header) return H_PARAMETER;
  const token = readCell(header, 0);
  const nargs = readCell(header, 1);
  const nret = readCell(header, 2);
  if (nret < 1 || nargs > 16 || nret > 16) return H_PARAMETER; // ppcjit: bounded block
  const argBytes = nargs ? memory.read(argsAddr + 12, 4 * nargs) : new Uint8Array(0);
  if (!argBytes) return H_PARAMETER;
  const arg = (i: number) => readCell(argBytes, i);
  const retsAddr = argsAddr + 12 + 4 * nargs;
  const put = (...values: number[]) => (memory.write(retsAddr, cells(...values)) ? H_SUCCESS : H_PARAMETER);

  const signature = SIGNATURES[token];
  if (!signature) {
    machine.unimplemented?.(token);
    return put(0);
  }
  if (signature[0] !== nargs || signature[1] !== nret) {
    memory.write(retsAddr, cells(0xffffffff));
    return H_PARAMETER;
  }
  switch (token) {
    case RTAS_GET_TIME_OF_DAY: {
      const t = machine.timeOfDay();
      return put(0, t.year, t.month, t.day, t.hour, t.minute, t.second, 0);
    }
    case RTAS_READ_PCI_CONFIG: {
      const address = arg(0);
      const value = machine.pciConfigRead(address >>> 24 ? 1 : 0, address & 0xffffff, arg(1));
      return put(0, value);
    }
    case RTAS_WRITE_PCI_CONFIG: {
      const address = arg(0);
      machine.pciConfigWrite(address >>> 24 ? 1 : 0, address & 0xffffff, arg(1), arg(2));
      return put(0);
    }
    case RTAS_DISPLAY_CHARACTER:
      machine.displayCharacter?.(arg(0));
      return put(0);
    default: // RTAS_POWER_OFF
      machine.powerOff();
      return put(0);
  }
}
