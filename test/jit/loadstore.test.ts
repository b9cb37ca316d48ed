import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { loadstore } from '../../src/decoder/table/loadstore.js';
import { generateBlock } from '../../src/jit/compile.js';
import { R } from '../../src/runtime/cpu-state.js';
import { doubleFromWords } from '../../src/runtime/float-bits.js';
import { FaultKind } from '../../src/runtime/memory.js';
import { seededWords } from '../diff/objdump.js';
import { blockSource, CODE, DATA, runWords } from './harness.js';

// Encoders, so each test reads as the instruction fields it uses.
const d = (opcd: number, rt: number, ra: number, disp: number) =>
  ((opcd << 26) | (rt << 21) | (ra << 16) | (disp & 0xffff)) >>> 0;
const x = (xo: number, rt: number, ra: number, rb: number, bit31 = 0) =>
  ((31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1) | bit31) >>> 0;

const OP = {
  lwz: 32,
  lwzu: 33,
  lbz: 34,
  lbzu: 35,
  stw: 36,
  stwu: 37,
  stb: 38,
  stbu: 39,
  lhz: 40,
  lhzu: 41,
  lha: 42,
  lhau: 43,
  sth: 44,
  sthu: 45,
  lmw: 46,
  stmw: 47,
  lfs: 48,
  lfsu: 49,
  lfd: 50,
  lfdu: 51,
  stfs: 52,
  stfsu: 53,
  stfd: 54,
  stfdu: 55,
} as const;
const XO = {
  lvsl: 6,
  lvebx: 7,
  lwarx: 20,
  lwzx: 23,
  lvsr: 38,
  lvehx: 39,
  lwzux: 55,
  lvewx: 71,
  lbzx: 87,
  lvx: 103,
  lbzux: 119,
  stvebx: 135,
  stwcx: 150,
  stwx: 151,
  stvehx: 167,
  stwux: 183,
  stvewx: 199,
  stbx: 215,
  stvx: 231,
  stbux: 247,
  lhzx: 279,
  lhzux: 311,
  lhax: 343,
  lvxl: 359,
  lhaux: 375,
  sthx: 407,
  sthux: 439,
  stvxl: 487,
  lswx: 533,
  lwbrx: 534,
  lfsx: 535,
  lfsux: 567,
  lswi: 597,
  lfdx: 599,
  lfdux: 631,
  stswx: 661,
  stwbrx: 662,
  stfsx: 663,
  stfsux: 695,
  stswi: 725,
  stfdx: 727,
  stfdux: 759,
  lhbrx: 790,
  sthbrx: 918,
  stfiwx: 983,
} as const;
const STWCX = (rs: number, ra: number, rb: number) => x(XO.stwcx, rs, ra, rb, 1);

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bytes at `ea` as hex. */
const hexAt = (m: { bytes: Uint8Array }, ea: number, n: number) =>
  Buffer.from(m.bytes.subarray(ea, ea + n)).toString('hex');
const fill = (m: { bytes: Uint8Array }, ea: number, hex: string) => m.bytes.set(Buffer.from(hex, 'hex'), ea);

/** The run stopped at the STOP word after `n` instructions (no fault). */
const stoppedAfter = (n: number) => [{ code: Exc.Illegal, pc: CODE + 4 * n, detail: 0 }];

describe('integer loads', () => {
  it('loads every width with zero or sign extension, D and X forms', () => {
    const { s, raised } = runWords(
      [
        d(OP.lwz, 3, 10, 0),
        d(OP.lbz, 4, 10, 1),
        d(OP.lhz, 5, 10, 2),
        d(OP.lha, 6, 10, 2),
        d(OP.lha, 7, 10, 4),
        x(XO.lwzx, 8, 10, 11),
        x(XO.lbzx, 9, 0, 12),
        x(XO.lhax, 13, 10, 11),
        x(XO.lhzx, 14, 10, 11),
        d(OP.lwz, 15, 16, -4 & 0xffff),
      ],
      (s, m) => {
        fill(m, DATA, '12f4fedc7ffe0000a1b2c3d4cafef00d');
        s.gpr[10] = DATA;
        s.gpr[16] = DATA + 16;
        s.gpr[11] = 8;
        s.gpr[12] = DATA + 1;
      },
    );
    expect(raised).toEqual(stoppedAfter(10));
    expect(s.gpr[3] >>> 0).toBe(0x12f4fedc);
    expect(s.gpr[4]).toBe(0xf4);
    expect(s.gpr[5]).toBe(0xfedc);
    expect(s.gpr[6]).toBe(0xfedc - 0x10000);
    expect(s.gpr[7]).toBe(0x7ffe);
    expect(s.gpr[8] >>> 0).toBe(0xa1b2c3d4);
    expect(s.gpr[9]).toBe(0xf4);
    expect(s.gpr[13]).toBe(0xa1b2 - 0x10000);
    expect(s.gpr[14]).toBe(0xa1b2);
    expect(s.gpr[15] >>> 0).toBe(0xcafef00d);
  });

  it('update forms write the EA to RA after the access', () => {
    const { s } = runWords(
      [
        d(OP.lwzu, 3, 10, 4),
        d(OP.lbzu, 4, 10, 1),
        d(OP.lhzu, 5, 10, 1),
        d(OP.lhau, 6, 10, 2),
        x(XO.lwzux, 7, 11, 12),
        x(XO.lbzux, 8, 11, 12),
        x(XO.lhzux, 9, 11, 12),
        x(XO.lhaux, 13, 11, 12),
      ],
      (s, m) => {
        fill(m, DATA, '00000000' + '11223344' + '8899aabb' + 'ccddeeff');
        s.gpr[10] = DATA;
        s.gpr[11] = DATA;
        s.gpr[12] = 2;
      },
    );
    // D forms: EAs DATA+4, +5, +6, +8.
    expect(s.gpr[3]).toBe(0x11223344);
    expect(s.gpr[4]).toBe(0x22);
    expect(s.gpr[5]).toBe(0x3344);
    expect(s.gpr[6]).toBe(0x8899 - 0x10000);
    expect(s.gpr[10]).toBe(DATA + 8);
    // X forms stepping by 2: EAs DATA+2, +4, +6, +8.
    expect(s.gpr[7]).toBe(0x00001122);
    expect(s.gpr[8]).toBe(0x11);
    expect(s.gpr[9]).toBe(0x3344);
    expect(s.gpr[13]).toBe(0x8899 - 0x10000);
    expect(s.gpr[11]).toBe(DATA + 8);
  });

  it('byte-reversed loads', () => {
    const { s } = runWords([x(XO.lwbrx, 3, 0, 10), x(XO.lhbrx, 4, 0, 10)], (s, m) => {
      fill(m, DATA, '80112233');
      s.gpr[10] = DATA;
    });
    expect(s.gpr[3] >>> 0).toBe(0x33221180);
    expect(s.gpr[4]).toBe(0x1180);
  });
});

describe('integer stores', () => {
  it('stores every width big-endian, D, X and update forms', () => {
    const { s, m } = runWords(
      [
        d(OP.stw, 3, 10, 0),
        d(OP.sth, 3, 10, 4),
        d(OP.stb, 3, 10, 6),
        x(XO.stwx, 4, 10, 11),
        x(XO.sthx, 4, 0, 12),
        x(XO.stbx, 4, 10, 13),
        d(OP.stwu, 5, 14, 4),
        d(OP.sthu, 5, 14, 4),
        d(OP.stbu, 5, 14, 2),
        x(XO.stwux, 6, 15, 11),
        x(XO.sthux, 6, 15, 16),
        x(XO.stbux, 6, 15, 17),
      ],
      (s) => {
        s.gpr[3] = 0x11223344;
        s.gpr[4] = 0xa1b2c3d4 | 0;
        s.gpr[5] = 0x55667788;
        s.gpr[6] = 0x99aabbcc | 0;
        s.gpr[10] = DATA;
        s.gpr[11] = 8;
        s.gpr[12] = DATA + 12;
        s.gpr[13] = 14;
        s.gpr[14] = DATA + 12;
        s.gpr[15] = DATA + 16;
        s.gpr[16] = 4;
        s.gpr[17] = 2;
      },
    );
    expect(hexAt(m, DATA, 16)).toBe('11223344' + '3344' + '44' + '00' + 'a1b2c3d4' + 'c3d4' + 'd4' + '00');
    expect(hexAt(m, DATA + 16, 16)).toBe('55667788' + '7788' + '88' + '00' + '99aabbcc' + 'bbcc' + 'cc' + '00');
    expect(s.gpr[14]).toBe(DATA + 16 + 6);
    expect(s.gpr[15]).toBe(DATA + 16 + 8 + 6);
  });

  it('byte-reversed stores', () => {
    const { m } = runWords([x(XO.stwbrx, 3, 0, 10), x(XO.sthbrx, 3, 10, 11)], (s) => {
      s.gpr[3] = 0x80112233 | 0;
      s.gpr[10] = DATA;
      s.gpr[11] = 4;
    });
    expect(hexAt(m, DATA, 6)).toBe('33221180' + '3322');
  });
});

describe('multiple and string', () => {
  it('lmw/stmw move RT…r31', () => {
    const { s, m } = runWords([d(OP.lmw, 28, 10, 4), d(OP.stmw, 28, 10, 0x20)], (s, m) => {
      fill(m, DATA + 4, '00000001' + '00000002' + 'fffffffd' + '00000004');
      s.gpr[10] = DATA;
    });
    expect([...s.gpr.subarray(28)]).toEqual([1, 2, -3, 4]);
    expect(hexAt(m, DATA + 0x20, 16)).toBe('00000001' + '00000002' + 'fffffffd' + '00000004');
  });

  it('lswi with an odd byte count zero-pads the last register and wraps r31 → r0', () => {
    const { s } = runWords([x(XO.lswi, 30, 10, 9), x(XO.lswi, 5, 10, 3)], (s, m) => {
      fill(m, DATA, '0102030405060708090a0b0c');
      s.gpr[10] = DATA;
      s.gpr[0] = -1;
    });
    expect(s.gpr[30]).toBe(0x01020304);
    expect(s.gpr[31]).toBe(0x05060708);
    expect(s.gpr[0]).toBe(0x09000000);
    expect(s.gpr[5]).toBe(0x01020300);
  });

  it('lswi with NB = 0 moves 32 bytes', () => {
    const { s } = runWords([x(XO.lswi, 20, 10, 0)], (s, m) => {
      for (let i = 0; i < 32; i++) m.bytes[DATA + i] = i + 1;
      s.gpr[10] = DATA;
    });
    expect(s.gpr[20]).toBe(0x01020304);
    expect(s.gpr[27]).toBe(0x1d1e1f20);
  });

  it('stswi stores an odd byte count', () => {
    const { m } = runWords([x(XO.stswi, 31, 10, 7)], (s, m) => {
      fill(m, DATA, 'eeeeeeeeeeeeeeeeee');
      s.gpr[31] = 0x11223344;
      s.gpr[0] = 0x55667788;
      s.gpr[10] = DATA;
    });
    expect(hexAt(m, DATA, 9)).toBe('11223344556677eeee');
  });

  it('lswx/stswx take the byte count from XER and leave other registers alone', () => {
    const { s, m } = runWords([x(XO.lswx, 4, 10, 11), x(XO.stswx, 4, 10, 12)], (s, m) => {
      fill(m, DATA, 'a0a1a2a3a4a5a6a7');
      s.xer = 6;
      s.gpr[6] = 0x77;
      s.gpr[10] = DATA;
      s.gpr[11] = 0;
      s.gpr[12] = 0x10;
    });
    expect(s.gpr[4] >>> 0).toBe(0xa0a1a2a3);
    expect(s.gpr[5] >>> 0).toBe(0xa4a50000);
    expect(s.gpr[6]).toBe(0x77);
    expect(hexAt(m, DATA + 0x10, 8)).toBe('a0a1a2a3a4a50000');
  });

  it('lswx with a zero count changes nothing', () => {
    const { s } = runWords([x(XO.lswx, 4, 10, 11)], (s) => {
      s.gpr[4] = 123;
      s.gpr[10] = DATA;
    });
    expect(s.gpr[4]).toBe(123);
  });
});

describe('lwarx/stwcx.', () => {
  it('a store conditional after lwarx of the same word succeeds and sets CR0[EQ]', () => {
    const { s, m } = runWords([x(XO.lwarx, 3, 0, 10), STWCX(4, 0, 10)], (s, m) => {
      fill(m, DATA, '00000005');
      s.gpr[4] = 9;
      s.gpr[10] = DATA;
      s.r[R.CR] = 0x0fffffff;
    });
    expect(s.gpr[3]).toBe(5);
    expect(hexAt(m, DATA, 4)).toBe('00000009');
    expect(s.r[R.CR] >>> 0).toBe(0x2fffffff);
    expect(s.r[R.RESV_VALID]).toBe(0);
  });

  it('fails without a reservation or for another address, copying XER[SO] into CR0', () => {
    const { s, m } = runWords([STWCX(4, 0, 10), x(XO.lwarx, 3, 0, 10), STWCX(4, 0, 11)], (s) => {
      s.gpr[4] = 9;
      s.gpr[10] = DATA;
      s.gpr[11] = DATA + 4;
      s.xer = 0x80000000;
      s.r[R.CR] = -1;
    });
    expect(hexAt(m, DATA, 8)).toBe('0000000000000000');
    expect(s.r[R.CR] >>> 0).toBe(0x1fffffff);
    // The failed stwcx. still consumed the reservation.
    expect(s.r[R.RESV_VALID]).toBe(0);
  });

  it('raises an alignment fault for a misaligned lwarx or stwcx.', () => {
    const load = runWords([x(XO.lwarx, 3, 0, 10)], (s) => {
      s.gpr[10] = DATA + 2;
    });
    expect(load.raised).toEqual([{ code: -FaultKind.Alignment, pc: CODE, detail: DATA + 2 }]);
    const store = runWords([d(14, 0, 0, 0), STWCX(3, 0, 10)], (s) => {
      s.gpr[10] = DATA + 1;
    });
    expect(store.raised).toEqual([{ code: -FaultKind.Alignment, pc: CODE + 4, detail: DATA + 1 }]);
  });
});

describe('faults', () => {
  it('a load from unmapped memory faults at its PC and changes no register', () => {
    const { s, raised } = runWords([d(14, 3, 0, 1), d(OP.lwzu, 4, 10, 8), d(14, 5, 0, 1)], (s) => {
      s.gpr[4] = 77;
      s.gpr[10] = 0x5000;
    });
    expect(raised).toEqual([{ code: -FaultKind.Data, pc: CODE + 4, detail: 0x5008 }]);
    expect(s.pc).toBe(CODE + 4);
    expect(s.gpr[3]).toBe(1);
    expect(s.gpr[4]).toBe(77);
    expect(s.gpr[10]).toBe(0x5000);
    expect(s.gpr[5]).toBe(0);
  });

  it('a store that crosses into an unmapped page faults with the first bad address; stwu keeps RA', () => {
    const { s, raised } = runWords([d(OP.stwu, 3, 10, 0)], (s) => {
      s.gpr[10] = DATA + 0x10000 - 2;
    });
    expect(raised).toEqual([{ code: -FaultKind.Data, pc: CODE, detail: DATA + 0x10000 + 1 }]);
    expect(s.gpr[10]).toBe(DATA + 0x10000 - 2);
  });

  it('an FP store to a read-only page faults', () => {
    const { raised } = runWords([d(OP.stfd, 1, 10, 0)], (s) => {
      s.gpr[10] = CODE - 0x1000;
    });
    expect(raised).toEqual([{ code: -FaultKind.Data, pc: CODE, detail: CODE - 0x1000 }]);
  });
});

describe('floating-point loads and stores', () => {
  const bitsOf = (s: { fprBits: Int32Array }, n: number) =>
    `${(s.fprBits[2 * n + 1] >>> 0).toString(16)}:${(s.fprBits[2 * n] >>> 0).toString(16)}`;

  it('lfs/stfs keep a signalling NaN signalling (no quieting)', () => {
    const { s, m } = runWords([d(OP.lfs, 1, 10, 0), d(OP.stfs, 1, 10, 8)], (s, m) => {
      fill(m, DATA, '7f800001');
      s.gpr[10] = DATA;
    });
    expect(bitsOf(s, 1)).toBe('7ff00000:20000000');
    expect(hexAt(m, DATA + 8, 4)).toBe('7f800001');
  });

  it('lfd/stfd move any bit pattern, SNaN payloads included', () => {
    const { s, m } = runWords([d(OP.lfd, 2, 10, 0), x(XO.stfdx, 2, 10, 11), d(OP.lfdu, 3, 12, 8)], (s, m) => {
      fill(m, DATA, '7ff0000000000001');
      fill(m, DATA + 0x28, 'fff4000012345678');
      s.gpr[10] = DATA;
      s.gpr[11] = 0x10;
      s.gpr[12] = DATA + 0x20;
    });
    expect(bitsOf(s, 2)).toBe('7ff00000:1');
    expect(hexAt(m, DATA + 0x10, 8)).toBe('7ff0000000000001');
    expect(bitsOf(s, 3)).toBe('fff40000:12345678');
    expect(s.gpr[12]).toBe(DATA + 0x28);
  });

  it('stfs truncates a double to single precision; lfs widens exactly', () => {
    const { s, m } = runWords([d(OP.stfs, 1, 10, 0), d(OP.stfsu, 2, 11, 4), d(OP.lfs, 3, 10, 4)], (s) => {
      s.fpr[1] = 1 + 3 * 2 ** -25;
      s.fpr[2] = -(2 ** -140);
      s.gpr[10] = DATA;
      s.gpr[11] = DATA;
    });
    expect(hexAt(m, DATA, 8)).toBe('3f800000' + '80000200');
    expect(s.gpr[11]).toBe(DATA + 4);
    expect(s.fpr[3]).toBe(-(2 ** -140));
  });

  it('indexed single loads/stores and stfiwx (low word of the FPR bits)', () => {
    const { s, m } = runWords(
      [x(XO.lfsx, 4, 0, 10), x(XO.stfsux, 4, 12, 11), x(XO.stfiwx, 5, 10, 14), x(XO.lfsux, 6, 13, 11)],
      (s, m) => {
        fill(m, DATA, '40490fdb');
        s.fpr[5] = doubleFromWords(0x7ff00000, 0xdeadbeef | 0);
        s.gpr[10] = DATA;
        s.gpr[11] = 8;
        s.gpr[12] = DATA;
        s.gpr[13] = DATA;
        s.gpr[14] = 0x10;
      },
    );
    expect(s.fpr[4]).toBe(Math.fround(Math.PI));
    expect(hexAt(m, DATA + 8, 4)).toBe('40490fdb');
    expect(s.gpr[12]).toBe(DATA + 8);
    expect(hexAt(m, DATA + 0x10, 4)).toBe('deadbeef');
    expect(bitsOf(s, 6)).toBe('400921fb:60000000');
    expect(s.gpr[13]).toBe(DATA + 8);
  });
});

describe('AltiVec loads and stores', () => {
  const vrWords = (s: { vr: Int32Array }, n: number) => [...s.vr.subarray(4 * n, 4 * n + 4)].map((v) => v >>> 0);

  it('lvx/stvx align the EA down to 16 bytes', () => {
    const { s, m } = runWords([x(XO.lvx, 1, 10, 11), x(XO.stvxl, 1, 10, 12)], (s, m) => {
      fill(m, DATA + 0x10, '000102030405060708090a0b0c0d0e0f');
      s.gpr[10] = DATA;
      s.gpr[11] = 0x1b;
      s.gpr[12] = 0x27;
    });
    expect(vrWords(s, 1)).toEqual([0x00010203, 0x04050607, 0x08090a0b, 0x0c0d0e0f]);
    expect(hexAt(m, DATA + 0x20, 16)).toBe('000102030405060708090a0b0c0d0e0f');
  });

  it('lve*x load one element into its byte position; stve*x store it back', () => {
    const { s, m } = runWords(
      [
        x(XO.lvebx, 2, 10, 11),
        x(XO.lvehx, 2, 10, 12),
        x(XO.lvewx, 2, 10, 13),
        x(XO.stvebx, 2, 14, 11),
        x(XO.stvehx, 2, 14, 12),
        x(XO.stvewx, 2, 14, 13),
      ],
      (s, m) => {
        fill(m, DATA, 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
        s.vr.fill(0x11111111, 8, 12);
        s.gpr[10] = DATA;
        s.gpr[11] = 5; // byte 5
        s.gpr[12] = 11; // halfword at 10
        s.gpr[13] = 15; // word at 12
        s.gpr[14] = DATA + 0x40;
      },
    );
    expect(vrWords(s, 2)).toEqual([0x11111111, 0x11a51111, 0x1111aaab, 0xacadaeaf]);
    expect(hexAt(m, DATA + 0x40, 16)).toBe('0000000000a50000' + '0000aaabacadaeaf');
  });

  it('lvsl/lvsr build the permute control vectors and need no memory', () => {
    const { s, raised } = runWords([x(XO.lvsl, 3, 0, 10), x(XO.lvsr, 4, 11, 10)], (s) => {
      s.gpr[10] = 0x12345673;
      s.gpr[11] = 0x7fff0000;
    });
    expect(raised).toEqual(stoppedAfter(2));
    expect(vrWords(s, 3)).toEqual([0x03040506, 0x0708090a, 0x0b0c0d0e, 0x0f101112]);
    expect(vrWords(s, 4)).toEqual([0x0d0e0f10, 0x11121314, 0x15161718, 0x191a1b1c]);
  });
});

describe('invalid forms execute as documented in src/jit/emit/loadstore.ts', () => {
  it('load with update and RA = RT keeps the loaded value', () => {
    const { s } = runWords([d(OP.lwzu, 10, 10, 4)], (s, m) => {
      fill(m, DATA + 4, '0badf00d');
      s.gpr[10] = DATA;
    });
    expect(s.gpr[10]).toBe(0x0badf00d);
  });

  it('store with update and RA = 0 uses and updates r0', () => {
    const { s, m } = runWords([d(OP.stwu, 3, 0, 8)], (s) => {
      s.gpr[0] = DATA;
      s.gpr[3] = 42;
    });
    expect(hexAt(m, DATA + 8, 4)).toBe('0000002a');
    expect(s.gpr[0]).toBe(DATA + 8);
  });

  it('lmw with RA in range loads every register from the original EA', () => {
    const { s } = runWords([d(OP.lmw, 29, 30, 0)], (s, m) => {
      fill(m, DATA, '000000010000000200000003');
      s.gpr[30] = DATA;
    });
    expect([...s.gpr.subarray(29)]).toEqual([1, 2, 3]);
  });
});

describe('generated code', () => {
  it('parses for random words of every load/store entry (all field values)', () => {
    // generateBlock directly: blockSource maps a fresh 4 GiB address space per call.
    const random = seededWords(3000, 0x51ab);
    random.forEach((r, i) => {
      const def = loadstore[i % loadstore.length];
      const word = ((r & ~def.mask) | def.match) >>> 0;
      const { body } = generateBlock([{ pc: CODE, word, def }]);
      expect(() => acorn.parse(`function f(s, m, rt) {\n${body}\n}`, { ecmaVersion: 2022 }), def.name).not.toThrow();
    });
  });

  it('is valid JavaScript for every load/store shape', () => {
    const words = [
      d(OP.lwzu, 3, 4, 8),
      x(XO.lswx, 3, 4, 5),
      x(XO.stswx, 3, 4, 5),
      x(XO.lswi, 3, 4, 0),
      x(XO.stswi, 3, 4, 5),
      d(OP.lmw, 25, 1, 0),
      d(OP.stmw, 25, 1, 0),
      x(XO.lwarx, 3, 0, 4),
      STWCX(3, 0, 4),
      x(XO.lvehx, 1, 2, 3),
      x(XO.stvebx, 1, 2, 3),
      x(XO.lvsr, 1, 0, 3),
      x(XO.stfiwx, 1, 0, 3),
    ];
    const src = blockSource(words);
    expect(src).toContain('rt.loadString(m, ');
    expect(src).toContain('rt.alignmentFault(');
  });
});

/**
 * The same instructions in a static guest program, run by qemu-ppc 7.2 (-cpu 7450) and by
 * ppcjit's Linux user mode: the result buffers they write to stdout must be identical. Only
 * valid forms appear here (qemu-ppc raises SIGILL for some invalid ones; see the emitter).
 */
const DIFF_PROGRAM = `
  .globl _start
_start:
  lis 31, out@ha; addi 31, 31, out@l
  lis 30, src@ha; addi 30, 30, src@l
  lwz 3, 0(30); lbz 4, 1(30); lhz 5, 2(30); lha 6, 2(30)
  li 7, 5; lhax 8, 30, 7; lwbrx 9, 0, 30; lhbrx 10, 30, 7
  addi 11, 30, 3; lwzu 12, 1(11); lhaux 13, 11, 7
  stmw 3, 0(31)
  addi 29, 31, 0x80
  stw 3, 0(29); sth 3, 4(29); stb 3, 6(29); stwbrx 3, 0, 29
  li 7, 8; sthbrx 3, 29, 7; stwu 4, 12(29); stbux 5, 29, 7
  addi 28, 31, 0x100
  lswi 3, 30, 11; stswi 3, 28, 11
  li 9, 13; mtxer 9; li 10, 16; lswx 20, 30, 10; li 11, 0x20; stswx 20, 28, 11
  addi 27, 31, 0x140
  li 3, 77; stw 3, 0(27); lwarx 4, 0, 27; addi 4, 4, 1
  stwcx. 4, 0, 27; mfcr 5; stw 5, 4(27)
  stwcx. 4, 0, 27; mfcr 5; stw 5, 8(27)
  addi 26, 31, 0x160
  lfs 1, 0x20(30); stfd 1, 0(26); stfs 1, 8(26)
  lfd 2, 0x28(30); stfs 2, 12(26); stfd 2, 16(26)
  lfd 3, 0x30(30); stfs 3, 24(26)
  lfd 4, 0x38(30); stfs 4, 28(26)
  lfd 5, 0x40(30); stfs 5, 32(26)
  lfd 6, 0x48(30); stfs 6, 36(26)
  li 7, 40; stfiwx 2, 26, 7
  lfs 7, 0x50(30); stfd 7, 48(26)
  addi 25, 31, 0x1c0
  li 7, 0x13; lvsl 0, 0, 7; lvsr 1, 0, 7; stvx 0, 0, 25; li 8, 16; stvx 1, 25, 8
  li 9, 0x65; lvx 2, 30, 9; li 8, 32; stvx 2, 25, 8
  li 9, 0x67; lvebx 3, 30, 9; lvehx 3, 30, 9; lvewx 3, 30, 9; li 8, 48; stvx 3, 25, 8
  addi 24, 25, 64; li 9, 5; stvebx 2, 24, 9; li 9, 10; stvehx 2, 24, 9; li 9, 15; stvewx 2, 24, 9
  li 0, 4; li 3, 1; mr 4, 31; li 5, 0x220; sc
  li 0, 1; li 3, 0; sc
  .data
  .balign 16
src:
  .long 0x80f4fedc, 0x7ffe1234, 0xa1b2c3d4, 0x0badcafe, 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00
  .long 0x7f800001, 0            # single SNaN
  .long 0x7ff00000, 0x00000001   # double SNaN
  .double 1.0000000894069671630859375  # 1 + 3·2^-25: stfs truncates
  .long 0x373c0000, 0            # 1.75·2^-140: single denormal
  .long 0x35f00000, 0            # 2^-160: below the denormal range
  .double 1e300                  # out of single range
  .long 0x00012345, 0            # single denormal
  .long 0, 0, 0
  .long 0x00010203, 0x04050607, 0x08090a0b, 0x0c0d0e0f
  .balign 16
out: .space 0x220, 0xee
`;

const haveCommand = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

describe('against qemu-ppc', () => {
  it.skipIf(!haveCommand('powerpc-linux-gnu-gcc') || !haveCommand('qemu-ppc'))(
    'a guest program of loads and stores writes the same bytes under qemu-ppc -cpu 7450 and ppcjit',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'ppcjit-ls-'));
      try {
        writeFileSync(join(dir, 'ls.S'), DIFF_PROGRAM);
        const elf = join(dir, 'ls');
        const cc = spawnSync('powerpc-linux-gnu-gcc', [
          '-nostdlib',
          '-static',
          '-maltivec',
          '-Wa,-many',
          join(dir, 'ls.S'),
          '-o',
          elf,
        ]);
        expect(cc.stderr.toString()).toBe('');
        const qemu = spawnSync('qemu-ppc', ['-cpu', '7450', elf]);
        const ours = spawnSync(process.execPath, [
          '--import',
          'tsx',
          '-e',
          `import(${JSON.stringify(join(REPO, 'src/cli/main.ts'))}).then((m) => m.main(['run', '--cpu', '7450', ${JSON.stringify(elf)}]))`,
        ]);
        expect(qemu.status).toBe(0);
        expect(ours.stderr.toString()).toBe('');
        expect(ours.status).toBe(0);
        expect(qemu.stdout.length).toBe(0x220);
        expect(ours.stdout.toString('hex')).toBe(qemu.stdout.toString('hex'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
