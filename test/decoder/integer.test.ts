import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decoder/decode.js';
import { disassemble } from '../../src/decoder/disasm.js';
import { haveTool, OBJDUMP, objdumpWords, seededWords } from '../diff/objdump.js';

// Expected texts are what powerpc-linux-gnu-objdump 2.40 -d -M 7450 printed for these words.
const dis = (w: number) => disassemble(w, 0);

const cases: Record<string, [number, string][]> = {
  'addi/addis and li/lis (objdump never prints la/subi/subis)': [
    [0x38600005, 'li      r3,5'],
    [0x3860ffff, 'li      r3,-1'],
    [0x38830005, 'addi    r4,r3,5'],
    [0x3883ffff, 'addi    r4,r3,-1'],
    [0x3c600005, 'lis     r3,5'],
    [0x3c60ffff, 'lis     r3,-1'],
    [0x3c83ffff, 'addis   r4,r3,-1'],
  ],
  'other D-form arithmetic (no subic alias)': [
    [0x3083ffff, 'addic   r4,r3,-1'],
    [0x3483ffff, 'addic.  r4,r3,-1'],
    [0x1c83ffff, 'mulli   r4,r3,-1'],
    [0x2083ffff, 'subfic  r4,r3,-1'],
  ],
  'compares: cr0 omitted, L=1 spelled out, cmpi ignores reserved bit 9, cmp does not': [
    [0x7c032000, 'cmpw    r3,r4'],
    [0x7f832000, 'cmpw    cr7,r3,r4'],
    [0x7c232000, 'cmp     cr0,1,r3,r4'],
    [0x7c432000, '.long 0x7c432000'],
    [0x7c032001, '.long 0x7c032001'],
    [0x7c032040, 'cmplw   r3,r4'],
    [0x7fa32040, 'cmpl    cr7,1,r3,r4'],
    [0x2c03ffff, 'cmpwi   r3,-1'],
    [0x2f83ffff, 'cmpwi   cr7,r3,-1'],
    [0x2c23ffff, 'cmpi    cr0,1,r3,-1'],
    [0x2c43ffff, 'cmpwi   r3,-1'],
    [0x2803ffff, 'cmplwi  r3,65535'],
    [0x2b83ffff, 'cmplwi  cr7,r3,65535'],
    [0x2823ffff, 'cmpli   cr0,1,r3,65535'],
  ],
  'rotates and their simplified forms': [
    [0x5483003e, 'rotlwi  r3,r4,0'],
    [0x5483103e, 'rotlwi  r3,r4,2'],
    [0x5483001e, 'clrrwi  r3,r4,16'],
    [0x5483001f, 'clrrwi. r3,r4,16'],
    [0x5483083c, 'slwi    r3,r4,1'],
    [0x5483f87e, 'srwi    r3,r4,1'],
    [0x5483007e, 'clrlwi  r3,r4,1'],
    [0x5483283e, 'rotlwi  r3,r4,5'],
    [0x54832b3c, 'rlwinm  r3,r4,5,12,30'],
    [0x54832b3d, 'rlwinm. r3,r4,5,12,30'],
    [0x5083083c, 'rlwimi  r3,r4,1,0,30'],
    [0x5083003e, 'rlwimi  r3,r4,0,0,31'],
    [0x5c83283e, 'rotlw   r3,r4,r5'],
    [0x5c83283f, 'rotlw.  r3,r4,r5'],
    [0x5c83283c, 'rlwnm   r3,r4,r5,0,30'],
  ],
  'logical immediates, nop and xnop': [
    [0x60000000, 'nop'],
    [0x60210000, 'ori     r1,r1,0'],
    [0x6083ffff, 'ori     r3,r4,65535'],
    [0x64000000, 'oris    r0,r0,0'],
    [0x68000000, 'xnop'],
    [0x68000001, 'xori    r0,r0,1'],
    [0x6c000000, 'xoris   r0,r0,0'],
    [0x70000000, 'andi.   r0,r0,0'],
    [0x7083ffff, 'andi.   r3,r4,65535'],
    [0x7483ffff, 'andis.  r3,r4,65535'],
  ],
  'XO-form arithmetic with OE/Rc, reserved RB and OE bits': [
    [0x7c641850, 'subf    r3,r4,r3'],
    [0x7c641c51, 'subfo.  r3,r4,r3'],
    [0x7c641810, 'subfc   r3,r4,r3'],
    [0x7de11d14, 'addeo   r15,r1,r3'],
    [0x7c832214, 'add     r4,r3,r4'],
    [0x7c832615, 'addo.   r4,r3,r4'],
    [0x7c8300d0, 'neg     r4,r3'],
    [0x7c8304d1, 'nego.   r4,r3'],
    [0x7c8308d0, '.long 0x7c8308d0'],
    [0x7c830190, 'subfze  r4,r3'],
    [0x7c830990, '.long 0x7c830990'],
    [0x7c8301d4, 'addme   r4,r3'],
    [0x7c830096, 'mulhw   r4,r3,r0'],
    [0x7c830496, '.long 0x7c830496'],
    [0x7c830016, 'mulhwu  r4,r3,r0'],
    [0x7d22d9d6, 'mullw   r9,r2,r27'],
    [0x7e9727d6, 'divwo   r20,r23,r4'],
    [0x7e43cf97, 'divwuo. r18,r3,r25'],
  ],
  'X-form logical, shifts, counts; mr and not': [
    [0x7c832378, 'mr      r3,r4'],
    [0x7c832379, 'mr.     r3,r4'],
    [0x7c632b78, 'or      r3,r3,r5'],
    [0x7c8320f8, 'not     r3,r4'],
    [0x7c8328f8, 'nor     r3,r4,r5'],
    [0x7f237b39, 'orc.    r3,r25,r15'],
    [0x7c832838, 'and     r3,r4,r5'],
    [0x7c832878, 'andc    r3,r4,r5'],
    [0x7c832a78, 'xor     r3,r4,r5'],
    [0x7c832bb8, 'nand    r3,r4,r5'],
    [0x7c832a38, 'eqv     r3,r4,r5'],
    [0x7c832830, 'slw     r3,r4,r5'],
    [0x7c832c30, 'srw     r3,r4,r5'],
    [0x7c832e31, 'sraw.   r3,r4,r5'],
    [0x7c830670, 'srawi   r3,r4,0'],
    [0x7c83fe71, 'srawi.  r3,r4,31'],
    [0x7c830034, 'cntlzw  r3,r4'],
    [0x7c830834, '.long 0x7c830834'],
    [0x7c830774, 'extsb   r3,r4'],
    [0x7c830735, 'extsh.  r3,r4'],
  ],
};

describe('integer disassembly (objdump -M 7450 text)', () => {
  for (const [family, list] of Object.entries(cases)) {
    it(family, () => {
      expect(list.map(([w]) => dis(w))).toEqual(list.map(([, text]) => text));
    });
  }

  it('decodes every text above that is not .long; of the .long words only those qemu-ppc runs', () => {
    // cmp with bit 9 or Rc set, cntlzw with RB set: objdump rejects them, qemu-ppc 7.2 runs them.
    const runsUnderQemu = new Set([0x7c432000, 0x7c032001, 0x7c830834]);
    for (const list of Object.values(cases))
      for (const [w, text] of list) {
        const def = decode(w);
        expect(def === undefined, text).toBe(text.startsWith('.long') && !runsUnderQemu.has(w));
      }
  });
});

describe.skipIf(!haveTool(OBJDUMP))('integer disassembly against objdump itself', () => {
  /** Every SH×MB×ME (and Rc) of one rotate opcode with rA=3, rS=4. */
  const sweep = (opcd: number) => {
    const words: number[] = [];
    for (let f = 0; f < 1 << 16; f++) words.push(((opcd << 26) | (4 << 21) | (3 << 16) | f) >>> 0);
    return Uint32Array.from(words);
  };

  for (const opcd of [20, 21, 23]) {
    it(`opcode ${opcd}: every SH, MB, ME and Rc`, () => {
      const words = sweep(opcd);
      const ref = objdumpWords(words);
      const bad = [...words].map((w, i) => [w, dis(w), ref[i]]).filter(([, ours, theirs]) => ours !== theirs);
      expect(bad.slice(0, 5)).toEqual([]);
    });
  }

  it('opcode 31: every extended opcode of the family, Rc, OE and reserved fields', () => {
    const words: number[] = [];
    for (const xo of [0, 8, 10, 11, 24, 26, 28, 32, 40, 60, 75, 104, 124, 136, 138, 200, 202, 232, 234, 235])
      for (const low of [0, 1, 0x400, 0x401])
        for (const fields of [0x00000000, 0x00642800, 0x03ff_f800, 0x00430000])
          words.push(((31 << 26) | fields | (xo << 1) | low) >>> 0);
    for (const xo of [266, 284, 316, 412, 444, 459, 476, 491, 536, 792, 824, 922, 954])
      for (const low of [0, 1, 0x400, 0x401])
        for (const fields of [0x00000000, 0x00642800, 0x03ff_f800, 0x00832000])
          words.push(((31 << 26) | fields | (xo << 1) | low) >>> 0);
    const ref = objdumpWords(Uint32Array.from(words));
    const bad = words.map((w, i) => [w.toString(16), dis(w), ref[i]]).filter(([, ours, theirs]) => ours !== theirs);
    expect(bad).toEqual([]);
  });

  it('random words forced to each primary opcode of the family', () => {
    const words: number[] = [];
    const random = seededWords(4000, 0x1a7e);
    for (const opcd of [7, 8, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29])
      for (let i = 0; i < 250; i++) words.push(((random[i] & 0x03ffffff) | (opcd << 26)) >>> 0);
    words.push(0x60000000, 0x68000000, 0x38000000, 0x3c000000);
    const ref = objdumpWords(Uint32Array.from(words));
    const bad = words.map((w, i) => [w.toString(16), dis(w), ref[i]]).filter(([, ours, theirs]) => ours !== theirs);
    expect(bad).toEqual([]);
  });
});
