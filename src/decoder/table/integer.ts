import * as F from '../fields.js';
import { Flag, type InsnDef } from '../types.js';
import { D, XO } from './forms.js';

export const integer: InsnDef[] = [
  {
    name: 'addi',
    ...D(14),
    operands: ['rt', 'ra0', 'si'],
    family: 'integer',
    aliases: [{ name: 'li', when: (w) => F.ra(w) === 0, operands: ['rt', 'si'] }],
  },
  {
    name: 'add',
    ...XO(31, 266),
    operands: ['rt', 'ra', 'rb'],
    family: 'integer',
    variants: ['oe', 'rc'],
    flags: Flag.None,
  },
];
