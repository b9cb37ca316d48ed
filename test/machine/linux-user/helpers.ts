import { findCpuModel } from '../../../src/cpu/models.js';
import { createInitProcess } from '../../../src/machine/linux-user/kernel.js';
import type { LinuxProcess } from '../../../src/machine/linux-user/linux-process.js';
import { NR } from '../../../src/machine/linux-user/syscall-names.js';
import { R } from '../../../src/runtime/cpu-state.js';
import { Prot } from '../../../src/runtime/flat-memory.js';
import { tinyElf } from '../elf-builder.js';

/** A process with no program loaded: a scratch RW area at SCRATCH for syscall arguments. */
export const SCRATCH = 0x20000000;
export function testProcess(cpu = '750', messages: string[] = [], trace?: string[]): LinuxProcess {
  const p = createInitProcess({
    model: findCpuModel(cpu),
    exePath: '/test/prog',
    diagnostics: (l) => messages.push(l),
    trace: trace ? (l) => trace.push(l) : undefined,
  });
  p.mem.map(SCRATCH, 0x10000, Prot.RW);
  p.as.setBrkStart(0x10100000);
  return p;
}

export interface SyscallResult {
  /** r3 after the call. */
  r3: number;
  /** CR0[SO]. */
  so: number;
  /** The rest of CR (must be unchanged). */
  crRest: number;
  next: number;
}

/** Runs syscall `name` as `sc` at `pc` would, with r3… = args. */
export function sys(p: LinuxProcess, name: string, args: number[] = [], pc = 0x10000000): SyscallResult {
  const s = p.s;
  s.gpr[0] = NR[name];
  args.forEach((a, i) => {
    s.gpr[3 + i] = a;
  });
  const next = p.syscall(s, pc);
  return { r3: s.gpr[3], so: (s.r[R.CR] >>> 28) & 1, crRest: s.r[R.CR] & ~0x10000000, next };
}

export function putString(p: LinuxProcess, addr: number, text: string): number {
  p.mem.load(addr, Buffer.from(`${text}\0`, 'utf8'));
  return addr;
}
export const u32 = (p: LinuxProcess, addr: number) => p.um.u32(addr);

/** tinyElf plus a PT_INTERP naming `interp` (a dynamic executable as far as execve cares). */
export function dynamicElf(interp: string, words: readonly number[] = [0x60000000]): Uint8Array {
  const base = tinyElf(words);
  const name = Buffer.from(`${interp}\0`);
  const bytes = new Uint8Array(base.length + 32 + name.length);
  bytes.set(base.subarray(0, 84));
  const dv = new DataView(bytes.buffer);
  dv.setUint16(44, 2); // two program headers: the PT_LOAD moves behind a PT_INTERP
  bytes.copyWithin(84, 52, 84);
  dv.setUint32(84 + 4, 116); // PT_LOAD offset: its code now follows both headers
  dv.setUint32(52, 3); // PT_INTERP
  dv.setUint32(56, 120);
  dv.setUint32(68, name.length);
  bytes.set(base.subarray(84), 116);
  bytes.set(name, 120);
  return bytes;
}
