import * as F from '../../decoder/fields.js';
import type { Emitter } from './context.js';

export const integerEmitters: Record<string, Emitter> = {
  addi: (w, c) => `${c.setGpr(F.rt(w))} = (${c.gpr0(F.ra(w))} + ${F.si(w)}) | 0;`,
  add: (w, c) => {
    if (w & 0x401) return ''; // TODO(integer helper): OE/Rc forms
    return `${c.setGpr(F.rt(w))} = (${c.gpr(F.ra(w))} + ${c.gpr(F.rb(w))}) | 0;`;
  },
};
