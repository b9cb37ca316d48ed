/**
 * What the machine must set up to enter a client the way QEMU 7.2's pegasos2 + vof.bin does
 * (VOF's boot, as hw/ppc/vof.c and pegasos2.c do it), with vof.bin's own work done on the host:
 *  1. VOF claims [0, 0xDA0) (firmware), the stack [0x8000, 0x10000) (`vof_claim(0, 0x8000,
 *     align 0x8000)`), the kernel's [p_addr, p_addr+memsz) and the initrd;
 *  2. the device tree gets `/chosen/qemu,boot-kernel`, phandles, `/memory@0/available`, and
 *     `/chosen/stdout` = open("/failsafe") = ihandle 1 — in that order, which fixes the property
 *     order `nextprop` returns;
 *  3. the client is entered at the kernel entry with r1 = 0xFF60, r3/r4 = initrd base/size,
 *     r5 = 0x10C (client-interface entry), MSR = 0x40 (only IP: translation off, EE/ME/FP off),
 *     LR = the client-return trap (firmware.ts), which calls `exit`.
 */
import { Vof, type VofConsole, type VofMemory } from './client-interface.js';
import type { DeviceTree } from './device-tree.js';
import {
  CLIENT_ENTRY_ADDR,
  CLIENT_RETURN_ADDR,
  FIRMWARE_SIZE,
  firmwareImage,
  rtasBlob,
  type VofEntryMode,
} from './firmware.js';

export const VOF_STACK_SIZE = 0x8000;
/** r1 the client sees under QEMU (vof.bin's stack after its own frames; reset r1 is 0xFFE0). */
export const CLIENT_STACK_POINTER = 0xff60;
export const CLIENT_MSR = 0x40;

/** What a machine's device tree takes from the boot: the `/chosen` kernel and initrd properties. */
export interface ChosenBoot {
  /** Kernel entry and size for `/chosen/qemu,boot-kernel` (absent without a kernel). */
  kernel?: { entry: number; size: number };
  initrd?: { start: number; end: number };
}

export interface VofBootOptions {
  memory: VofMemory;
  console: VofConsole;
  entryMode?: VofEntryMode;
  /** The machine's device tree (QEMU's, as `dumpdtb` shows it) for this boot. */
  tree: (chosen: ChosenBoot) => DeviceTree;
  /** The loaded kernel: physical range of its PT_LOAD segments and its physical entry. */
  kernel?: { start: number; size: number; entry: number };
  initrd?: { start: number; size: number };
  milliseconds?: () => number;
  onExit?: () => void;
}

export interface VofBootState {
  vof: Vof;
  /** Bytes to copy into RAM before starting (the firmware image at 0). */
  images: Array<{ addr: number; bytes: Uint8Array }>;
  registers: { pc: number; r1: number; r3: number; r4: number; r5: number; lr: number; msr: number };
}

export class VofBootError extends Error {}

export function vofBootState(options: VofBootOptions): VofBootState {
  const mode = options.entryMode ?? 'vhyp';
  const { kernel, initrd } = options;
  // "VOF assumes entry is same as load address": size counted from the entry.
  const bootKernel = kernel && { entry: kernel.entry, size: kernel.size - (kernel.entry - kernel.start) };
  const tree = options.tree({
    kernel: bootKernel,
    initrd: initrd && { start: initrd.start, end: initrd.start + initrd.size },
  });
  const vof = new Vof({
    tree,
    memory: options.memory,
    console: options.console,
    firmwareSize: FIRMWARE_SIZE,
    milliseconds: options.milliseconds,
    onExit: options.onExit,
    rtasBlob: rtasBlob(mode),
  });
  const stack = vof.claim(0, VOF_STACK_SIZE, VOF_STACK_SIZE);
  if (stack !== VOF_STACK_SIZE) throw new VofBootError('VOF: cannot claim the firmware stack');
  if (kernel && vof.claim(kernel.start, kernel.size, 0) !== kernel.start) {
    throw new VofBootError(
      `kernel [0x${kernel.start.toString(16)}, +0x${kernel.size.toString(16)}) overlaps the firmware/stack or leaves RAM`,
    );
  }
  if (initrd && vof.claim(initrd.start, initrd.size, 0) !== initrd.start) {
    throw new VofBootError('initrd overlaps other claimed memory or leaves RAM');
  }
  vof.buildDeviceTree();
  vof.openAndStore('stdout', '/failsafe');
  return {
    vof,
    images: [{ addr: 0, bytes: firmwareImage(mode) }],
    registers: {
      pc: kernel?.entry ?? CLIENT_RETURN_ADDR,
      r1: CLIENT_STACK_POINTER,
      r3: initrd?.start ?? 0,
      r4: initrd?.size ?? 0,
      r5: CLIENT_ENTRY_ADDR,
      lr: CLIENT_RETURN_ADDR,
      msr: CLIENT_MSR,
    },
  };
}
