/**
 * A PowerPC CPU and its memory as a DebugTarget: registers from CpuState (ppc-registers.ts),
 * memory through the machine's debug accessors, breakpoints and watchpoints in EngineDebug.
 */
import type { CpuState } from '../runtime/cpu-state.js';
import type { EngineDebug } from './engine-debug.js';
import {
  type PpcRegisterView,
  ppcRegisterCount,
  ppcTargetXml,
  readPpcRegister,
  writePpcRegister,
} from './ppc-registers.js';
import type { BreakpointType, DebugTarget } from './target.js';

/** Byte access to guest virtual memory for the debugger (no watchpoints, no guest faults). */
export interface DebugMemory {
  /** The byte at `address`, or undefined when it cannot be read. */
  read8(address: number): number | undefined;
  /** Whether the byte could be written. */
  write8(address: number, value: number): boolean;
}

export interface PpcTargetOptions extends PpcRegisterView {
  threadId: number;
  /** See DebugTarget.attached. */
  attached: boolean;
  memory: DebugMemory;
  /** `monitor` commands (blocks, profile…); undefined for an unknown one. */
  monitor: (command: string) => string | undefined;
}

export class PpcDebugTarget implements DebugTarget {
  readonly threadId: number;
  readonly attached: boolean;
  readonly registerCount: number;
  debug: EngineDebug | undefined;

  constructor(
    private readonly s: CpuState,
    private readonly options: PpcTargetOptions,
  ) {
    this.threadId = options.threadId;
    this.attached = options.attached;
    this.registerCount = ppcRegisterCount(options.altivec);
  }

  targetXml(annex: string): string | undefined {
    return ppcTargetXml(annex, this.options.altivec);
  }
  readRegister(n: number): Uint8Array | undefined {
    return readPpcRegister(this.s, n, this.options);
  }
  writeRegister(n: number, bytes: Uint8Array): boolean {
    return writePpcRegister(this.s, n, bytes, this.options);
  }
  setPc(address: number): void {
    this.s.pc = address;
  }
  readMemory(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const b = this.options.memory.read8((address + i) >>> 0);
      if (b === undefined) return out.slice(0, i);
      out[i] = b;
    }
    return out;
  }
  writeMemory(address: number, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) {
      if (!this.options.memory.write8((address + i) >>> 0, bytes[i])) return false;
    }
    return true;
  }
  setBreakpoint(type: BreakpointType, address: number, length: number, insert: boolean): boolean {
    return this.debug ? this.debug.setBreakpoint(type, address, length, insert) : false;
  }
  monitor(command: string): string | undefined {
    return this.options.monitor(command);
  }
}
