import * as F from '../../decoder/fields.js';
import { altivec, VC_RC } from '../../decoder/table/altivec.js';
import type { Emitter } from './context.js';

// AltiVec emitters. Most instructions call a runtime helper (src/runtime/altivec/) with the
// register numbers as constants: `rt.vaddubm(s, 3, 4, 5)`. Word-wise logical ops, word
// add/subtract and the splat-immediates are inlined. VSCR is read and written in
// s.r[R.VSCR] by the helpers, never through a block local.
// The block compiler guards every `feature: 'altivec'` entry (facilityGuard in compile.ts):
// Illegal on CPUs without AltiVec, VecUnavailable when MSR[VEC]=0 in system mode.

const d = F.rt;
const a = F.ra;
const b = F.rb;
const c = F.rc5;

/** vD = op(vA, vB) inline, word by word. */
const words =
  (op: (x: string, y: string) => string): Emitter =>
  (w) => {
    const lines: string[] = [];
    for (let i = 0; i < 4; i++) {
      lines.push(`s.vr[${4 * d(w) + i}] = ${op(`s.vr[${4 * a(w) + i}]`, `s.vr[${4 * b(w) + i}]`)};`);
    }
    return lines.join(' ');
  };

/** The emitter for a table entry by form: which operands the helper takes. */
function helperCall(name: string, operands: readonly string[]): Emitter {
  const fields = operands.map((k): ((w: number) => number) => {
    switch (k) {
      case 'vrt':
        return d;
      case 'vra':
        return a;
      case 'vrb':
        return b;
      case 'vrc':
        return c;
      case 'vshb':
        return F.vShb;
      case 'vuimm':
        return a;
      case 'vsimm':
        return F.vSimm;
      default:
        throw new Error(`altivec emitter: operand ${k} of ${name}`);
    }
  });
  return (w) => `rt.${name}(s, ${fields.map((f) => f(w)).join(', ')});`;
}

const splatImmediate =
  (size: 1 | 2 | 4): Emitter =>
  (w) => {
    const imm = F.vSimm(w);
    const word = size === 4 ? imm : size === 2 ? ((imm & 0xffff) * 0x10001) | 0 : ((imm & 0xff) * 0x01010101) | 0;
    const base = 4 * d(w);
    return `s.vr.fill(${word}, ${base}, ${base + 4});`;
  };

/** Record-form compares set CR6 from the helper's nibble. */
const compare =
  (name: string): Emitter =>
  (w, ctx) => {
    const callArgs = `s, ${d(w)}, ${a(w)}, ${b(w)}`;
    if ((w & VC_RC) === 0) return `rt.${name}(${callArgs});`;
    const cr = ctx.setReg('cr');
    return `${cr} = (${cr} & ~0xf0) | (rt.${name}(${callArgs}) << 4);`;
  };

const inline: Record<string, Emitter> = {
  vand: words((x, y) => `${x} & ${y}`),
  vandc: words((x, y) => `${x} & ~${y}`),
  vor: words((x, y) => `${x} | ${y}`),
  vxor: words((x, y) => `${x} ^ ${y}`),
  vnor: words((x, y) => `~(${x} | ${y})`),
  vadduwm: words((x, y) => `(${x} + ${y}) | 0`),
  vsubuwm: words((x, y) => `(${x} - ${y}) | 0`),
  vspltisb: splatImmediate(1),
  vspltish: splatImmediate(2),
  vspltisw: splatImmediate(4),
};

function emitterFor(name: string, operands: readonly string[], isCompare: boolean): Emitter {
  if (inline[name]) return inline[name];
  if (isCompare) return compare(name);
  // vmaddfp/vnmsubfp print vD,vA,vC,vB; their helpers take (vD, vA, vB, vC) like the other VA forms.
  if (name === 'vmaddfp' || name === 'vnmsubfp') return helperCall(name, ['vrt', 'vra', 'vrb', 'vrc']);
  return helperCall(name, operands);
}

export const altivecEmitters: Record<string, Emitter> = Object.fromEntries(
  altivec.map((def) => [def.name, emitterFor(def.name, def.operands, def.name.startsWith('vcmp'))]),
);
