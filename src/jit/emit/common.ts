import type { EmitContext } from './context.js';

/**
 * CR is one int32 local `cr`; field n occupies bits (28 - 4n)..(31 - 4n) as in the
 * architecture (LT, GT, EQ, SO from the most significant bit down).
 */

/** Code that sets CR field `field` from a signed comparison of two int32 expressions. */
export function compareSigned(c: EmitContext, field: number, a: string, b: string): string {
  const shift = 28 - 4 * field;
  const cr = c.setReg('cr');
  return `${cr} = (${cr} & ${~(0xf << shift)}) | (((${a}) < (${b}) ? 8 : (${a}) > (${b}) ? 4 : 2) | ${c.reg('so')}) << ${shift};`;
}

/** Code that sets CR field `field` from an unsigned comparison of two int32 expressions. */
export function compareUnsigned(c: EmitContext, field: number, a: string, b: string): string {
  return compareSigned(c, field, `((${a}) >>> 0)`, `((${b}) >>> 0)`);
}

/** Code for the Rc=1 CR0 update from an int32 result held in local `value`. */
export function recordCr0(c: EmitContext, value: string): string {
  return compareSigned(c, 0, value, '0');
}
