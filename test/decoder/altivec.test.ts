import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decoder/decode.js';
import { disassemble } from '../../src/decoder/disasm.js';
import { haveTool, OBJDUMP, objdumpWords, seededWords } from '../diff/objdump.js';

describe('AltiVec disassembly (opcode 4)', () => {
  it('prints the forms objdump -M 7450 prints', () => {
    const cases: [number, string][] = [
      [0x10000000, 'vaddubm v0,v0,v0'],
      [0x1022196e, 'vmaddfp v1,v2,v5,v3'], // vD,vA,vC,vB
      [0x1022192c, 'vsldoi  v1,v2,v3,4'],
      [0x10421484, 'vmr     v2,v2'],
      [0x10431484, 'vor     v2,v3,v2'],
      [0x10221504, 'vnot    v1,v2'],
      [0x10221c06, 'vcmpequb. v1,v2,v3'],
      [0x10221806, 'vcmpequb v1,v2,v3'],
      [0x103f030c, 'vspltisb v1,-1'],
      [0x1023120c, 'vspltb  v1,v2,3'],
      [0x1000fe04, '.long 0x1000fe04'], // mfvscr with VB set: reserved bits
      [0x10001644, 'mtvscr  v2'],
      [0x1021134a, 'vcfsx   v1,v2,1'],
    ];
    for (const [w, text] of cases) expect(disassemble(w, 0), w.toString(16)).toBe(text);
  });

  it('leaves reserved-bit words undecoded', () => {
    expect(decode(0x1021120c | 0x00100000)).toBeUndefined(); // vspltb with UIMM bit 4 set
    expect(decode(0x1022192c | 0x400)).toBeUndefined(); // vsldoi with bit 21 set
    expect(decode(0x1001010a)).toBeUndefined(); // vrefp with VA != 0
  });

  it.skipIf(!haveTool(OBJDUMP))('matches objdump on 20000 random opcode-4 words', () => {
    const words = seededWords(20000, 4242).map((w) => ((w & 0x03ffffff) | (4 << 26)) >>> 0);
    const ref = objdumpWords(words);
    const bad = [...words].map((w, i) => [w.toString(16), disassemble(w, i * 4), ref[i]]).filter((r) => r[1] !== r[2]);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
