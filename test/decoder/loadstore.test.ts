import { describe, expect, it } from 'vitest';
import { decode } from '../../src/decoder/decode.js';
import { disassemble } from '../../src/decoder/disasm.js';
import { loadstore } from '../../src/decoder/table/loadstore.js';
import { haveTool, objdumpWords, seededWords } from '../diff/objdump.js';

// Encoders, so each case reads as the fields it sets.
const d = (opcd: number, rt: number, ra: number, disp: number) =>
  ((opcd << 26) | (rt << 21) | (ra << 16) | (disp & 0xffff)) >>> 0;
const x = (xo: number, rt: number, ra: number, rb: number, bit31 = 0) =>
  ((31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | bit31) >>> 0;

/** Extended opcodes of the opcode-31 entries in the load/store table. */
const X_OPCODES = loadstore.filter((e) => e.match >>> 26 === 31).map((e) => (e.match >>> 1) & 0x3ff);

describe('load/store disassembly (objdump -M 7450 text)', () => {
  it.each([
    [d(32, 3, 1, 8), 'lwz     r3,8(r1)'],
    [d(32, 3, 0, -4), 'lwz     r3,-4(0)'],
    [d(33, 3, 1, -16), 'lwzu    r3,-16(r1)'],
    [d(42, 9, 31, 0x7ffe), 'lha     r9,32766(r31)'],
    [d(37, 1, 1, -32), 'stwu    r1,-32(r1)'],
    [d(46, 29, 1, 4), 'lmw     r29,4(r1)'],
    [d(46, 3, 0, 0), 'lmw     r3,0(0)'],
    [d(47, 0, 0, 0), 'stmw    r0,0(0)'],
    [d(48, 1, 3, 0), 'lfs     f1,0(r3)'],
    [d(55, 31, 2, 8), 'stfdu   f31,8(r2)'],
    [x(23, 3, 0, 4), 'lwzx    r3,0,r4'],
    [x(55, 3, 4, 5), 'lwzux   r3,r4,r5'],
    [x(597, 3, 4, 0), 'lswi    r3,r4,32'],
    [x(597, 3, 0, 7), 'lswi    r3,0,7'],
    [x(725, 5, 6, 0), 'stswi   r5,r6,32'],
    [x(533, 3, 0, 4), 'lswx    r3,0,r4'],
    [x(20, 3, 4, 5), 'lwarx   r3,r4,r5'],
    [x(20, 3, 0, 5, 1), 'lwarx   r3,0,r5,1'],
    [x(150, 3, 4, 5, 1), 'stwcx.  r3,r4,r5'],
    [x(534, 3, 0, 4), 'lwbrx   r3,0,r4'],
    [x(983, 1, 2, 3), 'stfiwx  f1,r2,r3'],
    [x(103, 2, 3, 4), 'lvx     v2,r3,r4'],
    [x(6, 2, 0, 4), 'lvsl    v2,0,r4'],
    [x(487, 31, 3, 4), 'stvxl   v31,r3,r4'],
  ])('%s → %s', (w, text) => {
    expect(disassemble(w, 0)).toBe(text);
  });

  it.each([
    ['lwzu RA = 0', d(33, 3, 0, 8)],
    ['lwzu RA = RT', d(33, 3, 3, 8)],
    ['stwu RA = 0', d(37, 3, 0, 8)],
    ['lfsu RA = 0', d(49, 1, 0, 8)],
    ['lmw RA ≥ RT', d(46, 3, 4, 0)],
    ['lmw r0 with RA = 0', d(46, 0, 0, 0)],
    ['lwzux RA = RT', x(55, 3, 3, 4)],
    ['stwux RA = 0', x(183, 3, 0, 4)],
    ['lswi RA = RT', x(597, 3, 3, 8)],
    ['lswx RB = RT', x(533, 3, 4, 3)],
    ['lwzx with bit 31 set', x(23, 3, 0, 4, 1)],
    ['stwcx. with bit 31 clear', x(150, 3, 4, 5, 0)],
  ])('prints %s as .long, yet decodes it for execution where the opcode exists', (_, w) => {
    expect(disassemble(w, 0)).toBe(`.long 0x${w.toString(16)}`);
  });

  it('keeps invalid forms decodable so the JIT executes them', () => {
    expect(decode(d(33, 3, 3, 8))?.name).toBe('lwzu');
    expect(decode(d(46, 3, 4, 0))?.name).toBe('lmw');
    expect(decode(x(23, 3, 0, 4, 1))).toBeUndefined();
  });

  it.skipIf(!haveTool('powerpc-linux-gnu-objdump'))(
    'matches objdump on random words of every load/store opcode (32–55 and the opcode-31 rows)',
    () => {
      const random = seededWords(48_000, 0x10ad5707);
      const words = new Uint32Array(random.length);
      random.forEach((r, i) => {
        if (i % 2 === 0) words[i] = ((r & 0x03ffffff) | ((32 + ((i >> 1) % 24)) << 26)) >>> 0;
        else words[i] = ((r & 0x03fff801) | (31 << 26) | (X_OPCODES[(i >> 1) % X_OPCODES.length] << 1)) >>> 0;
      });
      const ref = objdumpWords(words);
      const mismatches: string[] = [];
      words.forEach((w, i) => {
        const ours = disassemble(w, i * 4);
        if (ours !== ref[i] && mismatches.length < 10) mismatches.push(`${w.toString(16)}: '${ref[i]}' vs '${ours}'`);
      });
      expect(mismatches).toEqual([]);
    },
  );
});

describe('load/store table facilities', () => {
  it('marks FP loads/stores as FPU and vector loads/stores as AltiVec instructions', () => {
    const byFeature = (f: string | undefined) =>
      loadstore
        .filter((e) => e.feature === f)
        .map((e) => e.name)
        .sort();
    expect(byFeature('fpu')).toEqual(
      [
        'lfd',
        'lfdu',
        'lfdux',
        'lfdx',
        'lfs',
        'lfsu',
        'lfsux',
        'lfsx',
        'stfd',
        'stfdu',
        'stfdux',
        'stfdx',
        'stfiwx',
        'stfs',
        'stfsu',
        'stfsux',
        'stfsx',
      ].sort(),
    );
    expect(byFeature('altivec')).toEqual(
      ['lvebx', 'lvehx', 'lvewx', 'lvsl', 'lvsr', 'lvx', 'lvxl', 'stvebx', 'stvehx', 'stvewx', 'stvx', 'stvxl'].sort(),
    );
  });
});
