import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { R } from '../../src/runtime/cpu-state.js';
import { blockSource, CODE, runWords } from './harness.js';

// Encoders for the instructions these tests run.
const li = (rt: number, v: number) => ((14 << 26) | (rt << 21) | (v & 0xffff)) >>> 0;
const addi = (rt: number, ra: number, v: number) => ((14 << 26) | (rt << 21) | (ra << 16) | (v & 0xffff)) >>> 0;
const b = (from: number, to: number, lk = 0) => ((18 << 26) | ((to - from) & 0x03fffffc) | lk) >>> 0;
const bc = (bo: number, bi: number, disp: number, aalk = 0) =>
  ((16 << 26) | (bo << 21) | (bi << 16) | (disp & 0xfffc) | aalk) >>> 0;
const bclr = (bo: number, bi: number, lk = 0) => ((19 << 26) | (bo << 21) | (bi << 16) | (16 << 1) | lk) >>> 0;
const bcctr = (bo: number, bi: number, lk = 0) => ((19 << 26) | (bo << 21) | (bi << 16) | (528 << 1) | lk) >>> 0;
const mtspr = (spr: number, rs: number) =>
  ((31 << 26) | (rs << 21) | ((spr & 31) << 16) | ((spr >> 5) << 11) | (467 << 1)) >>> 0;
const mtctr = (rs: number) => mtspr(9, rs);
const mtlr = (rs: number) => mtspr(8, rs);
const xl = (xo: number, d: number, a: number, bb: number) =>
  ((19 << 26) | (d << 21) | (a << 16) | (bb << 11) | (xo << 1)) >>> 0;
const blr = bclr(20, 0);

/** The architecture's bc decision (PEM bcx pseudo-code), written independently of the emitter. */
function taken(bo: number, crBit: number, ctrBefore: number): { taken: boolean; ctr: number } {
  let ctr = ctrBefore;
  if (!((bo >> 2) & 1)) ctr = (ctr - 1) | 0;
  const ctrOk = (bo >> 2) & 1 || (ctr !== 0) !== Boolean((bo >> 1) & 1);
  const condOk = (bo >> 4) & 1 || crBit === ((bo >> 3) & 1);
  return { taken: Boolean(ctrOk && condOk), ctr };
}

describe('branch emitters', () => {
  it('runs a bdnz loop with CTR in a local', () => {
    // li r3,0; li r4,10; mtctr r4; loop: addi r3,r3,1; bdnz loop
    const { s, raised } = runWords([li(3, 0), li(4, 10), mtctr(4), addi(3, 3, 1), bc(16, 0, -4)]);
    expect(s.gpr[3]).toBe(10);
    expect(s.r[R.CTR]).toBe(0);
    expect(raised).toEqual([{ code: Exc.Illegal, pc: CODE + 20, detail: 0 }]);
  });

  it('runs a long self-loop past the per-call iteration cap', () => {
    const { s } = runWords([li(3, 0), li(4, 0), addi(4, 4, 3), mtctr(4), addi(3, 3, 2), bc(16, 0, -4)], (st) => {
      st.gpr[4] = 0;
    });
    expect(s.gpr[3]).toBe(6);
    const big = runWords([mtctr(4), addi(3, 3, 1), bc(16, 0, -4)], (st) => {
      st.gpr[4] = 200000;
    });
    expect(big.s.gpr[3]).toBe(200000);
    expect(big.s.r[R.CTR]).toBe(0);
  });

  it('decides every BO kind as the architecture does, for CR bit 0/1 and CTR 1/2', () => {
    for (const bo of [0, 2, 4, 8, 10, 12, 16, 18, 20, 1, 5, 13, 17, 25])
      for (const bit of [0, 1])
        for (const ctr of [1, 2]) {
          const bi = 6; // cr1 eq
          // bc bo,bi,+8; li r3,1 (skipped when taken); li r4,1
          const { s } = runWords([bc(bo, bi, 8), li(3, 1), li(4, 1)], (st) => {
            st.r[R.CR] = bit ? 1 << (31 - bi) : ~(1 << (31 - bi));
            st.r[R.CTR] = ctr;
          });
          const want = taken(bo, bit, ctr);
          const label = `bo=${bo} bit=${bit} ctr=${ctr}`;
          expect(s.gpr[3], label).toBe(want.taken ? 0 : 1);
          expect(s.gpr[4], label).toBe(1);
          expect(s.r[R.CTR], label).toBe(want.ctr);
        }
  });

  it('bl links and blr returns; LR holds the address after the bl', () => {
    // 0: bl 12; 4: li r4,5; 8: b 20; 12: li r3,7; 16: blr; 20: stop
    const { s, raised } = runWords([b(0, 12, 1), li(4, 5), b(8, 20), li(3, 7), blr]);
    expect(s.gpr[3]).toBe(7);
    expect(s.gpr[4]).toBe(5);
    expect(s.r[R.LR] >>> 0).toBe(CODE + 4);
    expect(raised[0].pc).toBe(CODE + 20);
  });

  it('bclrl branches to the old LR and links to the next instruction', () => {
    // lr = CODE+12 (set up); 0: blrl; 4: li r4,1; 8: stop-ish; 12: li r3,9; 16: stop
    const { s, raised } = runWords([bclr(20, 0, 1), li(4, 1), 0, li(3, 9)], (st) => {
      st.r[R.LR] = CODE + 12;
    });
    expect(s.gpr[3]).toBe(9);
    expect(s.gpr[4]).toBe(0);
    expect(s.r[R.LR] >>> 0).toBe(CODE + 4);
    expect(raised[0].pc).toBe(CODE + 16);
  });

  it('bctrl jumps to CTR with the low two bits cleared; conditional bcctr tests CR', () => {
    const { s } = runWords([mtctr(5), bcctr(20, 0, 1), li(4, 1), 0, li(3, 3)], (st) => {
      st.gpr[5] = CODE + 16 + 3;
    });
    expect(s.gpr[3]).toBe(3);
    expect(s.gpr[4]).toBe(0);
    expect(s.r[R.LR] >>> 0).toBe(CODE + 8);
    // bnectr with cr0 eq set: not taken
    const nt = runWords([bcctr(4, 2), li(3, 1)], (st) => {
      st.r[R.CR] = 0x20000000;
      st.r[R.CTR] = CODE + 0x100;
    });
    expect(nt.s.gpr[3]).toBe(1);
  });

  it('conditional blr with CTR decrement (bdnzlr)', () => {
    // ctr=2: first bdnzlr (ctr→1) returns to lr; run from CODE, lr → CODE+8
    const { s } = runWords([bclr(16, 0), li(3, 1), li(4, 2)], (st) => {
      st.r[R.CTR] = 2;
      st.r[R.LR] = CODE + 8;
    });
    expect(s.gpr[3]).toBe(0);
    expect(s.gpr[4]).toBe(2);
    expect(s.r[R.CTR]).toBe(1);
  });

  it('raises Illegal for bcctr with a CTR-decrement BO (invalid form on the 7450)', () => {
    const { raised } = runWords([bcctr(16, 0)]);
    expect(raised).toEqual([{ code: Exc.Illegal, pc: CODE, detail: 0 }]);
  });

  it('absolute branches ignore the current address', () => {
    const target = CODE + 8;
    const { s } = runWords([((18 << 26) | target | 2) >>> 0, li(3, 1), li(4, 1)]);
    expect(s.gpr[3]).toBe(0);
    expect(s.gpr[4]).toBe(1);
  });

  it('CR logical ops match a bit-level reference on random CR values', () => {
    const ops: [number, (a: number, b: number) => number][] = [
      [257, (a, b) => a & b],
      [449, (a, b) => a | b],
      [193, (a, b) => a ^ b],
      [225, (a, b) => 1 - (a & b)],
      [33, (a, b) => 1 - (a | b)],
      [289, (a, b) => 1 - (a ^ b)],
      [129, (a, b) => a & (1 - b)],
      [417, (a, b) => a | (1 - b)],
    ];
    let seed = 0x1234567;
    const rnd = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    for (const [xo, fn] of ops) {
      // 24 chained instructions per run; the reference applies them in order.
      const start = rnd() | 0;
      const insns = Array.from({ length: 24 }, () => [rnd() & 31, rnd() & 31, rnd() & 31]);
      const { s } = runWords(
        insns.map(([d, a, bb]) => xl(xo, d, a, bb)),
        (st) => {
          st.r[R.CR] = start;
        },
      );
      let cr = start;
      for (const [d, a, bb] of insns) {
        const bit = (n: number) => (cr >>> (31 - n)) & 1;
        cr = (cr & ~(1 << (31 - d))) | (fn(bit(a), bit(bb)) << (31 - d));
      }
      expect(s.r[R.CR], `xo=${xo}`).toBe(cr | 0);
    }
  });

  it('mcrf copies one CR field', () => {
    const { s } = runWords([xl(0, 4, 28, 0)], (st) => {
      st.r[R.CR] = 0x1234567a;
    });
    expect(s.r[R.CR] >>> 0).toBe(0x1a34567a);
  });

  it('ends the block at a branch and generates parseable code', () => {
    const src = blockSource([li(3, 1), bc(12, 2, 8, 1), li(4, 1)]);
    expect(src).toContain('break b;');
    expect(src).not.toContain('r4'); // the block ended at the bc
    expect(blockSource([mtlr(3), bclr(12, 5, 1)])).toContain('lr');
  });
});
