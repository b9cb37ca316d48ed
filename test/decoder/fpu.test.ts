import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decoder/decode.js';
import { disassemble } from '../../src/decoder/disasm.js';

// Expected texts recorded from `powerpc-linux-gnu-objdump -d -M 7450` (binutils 2.40);
// test/diff/disasm-report.ts … 59 / … 63 checks random words live.
const GOLDEN: [number, string][] = [
  [0xfc22182a, 'fadd    f1,f2,f3'],
  [0xfc22182b, 'fadd.   f1,f2,f3'],
  [0xefe02828, 'fsubs   f31,f0,f5'],
  [0xfc8501b3, 'fmul.   f4,f5,f6'],
  [0xec8501b2, 'fmuls   f4,f5,f6'],
  [0xfc221824, 'fdiv    f1,f2,f3'],
  [0xec221825, 'fdivs.  f1,f2,f3'],
  [0xfc20182c, 'fsqrt   f1,f3'],
  [0xec20182d, 'fsqrts. f1,f3'],
  [0xec201830, 'fres    f1,f3'],
  [0xec211830, 'fres    f1,f3,1'],
  [0xfc211835, 'frsqrte. f1,f3,1'],
  [0xfc201834, 'frsqrte f1,f3'],
  [0xfc22192e, 'fsel    f1,f2,f4,f3'],
  [0xfc22193b, 'fmadd.  f1,f2,f4,f3'],
  [0xec221938, 'fmsubs  f1,f2,f4,f3'],
  [0xfc22193c, 'fnmsub  f1,f2,f4,f3'],
  [0xec22193f, 'fnmadds. f1,f2,f4,f3'],
  [0xfc201018, 'frsp    f1,f2'],
  [0xfc20101d, 'fctiw.  f1,f2'],
  [0xfc20101e, 'fctiwz  f1,f2'],
  [0xff821800, 'fcmpu   cr7,f2,f3'],
  [0xfd821840, 'fcmpo   cr3,f2,f3'],
  [0xffe0004d, 'mtfsb1. 31'],
  [0xfc80008c, 'mtfsb0  4'],
  [0xfc201050, 'fneg    f1,f2'],
  [0xfc201091, 'fmr.    f1,f2'],
  [0xfc201110, 'fnabs   f1,f2'],
  [0xfc201210, 'fabs    f1,f2'],
  [0xff940080, 'mcrfs   cr7,cr5'],
  [0xff00910d, 'mtfsfi. 6,9'],
  [0xfca0048e, 'mffs    f5'],
  [0xfca0048f, 'mffs.   f5'],
  // mffscrni f5,2 (POWER9): objdump -M 7450 does not decode it.
  [0xfcb7148e, '.long 0xfcb7148e'],
  [0xfdfe4d8e, 'mtfsf   255,f9'],
  // L (bit 6) and W (bit 15) are ignored by -M 7450.
  [0xff034d8f, 'mtfsf.  129,f9'],
  // Reserved fields set: not instructions.
  [0xfc22186a, '.long 0xfc22186a'],
  [0xfc211090, '.long 0xfc211090'],
  [0xffa21800, '.long 0xffa21800'],
  [0xfc00088e, '.long 0xfc00088e'],
];

describe('FPU disassembly (objdump -M 7450)', () => {
  it.each(GOLDEN)('%s', (word, text) => {
    expect(disassemble(word, 0)).toBe(text);
  });

  it('decodes mffscrni and the other ISA 3.0 mffs variants to the entry that executes as mffs', () => {
    expect(decode(0xfcb7148e)?.name).toBe('mffscrni');
    expect(decode(0xfcb6148e)?.name).toBe('mffscrni'); // mffscrn f5,f2
    expect(decode(0xfcb8048e)?.name).toBe('mffscrni'); // mffsl f5
    expect(decode(0xfca0048e)?.name).toBe('mffs');
    expect(disassemble(0xfcb8048f, 0)).toBe('.long 0xfcb8048f');
  });
});
