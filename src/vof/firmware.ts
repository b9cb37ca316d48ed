/**
 * The few instructions our VOF places in guest RAM (we run no vof.bin; the client interface is
 * served on the host by client-interface.ts). Layout, all inside the 0xDA0 bytes VOF claims at 0:
 *
 *   0x100  client-return trap: `li r3,EXIT_ARGS; bl entry; b .` — a client that returns to its
 *          LR calls the `exit` service (vof.bin's `ci_panic` does the same)
 *   0x10C  client-interface entry (r5 at client entry, as QEMU's `_prom_entry`)
 *   0x1E0  "exit\0", 0x1F0 the prom_args block {service=0x1E0, nargs=0, nret=0}
 *
 * `--vof-entry` chooses how the entry calls out (spec sc-vof-hcall.md §2.2–2.4); every variant
 * ends in the same `Vof.clientCall(argsPointer)` and leaves the status (0 / -4) in r3:
 *   vhyp   `mr r4,r3; li r3,0; ori r3,r3,0xF005; sc 1; blr` — QEMU's KVMPPC_H_VOF_CLIENT
 *   osi    MOL OSI: r3=0x113724FA, r4=0x77810F9B, r5=OSI_OF_INTERFACE (20), r6=args; plain `sc`
 *   epapr  ePAPR hypercall (Linux Documentation/virt/kvm/ppc-pv.rst): r11=token, r3=args
 *          (parameter 1), r0=0x4B564D21 ("KVM!"), `sc; nop`. The token is ppcjit's own:
 *          vendor 0xFFFF (not assigned by ePAPR), number = QEMU's hcall number, so a single
 *          `li r11,-0x0FFB` loads 0xFFFFF005 (and 0xFFFFF000 for RTAS).
 * Registers: r3 in/out as above; the stubs clobber volatile registers only (vhyp r4; osi r4–r6;
 * epapr r0, r11), which the IEEE 1275 PowerPC binding allows — clients must not keep the entry
 * address in r5 across a call (QEMU's vof.bin, compiled C, clobbers it too).
 * All words are built by the encoders below and checked against the project disassembler
 * (test/vof/firmware.test.ts).
 */

import { EPAPR_MAGIC_R0, OSI_MAGIC_R3, OSI_MAGIC_R4 } from '../runtime/sc.js';

export type VofEntryMode = 'vhyp' | 'osi' | 'epapr';
export const VOF_ENTRY_MODES: readonly VofEntryMode[] = ['vhyp', 'osi', 'epapr'];

export const FIRMWARE_SIZE = 0xda0;
export const CLIENT_RETURN_ADDR = 0x100;
export const CLIENT_ENTRY_ADDR = 0x10c;
const EXIT_NAME_ADDR = 0x1e0;
const EXIT_ARGS_ADDR = 0x1f0;

/** Hypercall tokens (QEMU include/hw/ppc/spapr.h: KVMPPC_HCALL_BASE 0xF000). */
export const KVMPPC_H_RTAS = 0xf000;
export const KVMPPC_H_VOF_CLIENT = 0xf005;
/** MOL OSI selectors (OpenBIOS arch/ppc/osi.h); the magic registers are the sc stub's. */
export const OSI_SC_MAGIC_R3 = OSI_MAGIC_R3;
export const OSI_SC_MAGIC_R4 = OSI_MAGIC_R4;
export const OSI_OF_INTERFACE = 20;
export const OSI_OF_RTAS = 22;
/** ePAPR / KVM paravirt magic in r0 and ppcjit's private-vendor tokens in r11. */
export const KVM_SC_MAGIC_R0 = EPAPR_MAGIC_R0;
export const EPAPR_VOF_CLIENT_TOKEN = (0xffff0000 | KVMPPC_H_VOF_CLIENT) >>> 0;
export const EPAPR_RTAS_TOKEN = (0xffff0000 | KVMPPC_H_RTAS) >>> 0;

// ---- encoders (PowerPC UISA forms D / X) --------------------------------------------------------

const d = (op: number, rt: number, ra: number, imm: number) =>
  ((op << 26) | (rt << 21) | (ra << 16) | (imm & 0xffff)) >>> 0;
export const enc = {
  /** addi rD,0,SIMM */
  li: (rd: number, simm: number) => d(14, rd, 0, simm),
  /** addis rD,0,SIMM */
  lis: (rd: number, simm: number) => d(15, rd, 0, simm),
  ori: (ra: number, rs: number, uimm: number) => d(24, rs, ra, uimm),
  /** or rA,rS,rS */
  mr: (ra: number, rs: number) => ((31 << 26) | (rs << 21) | (ra << 16) | (rs << 11) | (444 << 1)) >>> 0,
  sc: (lev = 0) => (0x44000002 | (lev << 5)) >>> 0,
  /** b / bl to an address relative to `from` */
  b: (from: number, to: number, link = false) => ((18 << 26) | ((to - from) & 0x03fffffc) | (link ? 1 : 0)) >>> 0,
  blr: () => 0x4e800020,
  nop: () => 0x60000000,
};

/** Loads a 32-bit constant with `lis`+`ori` (two words). */
function load32(rd: number, value: number): number[] {
  return [enc.lis(rd, value >>> 16), enc.ori(rd, rd, value & 0xffff)];
}

/** The client-interface entry stub for a mode. In: r3 = args. Out: r3 = status. */
export function entryStub(mode: VofEntryMode): number[] {
  switch (mode) {
    case 'vhyp':
      return [enc.mr(4, 3), enc.li(3, 0), enc.ori(3, 3, KVMPPC_H_VOF_CLIENT), enc.sc(1), enc.blr()];
    case 'osi':
      return [
        enc.mr(6, 3),
        ...load32(3, OSI_SC_MAGIC_R3),
        ...load32(4, OSI_SC_MAGIC_R4),
        enc.li(5, OSI_OF_INTERFACE),
        enc.sc(0),
        enc.blr(),
      ];
    case 'epapr':
      return [enc.li(11, EPAPR_VOF_CLIENT_TOKEN | 0), ...load32(0, KVM_SC_MAGIC_R0), enc.sc(0), enc.nop(), enc.blr()];
  }
}

/**
 * The RTAS blob `instantiate-rtas` copies to rtas-base (`/rtas/rtas-size` = 20 bytes). vhyp is
 * QEMU's `hv_rtas` (pc-bios/vof/entry.S): `mr r4,r3; lis r3,0; ori r3,r3,0xF000; sc 1; blr`.
 * ePAPR fits in 20 bytes thanks to the one-word token. OSI would need 32 bytes (two magic
 * registers), more than the rtas-size a client reads, so the OSI mode keeps QEMU's vhyp blob
 * and the machine must also intercept `sc 1` r3=0xF000 in that mode.
 */
export function rtasBlobWords(mode: VofEntryMode): number[] {
  if (mode === 'epapr') return [enc.li(11, EPAPR_RTAS_TOKEN | 0), ...load32(0, KVM_SC_MAGIC_R0), enc.sc(0), enc.blr()];
  return [enc.mr(4, 3), enc.lis(3, 0), enc.ori(3, 3, KVMPPC_H_RTAS), enc.sc(1), enc.blr()];
}

export function wordsToBytes(words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0));
  return out;
}

export function rtasBlob(mode: VofEntryMode): Uint8Array {
  return wordsToBytes(rtasBlobWords(mode));
}

/** The trap a returning client lands in: calls `exit` through the entry, then spins. */
export function clientReturnStub(): number[] {
  const at = CLIENT_RETURN_ADDR;
  return [enc.li(3, EXIT_ARGS_ADDR), enc.b(at + 4, CLIENT_ENTRY_ADDR, true), enc.b(at + 8, at + 8)];
}

/** The firmware image for [0, FIRMWARE_SIZE); everything not listed above is zero. */
export function firmwareImage(mode: VofEntryMode): Uint8Array {
  const image = new Uint8Array(FIRMWARE_SIZE);
  image.set(wordsToBytes(clientReturnStub()), CLIENT_RETURN_ADDR);
  image.set(wordsToBytes(entryStub(mode)), CLIENT_ENTRY_ADDR);
  image.set(new TextEncoder().encode('exit\0'), EXIT_NAME_ADDR);
  image.set(wordsToBytes([EXIT_NAME_ADDR, 0, 0]), EXIT_ARGS_ADDR);
  return image;
}
