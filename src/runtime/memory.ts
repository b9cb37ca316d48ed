/**
 * The guest memory interface generated code calls. Addresses are effective addresses
 * (uint32 as JS numbers or int32 — implementations apply `>>> 0`). Multi-byte values are
 * big-endian. Implementations throw `GuestFault` for accesses the guest may not make; the
 * block's catch turns that into the exception the CPU takes.
 *
 * Each machine uses exactly one implementation class, so calls stay monomorphic.
 */
export interface GuestMemory {
  r8(ea: number): number;
  r16(ea: number): number;
  /** Sign-extended halfword (lha). */
  r16s(ea: number): number;
  r32(ea: number): number;
  w8(ea: number, v: number): void;
  w16(ea: number, v: number): void;
  w32(ea: number, v: number): void;
  /** Doubleword as a JS double with the exact bits (NaN payloads kept). */
  rf64(ea: number): number;
  wf64(ea: number, v: number): void;
  /** Single-precision load widened to double (exact; SNaN stays SNaN, as lfs does). */
  rf32(ea: number): number;
  /** Stores a double as single precision (stfs conversion). */
  wf32(ea: number, v: number): void;
  /** Fetches an instruction word (execute permission). */
  fetch(ea: number): number;
}

/**
 * How generated code reaches guest memory besides the accessors above (a compile option, see
 * src/jit/emit/memory-access.ts): 'flat' reads FlatMemory's page protection bytes, 'tlb'
 * SystemMemory's soft TLB, then accesses the memory's typed arrays directly.
 */
export type MemoryKind = 'flat' | 'tlb';

/** Slots of SystemMemory's direct-mapped soft TLB (per access kind; generated code masks with it). */
export const SOFT_TLB_ENTRIES = 1024;

export enum FaultKind {
  /** Data access to unmapped or protected memory (DSI / SIGSEGV). */
  Data = 1,
  /** Instruction fetch from unmapped or non-executable memory (ISI / SIGSEGV). */
  Instruction = 2,
  /** Alignment interrupt (e.g. lmw/stmw/lwarx unaligned on G4). */
  Alignment = 3,
}

export class GuestFault extends Error {
  constructor(
    readonly kind: FaultKind,
    readonly address: number,
    readonly isWrite: boolean,
  ) {
    super(`guest fault at 0x${(address >>> 0).toString(16)}`);
  }
}

/**
 * A program-class exception raised by a runtime helper called from generated code
 * (privileged SPR access, invalid SPR, FP-enabled trap …). `code` is an Exc value. The
 * instruction that calls such a helper must carry Flag.CanFault so the block knows its PC.
 */
export class GuestException extends Error {
  constructor(
    readonly code: number,
    readonly detail = 0,
  ) {
    super(`guest exception ${code}`);
  }
}
