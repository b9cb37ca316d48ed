import { Exc } from '../../cpu/exceptions.js';
import { Spr } from '../../cpu/spr.js';
import * as F from '../../decoder/fields.js';
import { R } from '../../runtime/cpu-state.js';
import { MSR } from '../../runtime/interrupts.js';
import type { EmitContext, Emitter } from './context.js';
import { storeCode } from './memory-access.js';

// System emitters. Supervisor-only instructions check MSR[PR] first and raise
// Exc.Privileged in problem state (PEM §6.4.7 program interrupt). What they do to MSR,
// segment registers and translation belongs to the machine: they end the block through
// `ctx.endWith(rt.<op>(…))`, called after the registers are written back. On runtimes without
// the optional supervisor operations (user-mode machines, which run with MSR[PR]=1 and never
// get there) mtmsr/mtsr/tlbie fall back to plain state updates and rfi raises Illegal.

/** `if (MSR[PR]) raise Privileged` — the first statement of every supervisor-only emitter. */
const privileged = (c: EmitContext) => `if (${c.reg('msr')} & ${MSR.PR}) ${c.raise(Exc.Privileged)}`;

/** EA = (RA|0) + RB of the X-form cache and external-control ops. */
const indexedEa = (w: number, c: EmitContext) => `(${c.gpr0(F.ra(w))} + ${c.gpr(F.rb(w))}) | 0`;

/** Address of the next instruction: what a block-ending runtime call returns by default. */
const next = (c: EmitContext) => c.pcPlus(4);

/** Ends the block with `effect` (a runtime call for its side effect) and continues at pc + 4. */
const endWithEffect = (c: EmitContext, effect: string) => c.endWith(`(${effect}, ${next(c)})`);

/**
 * tw/twi condition from TO (PEM tw): 0x10 signed <, 0x08 signed >, 0x04 =, 0x02 unsigned <,
 * 0x01 unsigned >. Returns undefined when the trap can never be taken (TO = 0).
 */
function trapCondition(to: number, a: string, b: string): string | undefined {
  // lt|gt|eq (or ltu|gtu|eq) covers every ordering of a and b: the trap is always taken.
  if ((to & 0x1c) === 0x1c || (to & 0x07) === 0x07) return 'true';
  const parts: string[] = [];
  if (to & 0x10) parts.push(`${a} < ${b}`);
  if (to & 0x08) parts.push(`${a} > ${b}`);
  if (to & 0x04) parts.push(`${a} === ${b}`);
  if (to & 0x02) parts.push(`(${a} >>> 0) < (${b} >>> 0)`);
  if (to & 0x01) parts.push(`(${a} >>> 0) > (${b} >>> 0)`);
  return parts.length ? parts.join(' || ') : undefined;
}

function trap(c: EmitContext, to: number, a: string, b: string): string {
  const cond = trapCondition(to, a, b);
  if (cond === undefined) return '';
  return cond === 'true' ? c.raise(Exc.Trap) : `if (${cond}) ${c.raise(Exc.Trap)}`;
}

/** XER assembled from its block locals, as mfxer reads it. */
const readXer = (c: EmitContext) =>
  `((${c.reg('so')} << 31) | (${c.reg('ov')} << 30) | (${c.reg('ca')} << 29) | (${c.reg('xer_rest')} & 0x1fffffff))`;

function writeXer(c: EmitContext, v: string): string {
  return [
    `${c.setReg('so')} = (${v} >>> 31) & 1;`,
    `${c.setReg('ov')} = (${v} >>> 30) & 1;`,
    `${c.setReg('ca')} = (${v} >>> 29) & 1;`,
    `${c.setReg('xer_rest')} = ${v} & 0x1fffffff;`,
  ].join(' ');
}

/** A no-op that still names the instruction in the generated code (cache hints, barriers). */
const nothing: Emitter = () => '';

export const systemEmitters: Record<string, Emitter> = {
  // The machine's sc stub decides everything (syscall, hypercall, interrupt) and returns the next PC.
  sc: (w, c) => c.endWith(`rt.sc(s, ${F.lev(w)}, ${c.pcPlus(0)})`),
  rfi: (_w, c) => {
    const check = privileged(c);
    c.endWith(`(rt.rfi ? rt.rfi(s) : rt.raise(s, ${Exc.Illegal}, ${c.pcPlus(0)}, 0))`);
    return check;
  },
  // Context synchronizing: ending the block is all the JIT needs (later code is re-fetched).
  isync: nothing,
  twi: (w, c) => trap(c, F.rt(w), c.gpr(F.ra(w)), c.field('si', w)),
  tw: (w, c) => trap(c, F.rt(w), c.gpr(F.ra(w)), c.gpr(F.rb(w))),

  mfcr: (w, c) => `${c.setGpr(F.rt(w))} = ${c.reg('cr')};`,
  mtcrf: (w, c) => {
    const fxm = F.crm(w);
    let mask = 0;
    for (let field = 0; field < 8; field++) if (fxm & (0x80 >> field)) mask |= 0xf << (28 - 4 * field);
    if (mask === 0) return '';
    const cr = c.setReg('cr');
    if (mask === -1) return `${cr} = ${c.gpr(F.rt(w))};`; // mtcr
    return `${cr} = (${cr} & ${~mask}) | (${c.gpr(F.rt(w))} & ${mask | 0});`;
  },
  // CR field ← XER[SO,OV,CA,0]; those XER bits are cleared (PEM mcrxr).
  mcrxr: (w, c) => {
    const shift = 28 - 4 * F.crfD(w);
    const cr = c.setReg('cr');
    const field = `((${c.reg('so')} << 3) | (${c.reg('ov')} << 2) | (${c.reg('ca')} << 1))`;
    return `${cr} = (${cr} & ${~(0xf << shift)}) | (${field} << ${shift}); ${c.setReg('so')} = 0; ${c.setReg('ov')} = 0; ${c.setReg('ca')} = 0;`;
  },

  mfmsr: (w, c) => `${privileged(c)} ${c.setGpr(F.rt(w))} = ${c.reg('msr')};`,
  mtmsr: (w, c) => {
    const check = privileged(c);
    const v = c.gpr(F.rt(w));
    c.endWith(`(rt.mtmsr ? rt.mtmsr(s, ${v}, ${next(c)}) : (r[${R.MSR}] = ${v}, rt.contextChanged(s), ${next(c)}))`);
    return check;
  },

  mfspr: (w, c) => {
    const spr = F.spr(w);
    const d = c.setGpr(F.rt(w));
    switch (spr) {
      case Spr.XER:
        return `${d} = ${readXer(c)};`;
      case Spr.LR:
        return `${d} = ${c.reg('lr')};`;
      case Spr.CTR:
        return `${d} = ${c.reg('ctr')};`;
      case Spr.VRSAVE:
        return `${d} = r[${R.VRSAVE}];`;
      default:
        // Privilege and existence of the SPR are the runtime's to check (it throws GuestException).
        return `${d} = rt.mfspr(s, ${spr}, ${c.pcPlus(0)}) | 0;`;
    }
  },
  mtspr: (w, c) => {
    const spr = F.spr(w);
    const v = c.gpr(F.rt(w));
    switch (spr) {
      case Spr.XER:
        return writeXer(c, v);
      case Spr.LR:
        return `${c.setReg('lr')} = ${v};`;
      case Spr.CTR:
        return `${c.setReg('ctr')} = ${v};`;
      case Spr.VRSAVE:
        return `r[${R.VRSAVE}] = ${v};`;
      default:
        return `rt.mtspr(s, ${spr}, ${v}, ${c.pcPlus(0)});`;
    }
  },
  // TBR 268 reads TBL, 269 TBU (bit 15 of the word).
  mftb: (w, c) => `${c.setGpr(F.rt(w))} = rt.timeBase(s, ${(w & 0x10000) !== 0}) | 0;`,

  mfsr: (w, c) => `${privileged(c)} ${c.setGpr(F.rt(w))} = s.sr[${F.sr(w)}];`,
  mfsrin: (w, c) => `${privileged(c)} ${c.setGpr(F.rt(w))} = s.sr[${c.gpr(F.rb(w))} >>> 28];`,
  mtsr: (w, c) => {
    const check = privileged(c);
    const v = c.gpr(F.rt(w));
    const n = F.sr(w);
    endWithEffect(c, `rt.mtsr ? rt.mtsr(s, ${n}, ${v}) : (s.sr[${n}] = ${v}, rt.contextChanged(s))`);
    return check;
  },
  mtsrin: (w, c) => {
    const check = privileged(c);
    const v = c.gpr(F.rt(w));
    const n = `(${c.gpr(F.rb(w))} >>> 28)`;
    endWithEffect(c, `rt.mtsr ? rt.mtsr(s, ${n}, ${v}) : (s.sr[${n}] = ${v}, rt.contextChanged(s))`);
    return check;
  },
  tlbie: (w, c) => {
    const check = privileged(c);
    const ea = c.gpr(F.rb(w));
    endWithEffect(c, `rt.tlbie ? rt.tlbie(s, ${ea}) : rt.contextChanged(s)`);
    return check;
  },
  // tlbia and the 7450 software reloads (tlbld/tlbli, MPC7450 RM §5.5.5.2) flush every
  // translation: the soft TLB refills itself from the page table on the next miss.
  tlbia: (_w, c) => {
    const check = privileged(c);
    endWithEffect(c, 'rt.contextChanged(s)');
    return check;
  },
  tlbld: (_w, c) => {
    const check = privileged(c);
    endWithEffect(c, 'rt.contextChanged(s)');
    return check;
  },
  tlbli: (_w, c) => {
    const check = privileged(c);
    endWithEffect(c, 'rt.contextChanged(s)');
    return check;
  },
  tlbsync: (_w, c) => privileged(c),
  sync: nothing,
  eieio: nothing,

  // Cache hints: no architectural effect on a coherent memory model.
  dcbst: nothing,
  dcbf: nothing,
  dcbt: nothing,
  dcbtst: nothing,
  dcba: nothing,
  dcbi: (_w, c) => privileged(c),
  // dcbz zeroes the 32-byte block containing EA (MPC7450 cache line).
  dcbz: (w, c) => {
    const ea = c.tmp();
    const stores = Array.from({ length: 8 }, (_, i) => storeCode(c, 'u32', `((${ea} + ${i * 4}) | 0)`, '0')).join(' ');
    return `${ea} = (${indexedEa(w, c)}) & -32; ${stores}`;
  },
  icbi: (w, c) => `rt.invalidateCode((${indexedEa(w, c)}) >>> 0);`,
  // eciwx/ecowx behave as lwzx/stwx here (no external devices use EAR).
  eciwx: (w, c) => `${c.setGpr(F.rt(w))} = m.r32(${indexedEa(w, c)});`,
  ecowx: (w, c) => `m.w32(${indexedEa(w, c)}, ${c.gpr(F.rt(w))});`,
  dst: nothing,
  dstst: nothing,
  dss: nothing,
};
