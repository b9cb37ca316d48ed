import { Exc } from '../../cpu/exceptions.js';
import * as F from '../../decoder/fields.js';
import type { EmitContext, Emitter } from './context.js';

// Branch and CR-logical emitters. Branches end their block: a taken branch leaves with
// ctx.exit(target); a conditional one that is not taken falls through to the block's final
// `npc = pc + 4`. The BO "z" bits and the y hint are ignored, as the CPU does (PEM §2.4.1).

/** Mask of CR bit n (bit 0 is the most significant) in the `cr` local. */
const crMask = (n: number) => 1 << (31 - n);

/** LK=1: LR = address of the next instruction (set after the target is read, for bclrl). */
const link = (w: number, c: EmitContext) => (w & 1 ? `${c.setReg('lr')} = ${c.pcPlus(4)} | 0;` : '');

/** Target of b/bc: absolute (AA=1) or relative to the instruction, as a uint32 expression. */
const displaced = (w: number, c: EmitContext, displacement: string) =>
  w & 2 ? c.unsigned(displacement) : c.pcPlus(displacement);

/**
 * The branch condition of BO/BI as a JS expression, preceded by the CTR decrement when BO
 * asks for one. Returns [statements, condition]; condition 'true' means always taken.
 */
function condition(w: number, c: EmitContext, decrement = true): [string, string] {
  const bo = F.rt(w);
  const bi = F.ra(w);
  const parts: string[] = [];
  let pre = '';
  if (!(bo & 0x04) && decrement) {
    const ctr = c.setReg('ctr');
    pre = `${ctr} = (${ctr} - 1) | 0;`;
    parts.push(bo & 0x02 ? `${ctr} === 0` : `${ctr} !== 0`);
  }
  if (!(bo & 0x10)) {
    const bit = `(${c.reg('cr')} & ${crMask(bi)})`;
    parts.push(bo & 0x08 ? `${bit} !== 0` : `${bit} === 0`);
  }
  return [pre, parts.length ? parts.join(' && ') : 'true'];
}

/** `if (cond) exit(target)`, or an unconditional exit. */
const branchTo = (c: EmitContext, cond: string, target: string) =>
  cond === 'true' ? c.exit(target) : `if (${cond}) ${c.exit(target)}`;

/** CR-logical op on bits crbA, crbB into crbD: `op` combines two 0/1 expressions. */
function crLogical(op: (a: string, b: string) => string): Emitter {
  return (w, c) => {
    const d = F.rt(w);
    const a = `((${c.reg('cr')} >>> ${31 - F.ra(w)}) & 1)`;
    const b = `((${c.reg('cr')} >>> ${31 - F.rb(w)}) & 1)`;
    const cr = c.setReg('cr');
    return `${cr} = (${cr} & ${~crMask(d)}) | (((${op(a, b)}) & 1) << ${31 - d});`;
  };
}

export const branchEmitters: Record<string, Emitter> = {
  b: (w, c) => {
    return `${link(w, c)} ${c.exit(displaced(w, c, c.field('li', w)))}`;
  },
  bc: (w, c) => {
    const [pre, cond] = condition(w, c);
    return `${pre} ${link(w, c)} ${branchTo(c, cond, displaced(w, c, c.field('bd', w)))}`;
  },
  bclr: (w, c) => {
    // The target is LR before this instruction's own link update (bclrl).
    const target = c.tmp();
    const [pre, cond] = condition(w, c);
    return `${target} = ${c.reg('lr')} & -4; ${pre} ${link(w, c)} ${branchTo(c, cond, `${target} >>> 0`)}`;
  },
  bcctr: (w, c) => {
    // BO without "ignore CTR" is an invalid form of bcctr; QEMU (target/ppc/translate.c
    // gen_bcond) raises an illegal-instruction program interrupt on non-2.x CPUs, as here.
    if (!(F.rt(w) & 0x04)) return c.raise(Exc.Illegal);
    const [, cond] = condition(w, c, false);
    const target = c.tmp();
    return `${target} = ${c.reg('ctr')} & -4; ${link(w, c)} ${branchTo(c, cond, `${target} >>> 0`)}`;
  },
  mcrf: (w, c) => {
    const d = F.crfD(w);
    const s = F.crfS(w);
    const cr = c.setReg('cr');
    const field = `((${cr} >>> ${28 - 4 * s}) & 15)`;
    return `${cr} = (${cr} & ${~(0xf << (28 - 4 * d))}) | (${field} << ${28 - 4 * d});`;
  },
  crand: crLogical((a, b) => `${a} & ${b}`),
  cror: crLogical((a, b) => `${a} | ${b}`),
  crxor: crLogical((a, b) => `${a} ^ ${b}`),
  crnand: crLogical((a, b) => `~(${a} & ${b})`),
  crnor: crLogical((a, b) => `~(${a} | ${b})`),
  creqv: crLogical((a, b) => `~(${a} ^ ${b})`),
  crandc: crLogical((a, b) => `${a} & ~${b}`),
  crorc: crLogical((a, b) => `${a} | ~${b}`),
};
