import { Exc } from '../cpu/exceptions.js';
import { ALL_FACILITIES, type Facilities } from '../cpu/facilities.js';
import * as F from '../decoder/fields.js';
import { Flag, type InsnDef } from '../decoder/types.js';
import { type CpuState, R } from '../runtime/cpu-state.js';
import type { GuestMemory, MemoryKind } from '../runtime/memory.js';
import type { Runtime } from '../runtime/runtime.js';
import { type DecodedInsn, isFollowed } from './block.js';
import { EmitContext, SPECIAL, type SpecialReg } from './emit/context.js';
import { emitterFor } from './emit/index.js';
import { memoryPrologue } from './emit/memory-access.js';
import { blockSourceMap, blockUrl, inlineSourceMapComment } from './source-map.js';

export type BlockFn = (s: CpuState, m: GuestMemory, rt: Runtime, cnt?: Float64Array) => number;

export function compileRegion(blocks: readonly (readonly DecodedInsn[])[], options: CompileOptions = {}): BlockFn {
  const body = generateRegion(blocks, options.facilities, options.memory);
  return new Function('s', 'm', 'rt', 'cnt', `${body}\n//# sourceURL=${blockUrl(blocks[0][0].pc)}-region`) as BlockFn;
}

export interface CompiledSource {
  /** The function body (parameters s, m, rt). */
  body: string;
  /** The block branches back to its own start and runs as a loop inside one call. */
  selfLoop: boolean;
  /** The block ends with a runtime call after write-back (sc, rfi, mtmsr …). */
  hasTail: boolean;
  /** For each guest instruction, the line of `body` where its code starts (0-based). */
  insnLines: number[];
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

/**
 * Generates the JavaScript for one block. Guest registers the block touches live in locals;
 * dirty ones are written back once at the single exit. `ip` holds the address of the
 * instruction that may fault so a GuestFault is delivered with the exact PC.
 */
const MSR_FP = 0x2000;
const MSR_VEC = 0x02000000;

/**
 * The guard emitted before an instruction, or the raise that replaces it: illegal when the CPU
 * lacks the instruction's feature, else the unavailable interrupt when the feature's MSR enable
 * bit is off (unless the table marks the instruction IgnoresMsrEnable).
 */
export function facilityGuard(def: InsnDef, ctx: EmitContext, f: Facilities): { replace?: string; guard?: string } {
  const checkMsr = f.checkMsr && !((def.flags ?? 0) & Flag.IgnoresMsrEnable);
  if (def.feature === 'fpu') {
    if (!f.fpu) return { replace: ctx.raise(Exc.Illegal) };
    if (checkMsr) return { guard: `if ((r[${R.MSR}] & ${MSR_FP}) === 0) ${ctx.raise(Exc.FpUnavailable)}` };
  } else if (def.feature === 'altivec') {
    if (!f.altivec) return { replace: ctx.raise(Exc.Illegal) };
    if (checkMsr) return { guard: `if ((r[${R.MSR}] & ${MSR_VEC}) === 0) ${ctx.raise(Exc.VecUnavailable)}` };
  }
  return {};
}

interface EmittedBody {
  lines: string[];
  /** For each instruction, the index in `lines` where its code starts. */
  insnLines: number[];
  mayFault: boolean;
}

/**
 * Emits one block's instructions into `ctx` (which collects the registers used). Exits set
 * `npc` and `break b`; falling off the end sets `npc` to the next address.
 */
function emitInstructions(insns: readonly DecodedInsn[], ctx: EmitContext, facilities: Facilities): EmittedBody {
  const lines: string[] = [];
  const insnLines: number[] = [];
  // -1: even instruction 0 sets ip, since a looping block re-enters it with ip from the
  // previous iteration (and without it the block would get no try/catch at all).
  let ipSet = -1;
  let mayFault = false;
  for (let i = 0; i < insns.length; i++) {
    const insn = insns[i];
    ctx.pc = insn.pc;
    ctx.index = i;
    ctx.followsBranch = isFollowed(insns, i);
    const flags = insn.def?.flags ?? 0;
    if (flags & Flag.CanFault && ipSet !== i) {
      // Signed: a small integer for V8 at any address (kernel code lives above 2^31).
      lines.push(`ip = ${insn.pc | 0};`);
      ipSet = i;
      mayFault = true;
    }
    insnLines.push(lines.length);
    const emit = insn.def ? emitterFor(insn.def) : undefined;
    const facility = insn.def ? facilityGuard(insn.def, ctx, facilities) : {};
    lines.push(`// ${hex(insn.pc)}: ${insn.def?.name ?? '.long'}`);
    if (facility.guard) lines.push(facility.guard);
    lines.push(facility.replace ?? (emit ? emit(insn.word, ctx) : ctx.raise(Exc.Illegal)));
  }
  ctx.followsBranch = false;
  // Reached only when no instruction left the block (exits always `break b`).
  lines.push(`npc = ${hex(insns[insns.length - 1].pc + 4)};`);
  return { lines, insnLines, mayFault };
}

/** The body wrapped so a GuestFault (or GuestException) records the faulting instruction. */
function guarded(body: EmittedBody): string[] {
  if (!body.mayFault) return body.lines;
  return ['try {', ...body.lines, '} catch (e) {', '  fault = e;', '  npc = ip >>> 0;', '}'];
}

/** Locals for every register the emitted code used, and the stores of those it changed. */
function registerFrame(ctx: EmitContext): { prologue: string[]; writeBack: string[] } {
  const prologue: string[] = [
    'const g = s.gpr, f = s.fpr, r = s.r;',
    'let npc = 0, exc = 0, excDetail = 0, ip = 0, fault = null;',
    ...memoryPrologue(ctx),
  ];
  for (const n of [...ctx.gprUsed].sort((a, b) => a - b)) prologue.push(`let r${n} = g[${n}];`);
  for (const n of [...ctx.fprUsed].sort((a, b) => a - b)) prologue.push(`let f${n} = f[${n}];`);
  for (const name of ctx.specialUsed) prologue.push(`let ${name} = r[${SPECIAL[name]}];`);
  for (let t = 0; t < ctx.tempCount; t++) prologue.push(`let t${t} = 0;`);
  const writeBack: string[] = [];
  for (const n of [...ctx.gprDirty].sort((a, b) => a - b)) writeBack.push(`g[${n}] = r${n};`);
  for (const n of [...ctx.fprDirty].sort((a, b) => a - b)) writeBack.push(`f[${n}] = f${n};`);
  for (const name of ctx.specialDirty as Set<SpecialReg>) writeBack.push(`r[${SPECIAL[name]}] = ${name};`);
  return { prologue, writeBack };
}

function exitCode(ctx: EmitContext, mayFault: boolean): string[] {
  return [
    'if (exc > 0) return rt.raise(s, exc, npc, excDetail);',
    mayFault ? 'if (fault !== null) return rt.fault(s, fault, npc);' : '',
    ctx.tail ?? 'return npc;',
  ].filter((l) => l !== '');
}

export function generateBlock(
  insns: readonly DecodedInsn[],
  facilities: Facilities = ALL_FACILITIES,
  memory?: MemoryKind,
): CompiledSource {
  const ctx = new EmitContext(memory);
  const emitted = emitInstructions(insns, ctx, facilities);
  const { prologue, writeBack } = registerFrame(ctx);
  const start = insns[0].pc;
  const last = insns[insns.length - 1];
  const selfLoop = ctx.tail === undefined && branchTarget(last) === start;
  // A self-loop keeps registers in locals across iterations; the cap returns to the run
  // loop now and then so it can check budgets and interrupts. With an instruction budget
  // (R.INSN_BUDGET, deterministic mode) it returns after the first iteration that reaches it.
  // `iter` counts the iterations after the first (the engine adds them to the block's entries).
  const n = insns.length;
  const iterationCap = `r[${R.INSN_BUDGET}] > 0 ? Math.min(${MAX_LOOP_ITERATIONS}, Math.ceil(r[${R.INSN_BUDGET}] / ${n})) : ${MAX_LOOP_ITERATIONS}`;
  const head = selfLoop
    ? [...prologue, 'let iter = 0;', `const cap = ${iterationCap};`, 'for (;;) {', 'b: {']
    : [...prologue, 'b: {'];
  const loopEnd = selfLoop
    ? [
        `if (npc !== ${hex(start)} || exc !== 0${emitted.mayFault ? ' || fault !== null' : ''} || iter + 1 >= cap) break;`,
        'iter++;',
        '}',
        `r[${R.LOOP_ITERS}] = iter;`,
      ]
    : [];
  const tail = ['}', ...loopEnd, ...writeBack, ...exitCode(ctx, emitted.mayFault)];
  const offset = head.length + (emitted.mayFault ? 1 : 0);
  return {
    body: [...head, ...guarded(emitted), ...tail].join('\n'),
    selfLoop,
    hasTail: ctx.tail !== undefined,
    insnLines: emitted.insnLines.map((l) => l + offset),
  };
}

/**
 * A region: several hot blocks of one page compiled into one function that dispatches between
 * them with a `switch` on the next PC, so registers stay in locals across the blocks of a loop
 * and no block boundary goes back to the run loop. `cnt[k]` counts entries of block k (the
 * exact profile). Blocks that end with a runtime call (sc, rfi …) are never members.
 */
export function generateRegion(
  blocks: readonly (readonly DecodedInsn[])[],
  facilities: Facilities = ALL_FACILITIES,
  memory?: MemoryKind,
): string {
  const ctx = new EmitContext(memory);
  const cases: string[] = [];
  let mayFault = false;
  blocks.forEach((insns, k) => {
    const emitted = emitInstructions(insns, ctx, facilities);
    if (ctx.tail !== undefined) throw new Error('region member ends with a runtime call');
    mayFault ||= emitted.mayFault;
    cases.push(
      `case ${hex(insns[0].pc)}:`,
      `cnt[${k}]++;`,
      `ni += ${insns.length};`,
      'b: {',
      ...guarded(emitted),
      '}',
      'break;',
    );
  });
  const { prologue, writeBack } = registerFrame(ctx);
  return [
    ...prologue,
    `npc = ${hex(blocks[0][0].pc)};`,
    'let iter = 0;',
    // Instructions retired by the members entered (reported in R.REGION_INSNS) and the budget
    // after which the region returns at the next member boundary (deterministic mode).
    'let ni = 0;',
    `const budget = r[${R.INSN_BUDGET}] > 0 ? r[${R.INSN_BUDGET}] : ${2 ** 31 - 1};`,
    'region: for (;;) {',
    'switch (npc) {',
    ...cases,
    'default:',
    'break region;',
    '}',
    `if (exc !== 0${mayFault ? ' || fault !== null' : ''} || ++iter >= ${MAX_LOOP_ITERATIONS} || ni >= budget) break;`,
    '}',
    `r[${R.REGION_INSNS}] = ni;`,
    ...writeBack,
    ...exitCode(ctx, mayFault),
  ].join('\n');
}

/** Iterations a self-looping block runs per call before returning to the run loop. */
export const MAX_LOOP_ITERATIONS = 1 << 16;

/** The static target of a relative, non-linking b/bc ending a block, if any. */
export function branchTarget(insn: DecodedInsn): number | undefined {
  const w = insn.word;
  if ((w & 3) !== 0) return undefined; // absolute or linking
  const opcd = w >>> 26;
  if (opcd === 18) return (insn.pc + F.li(w)) >>> 0;
  if (opcd === 16) return (insn.pc + F.bd(w)) >>> 0;
  return undefined;
}

export interface CompiledBlock {
  fn: BlockFn;
  selfLoop: boolean;
  hasTail: boolean;
  /** The function body and its source map, when requested. */
  source?: CompiledSource;
  sourceMap?: string;
}

export interface CompileOptions {
  facilities?: Facilities;
  /** Inline memory fast path for this kind of memory (emit/memory-access.ts); none by default. */
  memory?: MemoryKind;
  /** Attach a source map from generated lines to guest instructions (costs translation time). */
  sourceMap?: boolean;
  /** Keep the generated source (for --dump-blocks). */
  keepSource?: boolean;
}

export function compileBlock(insns: readonly DecodedInsn[], options: CompileOptions = {}): CompiledBlock {
  const source = generateBlock(insns, options.facilities, options.memory);
  const url = blockUrl(insns[0].pc);
  let text = `${source.body}\n//# sourceURL=${url}`;
  let sourceMap: string | undefined;
  if (options.sourceMap) {
    sourceMap = blockSourceMap(insns, source.insnLines, source.body.split('\n').length);
    text += `\n${inlineSourceMapComment(sourceMap)}`;
  }
  const fn = new Function('s', 'm', 'rt', 'cnt', text) as BlockFn;
  return {
    fn,
    selfLoop: source.selfLoop,
    hasTail: source.hasTail,
    source: options.keepSource ? source : undefined,
    sourceMap,
  };
}
