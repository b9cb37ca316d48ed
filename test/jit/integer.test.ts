import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { rotateMask } from '../../src/jit/emit/integer.js';
import { type CpuState, R } from '../../src/runtime/cpu-state.js';
import { mulhw, mulhwu } from '../../src/runtime/integer-helpers.js';
import { seededWords } from '../diff/objdump.js';
import { blockSource, CODE, runWords } from './harness.js';
import { execWords } from './integer-harness.js';

// Integer emitters run through the real block compiler and checked against reference values
// computed here with BigInt from the architecture's definitions (PEM chapter 8 pseudocode).

const xo = (rt: number, ra: number, rb: number, ext: number, oe = 0, rc = 0) =>
  ((31 << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (oe << 10) | (ext << 1) | rc) >>> 0;
const x31 = (rs: number, ra: number, rb: number, ext: number, rc = 0) =>
  ((31 << 26) | (rs << 21) | (ra << 16) | (rb << 11) | (ext << 1) | rc) >>> 0;
const dform = (op: number, rt: number, ra: number, imm: number) =>
  ((op << 26) | (rt << 21) | (ra << 16) | (imm & 0xffff)) >>> 0;
const mform = (op: number, rs: number, ra: number, sh: number, mb: number, me: number, rc = 0) =>
  ((op << 26) | (rs << 21) | (ra << 16) | (sh << 11) | (mb << 6) | (me << 1) | rc) >>> 0;

interface Xer {
  ca?: number;
  so?: number;
  ov?: number;
  cr?: number;
}

/** Runs `words` as one compiled block with GPRs and XER/CR preset; returns the final state. */
function run(words: number[], gprs: Record<number, number>, xer: Xer = {}): CpuState {
  const { s, npc, raised } = execWords(words, (st) => {
    for (const [n, v] of Object.entries(gprs)) st.gpr[Number(n)] = v;
    st.r[R.CA] = xer.ca ?? 0;
    st.r[R.SO] = xer.so ?? 0;
    st.r[R.OV] = xer.ov ?? 0;
    st.r[R.CR] = xer.cr ?? 0;
  });
  expect(raised).toEqual([]);
  expect(npc).toBe(CODE + words.length * 4);
  return s;
}

const EDGES = [0, 1, 2, -1, -2, 0x7fffffff, -0x80000000, -0x7fffffff, 0x12345678, -0x12345678, 0xffff, 0x10000];
const u = (v: number) => BigInt(v >>> 0);
const sgn = (v: number) => BigInt(v | 0);
const fitsInt32 = (v: bigint) => v >= -(1n << 31n) && v < 1n << 31n;
const low32 = (v: bigint) => Number(BigInt.asIntN(32, v));
/** CR0 nibble for an int32 result and XER[SO]. */
const cr0 = (result: number, so: number) => ((result < 0 ? 8 : result > 0 ? 4 : 2) | so) << 28;

/**
 * XO-form add/subtract family: the unsigned sum gives rD and CA (carry out of bit 0), the
 * signed sum gives OV (PEM: "the result does not fit in 32 bits as a signed integer").
 */
const ARITH: Record<
  string,
  { ext: number; unary?: boolean; carry: boolean; sum: (a: number, b: number, ca: number) => [bigint, bigint] }
> = {
  add: { ext: 266, carry: false, sum: (a, b) => [u(a) + u(b), sgn(a) + sgn(b)] },
  addc: { ext: 10, carry: true, sum: (a, b) => [u(a) + u(b), sgn(a) + sgn(b)] },
  adde: { ext: 138, carry: true, sum: (a, b, ca) => [u(a) + u(b) + BigInt(ca), sgn(a) + sgn(b) + BigInt(ca)] },
  addme: {
    ext: 234,
    unary: true,
    carry: true,
    sum: (a, _b, ca) => [u(a) + BigInt(ca) + 0xffffffffn, sgn(a) + BigInt(ca) - 1n],
  },
  addze: { ext: 202, unary: true, carry: true, sum: (a, _b, ca) => [u(a) + BigInt(ca), sgn(a) + BigInt(ca)] },
  subf: { ext: 40, carry: false, sum: (a, b) => [0xffffffffn - u(a) + u(b) + 1n, sgn(b) - sgn(a)] },
  subfc: { ext: 8, carry: true, sum: (a, b) => [0xffffffffn - u(a) + u(b) + 1n, sgn(b) - sgn(a)] },
  subfe: {
    ext: 136,
    carry: true,
    sum: (a, b, ca) => [0xffffffffn - u(a) + u(b) + BigInt(ca), sgn(b) - sgn(a) - 1n + BigInt(ca)],
  },
  subfme: {
    ext: 232,
    unary: true,
    carry: true,
    sum: (a, _b, ca) => [0xffffffffn - u(a) + BigInt(ca) + 0xffffffffn, -sgn(a) - 2n + BigInt(ca)],
  },
  subfze: {
    ext: 200,
    unary: true,
    carry: true,
    sum: (a, _b, ca) => [0xffffffffn - u(a) + BigInt(ca), -sgn(a) - 1n + BigInt(ca)],
  },
  neg: { ext: 104, unary: true, carry: false, sum: (a) => [0xffffffffn - u(a) + 1n, -sgn(a)] },
};

describe('XO-form add/subtract: rD, CA, OV, sticky SO, CR0', () => {
  for (const [name, op] of Object.entries(ARITH)) {
    it(`${name}, ${name}o, ${name}., ${name}o. over edge operands and both CA inputs`, () => {
      const failures: string[] = [];
      for (const oe of [0, 1])
        for (const rc of [0, 1]) {
          // One block per (oe, rc, a): every b and CA in registers r10.. and sequential runs.
          for (const a of EDGES)
            for (const b of op.unary ? [0] : EDGES)
              for (const ca of [0, 1])
                for (const so of oe ? [0, 1] : [0]) {
                  const s = run(
                    [xo(3, 4, op.unary ? 0 : 5, op.ext, oe, rc)],
                    { 3: 0x5a5a5a5a, 4: a, 5: b },
                    { ca, so, ov: 1 - so },
                  );
                  const [unsigned, signed] = op.sum(a, b, ca);
                  const rd = low32(unsigned);
                  const expectCa = op.carry ? Number(unsigned >> 32n) : ca;
                  const ov = oe ? (fitsInt32(signed) ? 0 : 1) : 1 - so;
                  const expectSo = so | (oe ? ov : 0);
                  const got = [s.gpr[3], s.r[R.CA], s.r[R.OV], s.r[R.SO], s.r[R.CR] >>> 0];
                  const want = [rd, expectCa, ov, expectSo, rc ? cr0(rd, expectSo) >>> 0 : 0];
                  if (got.join() !== want.join())
                    failures.push(`${name} oe=${oe} rc=${rc} a=${a} b=${b} ca=${ca} so=${so}: ${got} != ${want}`);
                }
        }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }

  it('runs through the engine (runWords) like the direct block call', () => {
    const { s, raised } = runWords([xo(3, 4, 5, 10, 1, 1), x31(3, 6, 0, 824, 1)], (st) => {
      st.gpr[4] = -1;
      st.gpr[5] = 1;
    });
    expect(raised).toEqual([{ code: Exc.Illegal, pc: CODE + 8, detail: 0 }]);
    expect([s.gpr[3], s.gpr[6], s.r[R.CA], s.r[R.OV], s.r[R.SO], s.r[R.CR] >>> 0]).toEqual([0, 0, 0, 0, 0, 0x20000000]);
  });

  it('rD may be rA or rB (sources are read before the write)', () => {
    // addco. r4,r4,r4 with r4 = 0x80000000: 0 with carry and overflow.
    const s = run([xo(4, 4, 4, 10, 1, 1)], { 4: -0x80000000 });
    expect([s.gpr[4], s.r[R.CA], s.r[R.OV], s.r[R.SO], s.r[R.CR] >>> 0]).toEqual([0, 1, 1, 1, 0x30000000]);
    // subfe r5,r5,r6: r6 - r5 - 1 + CA
    const t = run([xo(5, 5, 6, 136)], { 5: 10, 6: 3 }, { ca: 0 });
    expect([t.gpr[5], t.r[R.CA]]).toEqual([-8, 0]);
  });

  it('a CR0 record after an o-form copies the updated SO; other CR fields are kept', () => {
    const s = run([xo(3, 4, 5, 266, 1, 1)], { 4: 0x7fffffff, 5: 1 }, { cr: 0x01234567 });
    expect(s.r[R.CR] >>> 0).toBe(0x91234567);
  });
});

describe('D-form arithmetic', () => {
  it('addi/addis with RA=0 load the immediate (li/lis), otherwise add', () => {
    const s = run([dform(14, 3, 0, -5), dform(15, 4, 0, 0x8001), dform(14, 5, 3, 7), dform(15, 6, 3, -1)], { 3: 99 });
    expect([s.gpr[3], s.gpr[4], s.gpr[5], s.gpr[6]]).toEqual([-5, 0x8001 << 16, 2, -5 - 0x10000]);
  });

  it('addic, addic. (CR0 always) and subfic set CA; mulli wraps', () => {
    for (const a of EDGES)
      for (const imm of [0, 1, -1, 0x7fff, -0x8000]) {
        const s = run(
          [dform(12, 3, 10, imm), dform(13, 4, 10, imm), dform(8, 5, 10, imm), dform(7, 6, 10, imm)],
          { 10: a },
          { so: 1 },
        );
        // addic. runs second, subfic third: CA after the block is subfic's, CR0 is addic.'s.
        const addic = u(a) + u(imm);
        const subfic = 0xffffffffn - u(a) + u(imm) + 1n;
        expect([s.gpr[3], s.gpr[4], s.gpr[5], s.gpr[6]]).toEqual([
          low32(addic),
          low32(addic),
          low32(subfic),
          low32(sgn(a) * sgn(imm)),
        ]);
        expect(s.r[R.CA]).toBe(Number(subfic >> 32n));
        expect(s.r[R.CR] >>> 0).toBe(cr0(low32(addic), 1) >>> 0);
        const t = run([dform(12, 3, 10, imm)], { 10: a });
        expect(t.r[R.CA]).toBe(Number(addic >> 32n));
      }
  });
});

describe('multiply and divide', () => {
  it('mulhw/mulhwu helpers equal the BigInt high word on edges and 20,000 random pairs', () => {
    const random = seededWords(40000, 77);
    const pairs: [number, number][] = [];
    for (const a of EDGES) for (const b of EDGES) pairs.push([a, b]);
    for (let i = 0; i < random.length; i += 2) pairs.push([random[i] | 0, random[i + 1] | 0]);
    const bad = pairs.filter(
      ([a, b]) => mulhw(a, b) !== low32((sgn(a) * sgn(b)) >> 32n) || mulhwu(a, b) !== low32((u(a) * u(b)) >> 32n),
    );
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('mulhw., mulhwu, mullw and mullwo. through the JIT', () => {
    for (const a of EDGES)
      for (const b of EDGES) {
        const s = run([xo(3, 10, 11, 75, 0, 1), xo(4, 10, 11, 11), xo(5, 10, 11, 235), xo(6, 10, 11, 235, 1, 1)], {
          10: a,
          11: b,
        });
        const product = sgn(a) * sgn(b);
        expect([s.gpr[3], s.gpr[4], s.gpr[5], s.gpr[6]]).toEqual([
          low32(product >> 32n),
          low32((u(a) * u(b)) >> 32n),
          low32(product),
          low32(product),
        ]);
        const ov = fitsInt32(product) ? 0 : 1;
        expect([s.r[R.OV], s.r[R.SO], s.r[R.CR] >>> 0]).toEqual([ov, ov, cr0(low32(product), ov) >>> 0]);
      }
  });

  it('divw/divwu truncate toward zero', () => {
    for (const a of EDGES)
      for (const b of EDGES) {
        if (b === 0) continue;
        const s = run([xo(3, 10, 11, 491), xo(4, 10, 11, 459, 1, 1)], { 10: a, 11: b });
        const signed = a === -0x80000000 && b === -1 ? a : low32(sgn(a) / sgn(b));
        expect([s.gpr[3], s.gpr[4]]).toEqual([signed, low32(u(a) / u(b))]);
        expect([s.r[R.OV], s.r[R.SO]]).toEqual([0, 0]);
      }
  });

  it('undefined quotients return the dividend and set OV/SO as qemu-ppc 7.2 does', () => {
    // Measured under qemu-ppc -cpu 7450 (divw/divwo./divwu/divwuo on these operands):
    // every case gave rD = dividend; XER = 0xc0000000 (SO|OV) for the o forms; CR0 from rD with SO.
    const measured: [number, number, number][] = [
      // dividend, divisor, CR after divwo. (qemu's mfcr, CR0 nibble only)
      [5, 0, 0x5],
      [-5, 0, 0x9],
      [0, 0, 0x3],
      [-0x80000000, -1, 0x9],
      [0x7fffffff, 0, 0x5],
    ];
    for (const [a, b, crNibble] of measured) {
      const s = run([xo(3, 10, 11, 491), xo(4, 10, 11, 491, 1, 1)], { 10: a, 11: b });
      expect([s.gpr[3], s.gpr[4], s.r[R.OV], s.r[R.SO], s.r[R.CR] >>> 28]).toEqual([a, a, 1, 1, crNibble]);
      if (b === 0) {
        const t = run([xo(3, 10, 11, 459), xo(4, 10, 11, 459, 1, 0)], { 10: a, 11: b });
        expect([t.gpr[3], t.gpr[4], t.r[R.OV], t.r[R.SO]]).toEqual([a, a, 1, 1]);
      }
    }
    // divwuo of 0x80000000 by -1 is defined (0) and clears OV.
    const u0 = run([xo(4, 10, 11, 459, 1, 0)], { 10: -0x80000000, 11: -1 }, { ov: 1 });
    expect([u0.gpr[4], u0.r[R.OV]]).toEqual([0, 0]);
  });
});

/** MASK(mb, me) bit by bit (bit 0 = MSB), as the architecture defines it. */
function referenceMask(mb: number, me: number): number {
  let m = 0;
  for (let i = 0; i < 32; i++) {
    const inside = mb <= me ? i >= mb && i <= me : i >= mb || i <= me;
    if (inside) m |= 1 << (31 - i);
  }
  return m | 0;
}
const rotl = (v: number, n: number) => (v << n) | (v >>> ((32 - n) & 31)) | 0;

describe('rotates', () => {
  it('rotateMask matches the bit-by-bit MASK for every mb, me (incl. mb > me wraparound)', () => {
    for (let mb = 0; mb < 32; mb++)
      for (let me = 0; me < 32; me++) expect(rotateMask(mb, me)).toBe(referenceMask(mb, me));
  });

  it('rlwinm, rlwimi, rlwnm for every mask shape, many shifts, with and without Rc', () => {
    const source = 0x9c3a5e17 | 0;
    const failures: string[] = [];
    for (let mb = 0; mb < 32; mb++)
      for (let me = 0; me < 32; me++) {
        // r1 = source, r2 = shift for rlwnm (with garbage above bit 27), r10.. targets.
        const words: number[] = [];
        const gprs: Record<number, number> = { 1: source, 2: 0 };
        const shifts = [(mb * 7 + me) & 31, (mb + me * 5) & 31, 31 - mb, me];
        const want: [number, number][] = [];
        shifts.forEach((sh, k) => {
          const rc = (mb + me + k) & 1;
          const insert = 0x0f0f1234 + k;
          gprs[10 + k] = 0;
          gprs[20 + k] = insert;
          words.push(mform(21, 1, 10 + k, sh, mb, me, rc));
          words.push(mform(20, 1, 20 + k, sh, mb, me));
          want.push([10 + k, rotl(source, sh) & referenceMask(mb, me)]);
          want.push([20 + k, (rotl(source, sh) & referenceMask(mb, me)) | (insert & ~referenceMask(mb, me))]);
        });
        gprs[2] = 0xffffffe0 | shifts[0];
        words.push(mform(23, 1, 30, 2, mb, me, 1));
        want.push([30, rotl(source, shifts[0]) & referenceMask(mb, me)]);
        const s = run(words, gprs);
        for (const [reg, value] of want)
          if (s.gpr[reg] !== value) failures.push(`mb=${mb} me=${me} r${reg}: ${s.gpr[reg]} != ${value}`);
        // The last instruction (rlwnm.) set CR0.
        if (s.r[R.CR] >>> 0 !== cr0(want[want.length - 1][1], 0) >>> 0) failures.push(`mb=${mb} me=${me} CR0`);
      }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('generated code for slwi/srwi stays int32 and small', () => {
    const src = blockSource([mform(21, 4, 3, 2, 0, 29), mform(21, 4, 5, 30, 2, 31)]);
    expect(src).toContain('r3 = ((r4 << 2) | (r4 >>> 30)) & -4;');
    expect(src).toContain('r5 = ((r4 << 30) | (r4 >>> 2)) & 1073741823;');
  });
});

describe('shifts', () => {
  const values = [0, 1, -1, 0x7fffffff, -0x80000000, 0x12345678, -0x12345678, -2];
  it('slw/srw give 0 for amounts 32–63 and use only the low 6 bits of rB', () => {
    for (const v of values)
      for (let n = 0; n < 64; n++) {
        const amount = n | (n & 1 ? 0x7fffff00 : 0); // bits above 26 ignored
        const s = run([x31(10, 3, 11, 24), x31(10, 4, 11, 536, 1)], { 10: v, 11: amount });
        const left = n > 31 ? 0 : (v << n) | 0;
        const right = n > 31 ? 0 : (v >>> n) | 0;
        expect([s.gpr[3], s.gpr[4], s.r[R.CR] >>> 0], `v=${v} n=${n}`).toEqual([left, right, cr0(right, 0) >>> 0]);
      }
  });

  it('sraw/srawi: sign fill, CA only when negative and 1 bits are shifted out, ≥32 gives the sign', () => {
    for (const v of values)
      for (let n = 0; n < 64; n++) {
        const words = [x31(10, 3, 11, 792, 1)];
        if (n < 32) words.push(x31(10, 4, n, 824));
        const s = run(words, { 10: v, 11: n | 0xffffffc0 }, { ca: 1 - (v & 1) });
        const sh = Math.min(n, 32);
        const expected = sh === 32 ? v >> 31 : v >> sh;
        const lostOnes = sh === 32 ? v !== 0 : (v & (2 ** sh - 1)) !== 0;
        const ca = v < 0 && lostOnes ? 1 : 0;
        expect(s.gpr[3], `sraw v=${v} n=${n}`).toBe(expected);
        expect(s.r[R.CR] >>> 0).toBe(cr0(expected, 0) >>> 0);
        if (n < 32) expect(s.gpr[4], `srawi v=${v} n=${n}`).toBe(expected);
        expect(s.r[R.CA], `CA v=${v} n=${n}`).toBe(ca);
      }
  });

  it('srawi rA,rA keeps the source for CA', () => {
    const s = run([x31(3, 3, 4, 824)], { 3: -17 });
    expect([s.gpr[3], s.r[R.CA]]).toEqual([-2, 1]);
  });
});

describe('logical, counts, extends', () => {
  it('X-form logical ops, their record forms, and immediates', () => {
    for (const a of EDGES)
      for (const b of EDGES) {
        const words = [
          x31(10, 3, 11, 28),
          x31(10, 4, 11, 60),
          x31(10, 5, 11, 444),
          x31(10, 6, 11, 412),
          x31(10, 7, 11, 316),
          x31(10, 8, 11, 476),
          x31(10, 9, 11, 124),
          x31(10, 12, 11, 284, 1),
          dform(24, 10, 13, b),
          dform(25, 10, 14, b),
          dform(26, 10, 15, b),
          dform(27, 10, 16, b),
          dform(29, 10, 17, b),
          dform(28, 10, 18, b),
        ];
        const s = run(words, { 10: a, 11: b });
        const ub = b & 0xffff;
        expect([...s.gpr.slice(3, 10), s.gpr[12]]).toEqual([
          a & b,
          a & ~b,
          a | b,
          a | ~b,
          a ^ b,
          ~(a & b),
          ~(a | b),
          ~(a ^ b),
        ]);
        expect([...s.gpr.slice(13, 19)]).toEqual([
          a | ub,
          a | (ub << 16),
          a ^ ub,
          a ^ (ub << 16),
          a & (ub << 16),
          a & ub,
        ]);
        expect(s.r[R.CR] >>> 0).toBe(cr0(a & ub, 0) >>> 0);
      }
  });

  it('cntlzw, extsb, extsh', () => {
    for (const v of [...EDGES, 0x80, 0x8000, 0x7f, 0x17f80])
      for (const rc of [0, 1]) {
        const s = run([x31(10, 3, 0, 26), x31(10, 4, 0, 954), x31(10, 5, 0, 922, rc)], { 10: v });
        let zeros = 0;
        while (zeros < 32 && !((v >>> (31 - zeros)) & 1)) zeros++;
        const byte = (v & 0x80 ? v | ~0xff : v & 0xff) | 0;
        const half = (v & 0x8000 ? v | ~0xffff : v & 0xffff) | 0;
        expect([s.gpr[3], s.gpr[4], s.gpr[5]]).toEqual([zeros, byte, half]);
        expect(s.r[R.CR] >>> 0).toBe(rc ? cr0(half, 0) >>> 0 : 0);
      }
  });

  it('nop and mr emit no work beyond the move', () => {
    const src = blockSource([0x60000000, 0x7c832378]);
    expect(src).toContain('r0 = r0;');
    expect(src).toContain('r3 = r4;');
  });
});

describe('compares', () => {
  it('cmp/cmpl/cmpi/cmpli set only their field, with SO copied', () => {
    for (const a of EDGES)
      for (const b of EDGES)
        for (const bf of [0, 3, 7]) {
          const imm = b & 0xffff;
          const signedImm = (imm << 16) >> 16;
          const words = [x31(bf << 2, 10, 11, 0)];
          const s = run(words, { 10: a, 11: b }, { cr: 0x5a5a5a5a, so: bf & 1 });
          const field = (x: number, y: number) => (x < y ? 8 : x > y ? 4 : 2) | (bf & 1);
          const keep = 0x5a5a5a5a & ~(0xf << (28 - 4 * bf));
          expect(s.r[R.CR] | 0).toBe(keep | (field(a, b) << (28 - 4 * bf)));
          const t = run([x31(bf << 2, 10, 11, 32)], { 10: a, 11: b }, { cr: 0x5a5a5a5a, so: bf & 1 });
          expect(t.r[R.CR] | 0).toBe(keep | (field(a >>> 0, b >>> 0) << (28 - 4 * bf)));
          const i = run([dform(11, bf << 2, 10, imm)], { 10: a }, { cr: 0x5a5a5a5a, so: bf & 1 });
          expect(i.r[R.CR] | 0).toBe(keep | (field(a, signedImm) << (28 - 4 * bf)));
          const l = run([dform(10, bf << 2, 10, imm)], { 10: a }, { cr: 0x5a5a5a5a, so: bf & 1 });
          expect(l.r[R.CR] | 0).toBe(keep | (field(a >>> 0, imm) << (28 - 4 * bf)));
        }
  });

  it('L=1, and in cmp/cmpl bit 9 and Rc, are ignored: the 32-bit compare runs (as qemu-ppc 7.2 -cpu 7450)', () => {
    // cmp cr7,1,r10,r11; cmpl cr6,1,r10,r11; cmp with bit 9 and Rc set into cr5 (CR0 untouched);
    // cmpi cr4,1,r10,1; cmpli cr3,1,r10,1
    const words = [
      x31(29, 10, 11, 0),
      x31(25, 10, 11, 32),
      x31(22, 10, 11, 0, 1),
      dform(11, 17, 10, 1),
      dform(10, 13, 10, 1),
    ];
    const s = run(words, { 10: -1, 11: 1 });
    expect(s.r[R.CR] >>> 0).toBe(0x00048848);
  });
});
