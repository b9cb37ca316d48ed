import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decoder/decode.js';
import { disassemble } from '../../src/decoder/disasm.js';
import { haveTool, OBJDUMP, objdumpWords, seededWords } from '../diff/objdump.js';

const bc = (bo: number, bi: number, bd: number, aalk = 0) =>
  ((16 << 26) | (bo << 21) | (bi << 16) | (bd & 0xfffc) | aalk) >>> 0;
const bclr = (bo: number, bi: number, lk = 0, bh = 0) =>
  ((19 << 26) | (bo << 21) | (bi << 16) | (bh << 11) | (16 << 1) | lk) >>> 0;
const bcctr = (bo: number, bi: number, lk = 0) => ((19 << 26) | (bo << 21) | (bi << 16) | (528 << 1) | lk) >>> 0;
const xl = (xo: number, d: number, a: number, b: number) =>
  ((19 << 26) | (d << 21) | (a << 16) | (b << 11) | (xo << 1)) >>> 0;

describe('branch disassembly (opcodes 16, 18, 19)', () => {
  it('prints the simplified mnemonics objdump -M 7450 prints', () => {
    const at = 0x1000;
    const cases: [number, string][] = [
      [0x48000010, 'b       0x1010'],
      [0x4bfffff1, 'bl      0xff0'],
      [0x48000012, 'ba      0x10'],
      [0x48000013, 'bla     0x10'],
      [bc(12, 0, 8), 'blt-    0x1008'], // y = 0, forward: predicted not taken
      [bc(12, 0, -8), 'blt+    0xff8'], // y = 0, backward: predicted taken
      [bc(13, 0, 8), 'blt+    0x1008'],
      [bc(4, 30, 8), 'bne-    cr7,0x1008'],
      [bc(4, 3, 8), 'bns-    0x1008'],
      [bc(16, 0, -8), 'bdnz+   0xff8'],
      [bc(17, 0, -8), 'bdnz-   0xff8'],
      [bc(18, 0, 8, 1), 'bdzl-   0x1008'],
      [bc(0, 2, 8), 'bdnzf-  eq,0x1008'],
      [bc(8, 6, 8), 'bdnzt-  4*cr1+eq,0x1008'],
      [bc(12, 0, 8, 1), 'bltl-   0x1008'],
      [bc(16, 1, 8), 'bc      16,gt,0x1008'], // BI must be 0 for bdnz
      [bc(17, 1, 8), 'bc+     17,gt,0x1008'],
      [bc(20, 0, 8), 'bc      20,lt,0x1008'],
      [bc(21, 0, 8), '.long 0x42a00008'],
      [bclr(20, 0), 'blr'],
      [bclr(20, 0, 1), 'blrl'],
      [bclr(4, 0), 'bgelr-'],
      [bclr(5, 4), 'bgelr+  cr1'],
      [bclr(12, 0, 0, 1), 'bltlr-  cr0,1'],
      [bclr(16, 0), 'bdnzlr-'],
      [bclr(6, 0), '.long 0x4cc00020'], // z bit set
      [bcctr(20, 0), 'bctr'],
      [bcctr(20, 0, 1), 'bctrl'],
      [bcctr(4, 30, 1), 'bnectrl- cr7'],
      [bcctr(16, 0), 'bcctr   16,lt'], // no CTR-decrement aliases for bcctr
      [xl(0, 4, 28, 0), 'mcrf    cr1,cr7'],
      [xl(257, 6, 4, 31), 'crand   4*cr1+eq,4*cr1+lt,4*cr7+so'],
      [xl(193, 6, 6, 6), 'crclr   4*cr1+eq'],
      [xl(289, 2, 2, 2), 'crset   eq'],
      [xl(33, 1, 2, 2), 'crnot   gt,eq'],
      [xl(449, 1, 2, 2), 'crmove  gt,eq'],
      [xl(449, 1, 2, 3), 'cror    gt,eq,so'],
    ];
    for (const [w, text] of cases) expect(disassemble(w, at), w.toString(16)).toBe(text);
  });

  it('rejects reserved bits of bclr/bcctr and of the CR-logical group', () => {
    expect(decode(bclr(20, 0) | 0x4000)).toBeUndefined();
    expect(decode(xl(257, 1, 2, 3) | 1)).toBeUndefined();
    expect(decode(xl(0, 4, 28, 0) | 0x00200000)).toBeUndefined(); // mcrf low BF bits
  });

  it.skipIf(!haveTool(OBJDUMP))('matches objdump for every BO × BI × AA × LK × sign(BD) of bc', () => {
    const words: number[] = [];
    for (let bo = 0; bo < 32; bo++)
      for (let bi = 0; bi < 32; bi++)
        for (const bd of [0x10, -0x10, 0, 0x7ffc, -0x8000])
          for (let aalk = 0; aalk < 4; aalk++) words.push(bc(bo, bi, bd, aalk));
    const ref = objdumpWords(Uint32Array.from(words), 0x10000);
    const bad = words
      .map((w, i) => [w.toString(16), disassemble(w, 0x10000 + 4 * i), ref[i]])
      .filter((r) => r[1] !== r[2]);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it.skipIf(!haveTool(OBJDUMP))('matches objdump for every BO × BI × BH × LK of bclr and bcctr', () => {
    const words: number[] = [];
    for (const xo of [16, 528])
      for (let bo = 0; bo < 32; bo++)
        for (let bi = 0; bi < 32; bi++)
          for (let bh = 0; bh < 4; bh++)
            for (let lk = 0; lk < 2; lk++)
              words.push(((19 << 26) | (bo << 21) | (bi << 16) | (bh << 11) | (xo << 1) | lk) >>> 0);
    const ref = objdumpWords(Uint32Array.from(words));
    const bad = words.map((w, i) => [w.toString(16), disassemble(w, 4 * i), ref[i]]).filter((r) => r[1] !== r[2]);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it.skipIf(!haveTool(OBJDUMP))('matches objdump on 20000 random words of opcodes 16, 18 and 19 each', () => {
    for (const op of [16, 18, 19]) {
      const words = seededWords(20000, 1600 + op).map((w) => ((w & 0x03ffffff) | (op << 26)) >>> 0);
      const ref = objdumpWords(words);
      const bad = [...words]
        .map((w, i) => [w.toString(16), disassemble(w, i * 4), ref[i]])
        .filter((r) => r[1] !== r[2]);
      expect(bad.slice(0, 5), `opcode ${op}`).toEqual([]);
    }
  });
});
