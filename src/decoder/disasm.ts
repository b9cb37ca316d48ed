import { decode, variantName } from './decode.js';
import { operandPrinters } from './operands.js';

/** objdump pads the mnemonic to this width before the operands. */
const MNEMONIC_WIDTH = 7;

function join(name: string, operands: string): string {
  return operands === '' ? name : `${name.padEnd(MNEMONIC_WIDTH)} ${operands}`;
}

/** The text objdump -M 7450 prints for one big-endian word at `addr`. */
export function disassemble(w: number, addr: number): string {
  w >>>= 0;
  const def = decode(w);
  if (!def) return `.long 0x${w.toString(16)}`;
  if (def.format) {
    const text = def.format(w, addr);
    if (text !== undefined) return text;
  }
  let name = def.name;
  let operands = def.operands;
  let variants = true;
  for (const alias of def.aliases ?? []) {
    if (alias.when(w)) {
      name = alias.name;
      operands = alias.operands;
      variants = alias.keepVariants !== false;
      break;
    }
  }
  if (variants) name = variantName(def, name, w);
  return join(name, operands.map((k) => operandPrinters[k](w, addr)).join(','));
}

export { join as formatInsn };
