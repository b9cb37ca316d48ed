import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decoder/decode.js';
import { disassemble } from '../../src/decoder/disasm.js';
import { system } from '../../src/decoder/table/system.js';
import { haveTool, OBJDUMP, objdumpWords, seededWords } from '../diff/objdump.js';

const x31 = (xo: number, d: number, a: number, b: number) =>
  ((31 << 26) | (d << 21) | (a << 16) | (b << 11) | (xo << 1)) >>> 0;
/** mfspr/mtspr with the SPR number's halves swapped as the encoding stores them. */
const sprWord = (xo: number, r: number, spr: number) => x31(xo, r, spr & 31, spr >> 5);

describe('system disassembly', () => {
  it('prints the forms objdump -M 7450 prints', () => {
    const cases: [number, string][] = [
      [0x44000002, 'sc'],
      [0x44000022, 'sc      1'],
      [0x4c000064, 'rfi'],
      [0x4c00012c, 'isync'],
      [0x7fe00008, 'trap'],
      [x31(4, 31, 3, 4), 'twu     r3,r4'],
      [x31(4, 4, 3, 4), 'tweq    r3,r4'],
      [x31(4, 3, 3, 4), 'tw      3,r3,r4'],
      [0x0d03fff0, 'twgti   r3,-16'],
      [0x0fe00000, 'twui    r0,0'],
      [x31(19, 5, 0, 0), 'mfcr    r5'],
      [0x7c0ff120, 'mtcr    r0'],
      [0x7c642120, 'mtcrf   66,r3'],
      [0x7d380120, 'mtocrf  128,r9'],
      [x31(512, 4, 0, 0), 'mcrxr   cr1'],
      [sprWord(339, 3, 8), 'mflr    r3'],
      [sprWord(467, 3, 9), 'mtctr   r3'],
      [sprWord(339, 3, 1), 'mfxer   r3'],
      [sprWord(339, 3, 256), 'mfvrsave r3'],
      [sprWord(339, 3, 273), 'mfsprg  r3,1'],
      [sprWord(467, 3, 275), 'mtsprg  3,r3'],
      [sprWord(339, 3, 531), 'mfibatl r3,1'],
      [sprWord(467, 3, 540), 'mtdbatu 2,r3'],
      [sprWord(467, 3, 284), 'mttbl   r3'],
      [sprWord(339, 3, 1008), 'mfspr   r3,1008'],
      [sprWord(371, 3, 268), 'mftb    r3'],
      [sprWord(371, 3, 269), 'mftbu   r3'],
      [sprWord(371, 3, 270), '.long 0x7c6e42e6'],
      [x31(146, 3, 0, 0), 'mtmsr   r3'],
      [x31(146, 3, 1, 0), 'mtmsr   r3,1'],
      [x31(83, 3, 0, 0), 'mfmsr   r3'],
      [x31(210, 3, 5, 0), 'mtsr    5,r3'],
      [x31(659, 3, 0, 4), 'mfsrin  r3,r4'],
      [x31(306, 0, 0, 4), 'tlbie   r4'],
      [x31(370, 0, 0, 0), 'tlbia'],
      [x31(566, 0, 0, 0), 'tlbsync'],
      [x31(978, 0, 0, 5), 'tlbld   r5'],
      [x31(598, 0, 0, 0), 'sync'],
      [x31(598, 1, 0, 0), 'lwsync'],
      [x31(854, 0, 0, 0), 'eieio'],
      [x31(1014, 0, 0, 4), 'dcbz    0,r4'],
      [x31(86, 3, 3, 4), 'dcbf    r3,r4,3'],
      [x31(278, 7, 3, 4), 'dcbt    r3,r4'], // TH ignored
      [x31(982, 0, 3, 4), 'icbi    r3,r4'],
      [x31(310, 5, 0, 4), 'eciwx   r5,0,r4'],
      [x31(342, 16 | 2, 3, 4), 'dstt    r3,r4,2'],
      [x31(822, 16, 0, 0), 'dssall'],
      [x31(822, 1, 0, 0), 'dss     1'],
    ];
    for (const [w, text] of cases) expect(disassemble(w, 0), w.toString(16)).toBe(text);
  });

  it('leaves words with reserved bits set undecoded', () => {
    expect(decode(0x44000003)).toBeUndefined(); // sc with bit 31
    expect(decode(0x4c000065)).toBeUndefined(); // rfi with bit 31
    expect(decode(x31(370, 0, 0, 1))).toBeUndefined(); // tlbia with RB
    expect(decode(x31(19, 5, 0, 0) | 0x800)).toBeUndefined(); // mfcr bit 20
    expect(decode(x31(83, 3, 1, 0))).toBeUndefined(); // mfmsr with RA
  });

  it.skipIf(!haveTool(OBJDUMP))('matches objdump on 600 random words around each system opcode', () => {
    const words: number[] = [];
    for (const [k, def] of system.entries()) {
      const op = def.match >>> 26;
      const fixed = op === 31 || op === 19 ? 0xfc0007fe : 0xfc000000;
      for (const [i, r] of seededWords(600, 3100 + k).entries()) {
        // Every other word keeps the reserved bits clear, so valid encodings are well covered.
        const bits = i & 1 ? r & ~(def.mask & ~fixed) : r;
        words.push(((bits & ~fixed) | (def.match & fixed)) >>> 0);
      }
    }
    const ref = objdumpWords(Uint32Array.from(words));
    const bad = words.map((w, i) => [w.toString(16), disassemble(w, i * 4), ref[i]]).filter((r) => r[1] !== r[2]);
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
