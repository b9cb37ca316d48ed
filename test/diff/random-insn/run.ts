import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { disassemble } from '../../../src/decoder/disasm.js';
import { Engine } from '../../../src/jit/engine.js';
import { parseElf } from '../../../src/machine/elf.js';
import { loadElfFlat } from '../../../src/machine/load-flat.js';
import { bareRuntime } from '../../../src/runtime/bare-runtime.js';
import { CpuState } from '../../../src/runtime/cpu-state.js';
import { FlatMemory } from '../../../src/runtime/flat-memory.js';
import { GuestException, GuestFault } from '../../../src/runtime/memory.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import type { Batch } from './batch.js';
import type { CompareMask } from './generate.js';
import * as L from './layout.js';

export interface BatchRun {
  /** The bytes the guest wrote to stdout (all records), or undefined if it wrote nothing. */
  records: Uint8Array | undefined;
  /** Cases that raised an exception instead of completing (in-process runner only). */
  faulted: Map<number, string>;
  error?: string;
  ms: number;
}

export function runQemu(batch: Batch, qemu = process.env.QEMU_PPC ?? 'qemu-ppc'): BatchRun {
  return runChild([qemu, batch.elfPath]);
}

/** `node bin/ppcjit.js run ELF` (the user-mode machine). */
export function runPpcjitCli(batch: Batch, ppcjit: string): BatchRun {
  return runChild([process.execPath, ppcjit, 'run', batch.elfPath]);
}

function runChild(cmd: string[]): BatchRun {
  const t0 = performance.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { maxBuffer: 1 << 28, timeout: 300_000, env: {} });
  const ms = performance.now() - t0;
  const error = r.error
    ? String(r.error)
    : r.status !== 0
      ? `status ${r.status} signal ${r.signal}: ${String(r.stderr).slice(0, 500)}`
      : undefined;
  return { records: r.stdout?.length ? new Uint8Array(r.stdout) : undefined, faulted: new Map(), error, ms };
}

/**
 * Runs the batch ELF inside this process on the JIT engine, with a minimal runtime: sc handles
 * write(4) and exit(1) only; an exception in a case is recorded and execution resumes at the next
 * case (the straight-line layout makes that possible), so one unimplemented instruction costs one
 * case, not the batch. This is the harness path until `ppcjit run` exists.
 */
export function runInProcess(batch: Batch): BatchRun {
  const t0 = performance.now();
  const bytes = readFileSync(batch.elfPath);
  const elf = parseElf(bytes, batch.elfPath);
  const m = new FlatMemory();
  loadElfFlat(m, elf);
  const s = new CpuState();
  const faulted = new Map<number, string>();
  let records: Uint8Array | undefined;
  let engine: Engine | undefined;
  const caseAt = (pc: number) => {
    let lo = 0;
    let hi = batch.caseStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (batch.caseStart[mid] <= pc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const skipCase = (what: string, pc: number) => {
    if (pc >= batch.tailStart) {
      engine!.stopped = true;
      return pc;
    }
    const inSubroutine = pc >= batch.subroutines[0] && pc < batch.subroutines[1];
    const i = inSubroutine ? Math.floor(((s.gpr[31] >>> 0) - L.DATA_ADDR) / L.RECORD_SIZE) : caseAt(pc);
    if (i < 0 || i >= batch.caseStart.length) {
      engine!.stopped = true;
      return pc;
    }
    const word = m.bytes.length > pc ? new DataView(m.buffer).getUint32(pc, false) : 0;
    faulted.set(i, `${what} at ${pc.toString(16)}: ${hex(word)} ${opcodeKey(word)} (${disassemble(word, pc)})`);
    return i + 1 < batch.caseStart.length ? batch.caseStart[i + 1] : batch.tailStart;
  };
  const rt: Runtime = bareRuntime(() => engine!, {
    raise: (_s, code, pc) => skipCase(`exception ${code}`, pc >>> 0),
    fault: (_s, err, pc) => {
      if (err instanceof GuestException) return skipCase(`exception ${err.code}`, pc >>> 0);
      if (err instanceof GuestFault) return skipCase(`fault at ${err.address.toString(16)}`, pc >>> 0);
      throw err;
    },
    sc: (st, _lev, pc) => {
      const nr = st.gpr[0];
      if (nr === 4) {
        const at = st.gpr[4] >>> 0;
        records = m.bytes.slice(at, at + (st.gpr[5] >>> 0));
        st.gpr[3] = st.gpr[5];
      } else engine!.stopped = true;
      return (pc + 4) >>> 0;
    },
  });
  engine = new Engine(s, m, rt);
  engine.compileOptions = { memory: 'flat' }; // the inline memory fast path, as linux-user runs
  s.pc = elf.entry;
  let error: string | undefined;
  try {
    if (!engine.run(50_000_000)) error = 'block budget exhausted';
  } catch (e) {
    error = `internal error: ${(e as Error).message}`;
  }
  if (!records) {
    // the write in the tail did not run (an unimplemented instruction there): take the records
    // straight from guest memory, so the cases that did complete are still compared
    error = `${error ?? ''}${error ? '; ' : ''}tail did not write; records read from guest memory`;
    records = m.bytes.slice(L.DATA_ADDR, L.DATA_ADDR + batch.data.length);
  }
  return { records, faulted, error, ms: performance.now() - t0 };
}

export interface Mismatch {
  caseIndex: number;
  text: string;
  /** What differs, coarse (for a histogram): "fpscr^00020000", "cr", "fpr", "gpr", "exception op 31 xo 8" … */
  kinds: string[];
}

/** "op P" for primary-only opcodes, "op P xo X" where an extended opcode selects the instruction. */
export function opcodeKey(word: number): string {
  const op = word >>> 26;
  if (op === 31 || op === 19 || op === 63) return `op ${op} xo ${(word >>> 1) & 0x3ff}`;
  if (op === 59) return `op ${op} xo ${(word >>> 1) & 0x1f}`;
  return `op ${op}`;
}

const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

/** Compares the OUT state of every case (under its mask); returns one readable report per case. */
export function compareRuns(batch: Batch, ref: Uint8Array, ours: Uint8Array, faulted: Map<number, string>): Mismatch[] {
  const out: Mismatch[] = [];
  const rdv = new DataView(ref.buffer, ref.byteOffset, ref.byteLength);
  const odv = new DataView(ours.buffer, ours.byteOffset, ours.byteLength);
  batch.cases.forEach((c, i) => {
    const seq = c.words.map((w, k) => `    ${hex(w)}  ${disassemble(w, batch.sequenceStart[i] + 4 * k)}`).join('\n');
    if (faulted.has(i)) {
      out.push({
        caseIndex: i,
        text: `case ${i}: ${faulted.get(i)}\n${seq}`,
        kinds: [`exception ${/op \d+( xo \d+)?/.exec(faulted.get(i)!)?.[0]}`],
      });
      return;
    }
    const at = i * L.RECORD_SIZE;
    const diffs: string[] = [];
    const kinds = new Set<string>();
    const cmp = (name: string, off: number, mask: number, qemuOnly = 0, oursOnly = 0) => {
      const a = rdv.getUint32(at + off, false) & mask;
      let b = odv.getUint32(at + off, false) & mask;
      // one-directional differences the generator accepts (deliberate differences, README.md)
      b ^= (a ^ b) & ((a & qemuOnly) | (b & oursOnly));
      if (a !== b)
        kinds.add(
          name === 'fpscr'
            ? `fpscr^${hex(a ^ b)}`
            : name
                .replace(/\d+$/, '')
                .replace(/^r$/, 'gpr')
                .replace(/^scratch\+$/, 'memory'),
        );
      if (a !== b) diffs.push(`${name}: qemu ${hex(a)} ppcjit ${hex(b)}${mask !== -1 ? ` (mask ${hex(mask)})` : ''}`);
    };
    const m: CompareMask = c.mask;
    for (let r = 0; r < 32; r++) cmp(`r${r}`, L.OUT + L.GPR + 4 * r, m.gpr[r]);
    for (let f = 0; f < 32; f++) {
      const hiOff = L.OUT + L.FPR + 8 * f;
      const a = [rdv.getUint32(at + hiOff, false) & m.fprHi[f], rdv.getUint32(at + hiOff + 4, false) & m.fprLo[f]];
      const b = [odv.getUint32(at + hiOff, false) & m.fprHi[f], odv.getUint32(at + hiOff + 4, false) & m.fprLo[f]];
      if (a[0] !== b[0] || a[1] !== b[1]) kinds.add('fpr');
      if (a[0] !== b[0] || a[1] !== b[1])
        diffs.push(`f${f}: qemu ${hex(a[0])}_${hex(a[1])} ppcjit ${hex(b[0])}_${hex(b[1])}`);
    }
    cmp('cr', L.OUT + L.CR, m.cr);
    cmp('xer', L.OUT + L.XER, m.xer);
    cmp('lr', L.OUT + L.LR, -1);
    cmp('ctr', L.OUT + L.CTR, -1);
    // FPRF[C] of a single-precision result (README.md, fprf-single-denormal): only where that
    // result, when still in its register, is a single denormal
    let oursOnly = m.fpscrOursOnly;
    if (m.singleDenormalFpr >= 0 && oursOnly & 0x10000) {
      const hi = rdv.getUint32(at + L.OUT + L.FPR + 8 * m.singleDenormalFpr, false);
      const lo = rdv.getUint32(at + L.OUT + L.FPR + 8 * m.singleDenormalFpr + 4, false);
      const singleDenormal = (hi & 0x7fffffff) < 0x38100000 && ((hi & 0x7fffffff) !== 0 || lo !== 0);
      if (!singleDenormal) oursOnly &= ~0x10000;
    }
    cmp('fpscr', L.OUT + L.FPSCR + 4, m.fpscr, m.fpscrQemuOnly, oursOnly);
    for (let k = 0; k < L.SCRATCH_SIZE; k += 4) cmp(`scratch+${k}`, L.SCRATCH + k, -1);
    if (diffs.length)
      out.push({
        caseIndex: i,
        text: `case ${i} (seed 0x${batch.seed.toString(16)})${c.gaps.length ? ` [allowed: ${c.gaps.join(', ')}]` : ''}:\n${seq}\n  ${diffs.slice(0, 12).join('\n  ')}`,
        kinds: [...kinds],
      });
  });
  return out;
}
