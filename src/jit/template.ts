import { Exc } from '../cpu/exceptions.js';
import { ALL_FACILITIES, type Facilities } from '../cpu/facilities.js';
import { Flag, type InsnDef } from '../decoder/types.js';
import type { CpuState } from '../runtime/cpu-state.js';
import type { GuestMemory, MemoryKind } from '../runtime/memory.js';
import type { Runtime } from '../runtime/runtime.js';
import type { DecodedInsn } from './block.js';
import { type BlockFn, facilityGuard } from './compile.js';
import { AddressDependent, EmitContext, type ImmediateField, SPECIAL, type SpecialReg } from './emit/context.js';
import { emitterFor } from './emit/index.js';
import { memoryPrologue } from './emit/memory-access.js';

// The cold tier. A block runs first through per-instruction templates: one small function per
// opcode shape, emitted once by the instruction's own emitter and shared by every address and
// every register choice. Register operands are read from the instruction word at run time;
// the other fields (immediates, CR fields, variant bits) are part of the template's key. A
// block that turns hot is compiled as a whole (compile.ts). Translating a cold block therefore
// costs a decode and a few map lookups instead of a `new Function` (≈ 40 µs per block).

/** One instruction: returns the next PC, or the handler's address + EXCEPTION_MARK. */
export type TemplateFn = (s: CpuState, m: GuestMemory, rt: Runtime, w: number, pc: number) => number;

/** Added to the result of a template that raised an exception (a PC never exceeds 2^32 - 1). */
const EXCEPTION_MARK = 2 ** 32;

/**
 * Instruction fields that name registers, with the value the template is emitted with. The
 * values are distinct, so the emitter produces its general code (no shortcut for equal
 * operands); the template reads and writes the registers in the state arrays, so operands
 * that are the same register at run time behave as in a compiled block (checked against
 * compiled blocks on random words in test/jit/template.test.ts).
 */
const REGISTER_FIELDS = {
  rt: { shift: 21, canonical: 29 },
  ra: { shift: 16, canonical: 30 },
  rb: { shift: 11, canonical: 31 },
  rc: { shift: 6, canonical: 28 },
} as const;
type FieldName = keyof typeof REGISTER_FIELDS;

/** Operand kinds → the register field they read (GPR or FPR); `ra0`: RA = 0 means the value 0. */
const GPR_OPERANDS: Partial<Record<string, FieldName>> = {
  rt: 'rt',
  rs: 'rt',
  ra: 'ra',
  ra0: 'ra',
  dra: 'ra',
  dra0: 'ra',
  rb: 'rb',
};
const FPR_OPERANDS: Partial<Record<string, FieldName>> = { frt: 'rt', fra: 'ra', frb: 'rb', frc: 'rc' };
const ZERO_MEANS_ZERO = new Set(['ra0', 'dra0']);

/**
 * Operand kinds whose immediate the emitters take through `EmitContext.field`: read from the
 * word at run time, so one template serves every displacement and constant. The canonical value
 * stands in the key (non-zero, so no emitter takes a shortcut meant for 0).
 */
const IMMEDIATE_OPERANDS: Partial<Record<string, { field: ImmediateField; mask: number; canonical: number }>> = {
  si: { field: 'si', mask: 0xffff, canonical: 0x1234 },
  dra: { field: 'si', mask: 0xffff, canonical: 0x1234 },
  dra0: { field: 'si', mask: 0xffff, canonical: 0x1234 },
  ui: { field: 'ui', mask: 0xffff, canonical: 0x1234 },
  li: { field: 'li', mask: 0x03fffffc, canonical: 0x100 },
  bd: { field: 'bd', mask: 0xfffc, canonical: 0x100 },
};

/**
 * Instructions whose emitters use register numbers as more than names (unrolled register
 * ranges, vector register offsets): they have no template and their blocks compile at once.
 */
const UNTEMPLATED = new Set(['lmw', 'stmw', 'lswi', 'lswx', 'stswi', 'stswx']);

export interface Shape {
  key: number;
  gprFields: Map<number, FieldName>;
  fprFields: Map<number, FieldName>;
  immediates: Set<ImmediateField>;
}

/** How a table entry's words map to template keys: which bits are cleared and set. */
interface ShapePlan {
  clear: number;
  set: number;
  gprFields: Map<number, FieldName>;
  fprFields: Map<number, FieldName>;
  immediates: Set<ImmediateField>;
}

function buildPlan(def: InsnDef, raIsZero: boolean): ShapePlan {
  const plan: ShapePlan = { clear: 0, set: 0, gprFields: new Map(), fprFields: new Map(), immediates: new Set() };
  const canonicalize = (kind: string, table: Partial<Record<string, FieldName>>, out: Map<number, FieldName>) => {
    const name = table[kind];
    if (name === undefined || (ZERO_MEANS_ZERO.has(kind) && raIsZero)) return;
    const { shift, canonical } = REGISTER_FIELDS[name];
    plan.clear |= 31 << shift;
    plan.set |= canonical << shift;
    out.set(canonical, name);
  };
  for (const kind of def.operands) {
    canonicalize(kind, GPR_OPERANDS, plan.gprFields);
    canonicalize(kind, FPR_OPERANDS, plan.fprFields);
    const immediate = IMMEDIATE_OPERANDS[kind];
    if (immediate) {
      plan.clear |= immediate.mask;
      plan.set |= immediate.canonical;
      plan.immediates.add(immediate.field);
    }
  }
  return plan;
}

/** Per table entry: the plan for RA ≠ 0 and for RA = 0 (RA|0 operands stay 0 in the key). */
const plans = new WeakMap<InsnDef, readonly [ShapePlan, ShapePlan]>();

/** The template key of an instruction: its word with register fields set to the canonical values. */
function shapeOf(def: InsnDef, word: number): Shape {
  let both = plans.get(def);
  if (!both) {
    both = [buildPlan(def, false), buildPlan(def, true)];
    plans.set(def, both);
  }
  const plan = both[((word >>> 16) & 31) === 0 ? 1 : 0];
  return {
    key: ((word & ~plan.clear) | plan.set) >>> 0,
    gprFields: plan.gprFields,
    fprFields: plan.fprFields,
    immediates: plan.immediates,
  };
}

const fieldExpr = (name: FieldName) => `(w >>> ${REGISTER_FIELDS[name].shift}) & 31`;

/** JavaScript source of the template for `shape` (parameters s, m, rt, w, pc). */
/**
 * Emits register operands as elements of the state arrays, indexed by the instruction's own
 * fields, instead of block locals: two operands naming the same register then share one slot,
 * exactly as they share one local in a compiled block.
 */
class TemplateContext extends EmitContext {
  constructor(
    private readonly shape: Shape,
    memory: MemoryKind | undefined,
  ) {
    super(memory);
    this.pcVariable = 'pc';
    this.runtimeFields = shape.immediates;
  }
  private slot(array: 'g' | 'f', n: number, fields: Map<number, FieldName>): string {
    const field = fields.get(n);
    return field === undefined ? `${array}[${n}]` : `${array}[${fieldExpr(field)}]`;
  }
  override gpr(n: number): string {
    return this.slot('g', n, this.shape.gprFields);
  }
  override setGpr(n: number): string {
    return this.slot('g', n, this.shape.gprFields);
  }
  override fpr(n: number): string {
    return this.slot('f', n, this.shape.fprFields);
  }
  override setFpr(n: number): string {
    return this.slot('f', n, this.shape.fprFields);
  }
}

export function generateTemplate(
  def: InsnDef | undefined,
  shape: Shape,
  facilities: Facilities,
  memory?: MemoryKind,
): { body: string; hasTail: boolean } {
  const ctx = new TemplateContext(shape, memory);
  let code: string;
  const emit = def ? emitterFor(def) : undefined;
  const facility = def ? facilityGuard(def, ctx, facilities) : {};
  if (facility.replace !== undefined) code = facility.replace;
  else if (emit) code = `${facility.guard ?? ''}\n${emit(shape.key, ctx)}`;
  else code = ctx.raise(Exc.Illegal);
  const mayFault = ((def?.flags ?? 0) & Flag.CanFault) !== 0;

  const lines = [
    'const g = s.gpr, f = s.fpr, r = s.r;',
    'let npc = 0, exc = 0, excDetail = 0, fault = null;',
    ...memoryPrologue(ctx),
  ];
  for (const name of ctx.specialUsed) lines.push(`let ${name} = r[${SPECIAL[name]}];`);
  for (let t = 0; t < ctx.tempCount; t++) lines.push(`let t${t} = 0;`);
  lines.push('b: {');
  lines.push(...(mayFault ? ['try {', code, '} catch (e) {', '  fault = e;', '}'] : [code]));
  lines.push(`npc = ${ctx.pcPlus(4)};`, '}');
  for (const name of ctx.specialDirty as Set<SpecialReg>) lines.push(`r[${SPECIAL[name]}] = ${name};`);
  lines.push(`if (exc > 0) return rt.raise(s, exc, npc, excDetail) + ${EXCEPTION_MARK};`);
  if (mayFault) lines.push(`if (fault !== null) return rt.fault(s, fault, pc) + ${EXCEPTION_MARK};`);
  lines.push(ctx.tail ?? 'return npc;');
  return { body: lines.join('\n'), hasTail: ctx.tail !== undefined };
}

/** Why a block has no cold form: the caller compiles it at once. */
export class NoTemplate extends Error {}

/** Whether `def` can run from a template (invalid words can: they raise). */
const templated = (def: InsnDef | undefined) =>
  def === undefined || (!UNTEMPLATED.has(def.name) && def.feature !== 'altivec' && emitterFor(def) !== undefined);

interface Template {
  fn: TemplateFn;
  /** Ends with a runtime call after write-back (sc, rfi, mtmsr …). */
  hasTail: boolean;
}
type TemplateCache = Map<InsnDef | undefined, Map<number, Template | null>>;
/**
 * Templates built so far, by facility set and memory kind, table entry and key. Shared by every
 * engine in the process: a second guest running the same code builds nothing.
 */
const templateCaches = new Map<string, TemplateCache>();

/**
 * The cache for a facility set and memory kind (equal sets share one, whatever object describes
 * them).
 */
const cacheOfFacilities = new WeakMap<Facilities, Map<MemoryKind | undefined, TemplateCache>>();
function cacheFor(facilities: Facilities, memory: MemoryKind | undefined): TemplateCache {
  let byMemory = cacheOfFacilities.get(facilities);
  if (!byMemory) {
    byMemory = new Map();
    cacheOfFacilities.set(facilities, byMemory);
  }
  let byDef = byMemory.get(memory);
  if (!byDef) {
    const key = `${+facilities.fpu}${+facilities.altivec}${+facilities.checkMsr}/${memory ?? 'calls'}`;
    byDef = templateCaches.get(key);
    if (!byDef) {
      byDef = new Map();
      templateCaches.set(key, byDef);
    }
    byMemory.set(memory, byDef);
  }
  return byDef;
}

const INVALID_SHAPE: Shape = { key: 0, gprFields: new Map(), fprFields: new Map(), immediates: new Set() };

function templateFor(insn: DecodedInsn, facilities: Facilities, memory: MemoryKind | undefined): Template | null {
  const byDef = cacheFor(facilities, memory);
  let byKey = byDef.get(insn.def);
  if (!byKey) {
    byKey = new Map();
    byDef.set(insn.def, byKey);
  }
  const shape = insn.def ? shapeOf(insn.def, insn.word) : INVALID_SHAPE;
  const cached = byKey.get(shape.key);
  if (cached !== undefined) return cached;
  let template: Template | null = null;
  if (templated(insn.def)) {
    try {
      const source = generateTemplate(insn.def, shape, facilities, memory);
      const fn = new Function('s', 'm', 'rt', 'w', 'pc', source.body) as TemplateFn;
      template = { fn, hasTail: source.hasTail };
    } catch (e) {
      if (!(e instanceof AddressDependent)) throw e;
    }
  }
  byKey.set(shape.key, template);
  return template;
}

/**
 * A cold block: runs each instruction's template in turn. Throws NoTemplate when one of the
 * instructions has none (the block is then compiled).
 */
export function templateBlock(
  insns: readonly DecodedInsn[],
  facilities: Facilities = ALL_FACILITIES,
  memory?: MemoryKind,
): { fn: BlockFn; hasTail: boolean } {
  const n = insns.length;
  const fns: TemplateFn[] = [];
  const words = new Int32Array(n);
  let hasTail = false;
  for (let i = 0; i < n; i++) {
    const template = templateFor(insns[i], facilities, memory);
    if (template === null) throw new NoTemplate(insns[i].def?.name);
    fns.push(template.fn);
    hasTail = template.hasTail;
    words[i] = insns[i].word;
  }
  const start = insns[0].pc;
  const fn: BlockFn = (s, m, rt, _cnt) => {
    let pc = start;
    for (let i = 0; i < n; i++) {
      const next = fns[i](s, m, rt, words[i], pc);
      if (next >= EXCEPTION_MARK) return next - EXCEPTION_MARK;
      pc = next;
    }
    return pc;
  };
  return { fn, hasTail };
}
