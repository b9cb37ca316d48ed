import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { findBlock } from '../../src/jit/block.js';
import { Engine } from '../../src/jit/engine.js';
import { CpuState, R } from '../../src/runtime/cpu-state.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';
import { MSR } from '../../src/runtime/interrupts.js';
import { CODE, DATA, DATA_SIZE, type Raised, runWords, testRuntime } from './harness.js';

const x31 = (xo: number, d: number, a: number, b: number) =>
  ((31 << 26) | (d << 21) | (a << 16) | (b << 11) | (xo << 1)) >>> 0;
const li = (rt: number, v: number) => ((14 << 26) | (rt << 21) | (v & 0xffff)) >>> 0;
const sc = (lev = 0) => (0x44000002 | (lev << 5)) >>> 0;
const twi = (to: number, ra: number, si: number) => ((3 << 26) | (to << 21) | (ra << 16) | (si & 0xffff)) >>> 0;
const tw = (to: number, ra: number, rb: number) => x31(4, to, ra, rb);
const mfspr = (rt: number, spr: number) => x31(339, rt, spr & 31, spr >> 5);
const mtspr = (spr: number, rs: number) => x31(467, rs, spr & 31, spr >> 5);
const mtcrf = (fxm: number, rs: number) => (x31(144, rs, 0, 0) | (fxm << 12)) >>> 0;
const mfcr = (rt: number) => x31(19, rt, 0, 0);
const mcrxr = (crf: number) => x31(512, crf << 2, 0, 0);
const dcbz = (ra: number, rb: number) => x31(1014, 0, ra, rb);
const icbi = (ra: number, rb: number) => x31(982, 0, ra, rb);
const mftb = (rt: number, upper: boolean) => x31(371, rt, upper ? 13 : 12, 8);
const RFI = 0x4c000064;
const ISYNC = 0x4c00012c;
const mfmsr = (rt: number) => x31(83, rt, 0, 0);
const mtmsr = (rs: number) => x31(146, rs, 0, 0);
const mtsr = (sr: number, rs: number) => x31(210, rs, sr, 0);
const mfsr = (rt: number, sr: number) => x31(595, rt, sr, 0);
const mtsrin = (rs: number, rb: number) => x31(242, rs, 0, rb);
const mfsrin = (rt: number, rb: number) => x31(659, rt, 0, rb);
const tlbie = (rb: number) => x31(306, 0, 0, rb);

/** runWords with extra runtime members (recorders for rfi/mtmsr/icbi/time base …). */
function runWith(
  words: readonly number[],
  setup: ((s: CpuState, m: FlatMemory) => void) | undefined,
  extra: Record<string, unknown> | ((stop: (pc: number) => number) => Record<string, unknown>),
) {
  const m = new FlatMemory();
  m.map(CODE, 0x1000, Prot.RWX);
  m.map(DATA, DATA_SIZE, Prot.RW);
  const s = new CpuState();
  const raised: Raised[] = [];
  let engine: Engine | undefined;
  const stop = (pc: number) => {
    engine!.stopped = true;
    return pc;
  };
  engine = new Engine(
    s,
    m,
    testRuntime(() => engine!, raised, typeof extra === 'function' ? extra(stop) : extra),
  );
  words.forEach((w, i) => m.w32(CODE + i * 4, w));
  m.w32(CODE + words.length * 4, 0);
  s.pc = CODE;
  setup?.(s, m);
  engine.run(100_000);
  return { s, m, raised };
}

describe('system emitters', () => {
  it('sc calls the machine stub with LEV and its own address, after writing registers back', () => {
    const { s, raised } = runWords([li(3, 4), sc(), li(3, 9)]);
    expect(raised).toEqual([{ code: 100, pc: CODE + 4, detail: 0 }]);
    expect(s.gpr[3]).toBe(4);
    expect(runWords([sc(1)]).raised).toEqual([{ code: 101, pc: CODE, detail: 0 }]);
  });

  it('tw/twi raise Trap exactly when a TO condition holds', () => {
    const values = [-5, 0, 3, 0x7fffffff];
    const holds = (to: number, a: number, b: number) =>
      Boolean(
        (to & 16 && a < b) ||
          (to & 8 && a > b) ||
          (to & 4 && a === b) ||
          (to & 2 && a >>> 0 < b >>> 0) ||
          (to & 1 && a >>> 0 > b >>> 0),
      );
    const tos = [0, 1, 2, 4, 8, 16, 5, 12, 20, 24, 31];
    for (const a of values)
      for (const b of [-5, 3]) {
        // One run per operand pair: every tw/twi form in a row; a trap is recorded and skipped.
        const words = tos.flatMap((to) => [tw(to, 3, 4), twi(to, 3, b)]);
        const trapped: number[] = [];
        runWith(
          words,
          (st) => {
            st.gpr[3] = a;
            st.gpr[4] = b;
          },
          (stop) => ({
            raise: (_s: CpuState, code: number, pc: number) => {
              if (code !== Exc.Trap) return stop(pc);
              trapped.push((pc - CODE) / 4);
              return pc + 4;
            },
          }),
        );
        const want = words.map((_, i) => i).filter((i) => holds(tos[i >> 1], a, b));
        expect(trapped, `a=${a} b=${b}`).toEqual(want);
      }
  });

  it('mtcrf writes the selected fields, mfcr reads them back', () => {
    const { s } = runWords([mtcrf(0x81, 3), mfcr(4), mtcrf(0xff, 5)], (st) => {
      st.r[R.CR] = 0x12345678;
      st.gpr[3] = 0xabcdef09 | 0;
      st.gpr[5] = 0x0badf00d;
    });
    expect(s.gpr[4] >>> 0).toBe(0xa2345679);
    expect(s.r[R.CR]).toBe(0x0badf00d);
  });

  it('mcrxr moves XER[SO,OV,CA] into a CR field and clears them', () => {
    const { s } = runWords([mcrxr(2)], (st) => {
      st.xer = 0xe0000012 | 0;
      st.r[R.CR] = -1;
    });
    expect(s.r[R.CR] >>> 0).toBe(0xffefffff); // cr2 = 0b1110
    expect(s.xer >>> 0).toBe(0x12);
  });

  it('moves LR, CTR, XER and VRSAVE through mfspr/mtspr locals; other SPRs through the runtime', () => {
    const { s } = runWords(
      [
        mtspr(8, 3),
        mtspr(9, 4),
        mtspr(1, 5),
        mtspr(256, 6),
        mtspr(272, 7),
        mfspr(10, 8),
        mfspr(11, 9),
        mfspr(12, 1),
        mfspr(13, 256),
        mfspr(14, 272),
      ],
      (st) => {
        st.gpr[3] = 0x1000;
        st.gpr[4] = 77;
        st.gpr[5] = 0xa000007f | 0;
        st.gpr[6] = 0x5555;
        st.gpr[7] = 0x1234;
      },
    );
    expect(s.r[R.LR]).toBe(0x1000);
    expect(s.r[R.CTR]).toBe(77);
    expect([s.r[R.SO], s.r[R.OV], s.r[R.CA], s.r[R.XER_REST]]).toEqual([1, 0, 1, 0x7f]);
    expect(s.r[R.VRSAVE]).toBe(0x5555);
    expect(s.spr[272]).toBe(0x1234);
    expect([s.gpr[10], s.gpr[11], s.gpr[12] >>> 0, s.gpr[13], s.gpr[14]]).toEqual([
      0x1000, 77, 0xa000007f, 0x5555, 0x1234,
    ]);
  });

  it('mftb/mftbu read the runtime time base', () => {
    const { s } = runWith([mftb(3, false), mftb(4, true)], undefined, {
      timeBase: (_s: CpuState, upper: boolean) => (upper ? 7 : 0x89abcdef),
    });
    expect(s.gpr[3] >>> 0).toBe(0x89abcdef);
    expect(s.gpr[4]).toBe(7);
  });

  it('dcbz zeroes the aligned 32-byte block containing EA and nothing else', () => {
    const { m } = runWords([dcbz(3, 4)], (st, mem) => {
      for (let a = 0; a < 0x80; a += 4) mem.w32(DATA + a, -1);
      st.gpr[3] = DATA;
      st.gpr[4] = 0x25;
    });
    for (let a = 0; a < 0x80; a += 4) expect(m.r32(DATA + a), a.toString(16)).toBe(a >= 0x20 && a < 0x40 ? 0 : -1);
  });

  it('dcbz to unmapped memory faults at the dcbz', () => {
    const { raised } = runWords([li(3, 0), dcbz(0, 3)]);
    expect(raised[0].pc).toBe(CODE + 4);
    expect(raised[0].code).toBeLessThan(0);
  });

  it('icbi passes EA to rt.invalidateCode', () => {
    const seen: number[] = [];
    runWith(
      [icbi(3, 4)],
      (st) => {
        st.gpr[3] = DATA;
        st.gpr[4] = 0x44;
      },
      { invalidateCode: (ea: number) => seen.push(ea) },
    );
    expect(seen).toEqual([DATA + 0x44]);
  });

  it('raises Privileged for supervisor-only instructions in problem state', () => {
    for (const w of [
      RFI,
      mfmsr(3),
      mtmsr(3),
      mtsr(1, 3),
      mfsr(3, 1),
      mtsrin(3, 4),
      mfsrin(3, 4),
      tlbie(3),
      x31(370, 0, 0, 0),
      x31(470, 0, 0, 3),
    ]) {
      const { raised } = runWords([w], (st) => {
        st.r[R.MSR] = MSR.PR;
      });
      expect(raised, w.toString(16)).toEqual([{ code: Exc.Privileged, pc: CODE, detail: 0 }]);
    }
  });

  it('rfi and mtmsr hand MSR to the runtime in supervisor state', () => {
    const calls: string[] = [];
    const rfi = runWith([li(3, 1), RFI], undefined, {
      rfi: (s: CpuState) => {
        calls.push(`rfi r3=${s.gpr[3]}`);
        return CODE + 0x40;
      },
    });
    expect(calls).toEqual(['rfi r3=1']);
    expect(rfi.raised[0].pc).toBe(CODE + 0x40); // the zero word there stops the run
    const mt = runWith([li(3, 0x30), mtmsr(3), mfmsr(4)], undefined, {
      mtmsr: (s: CpuState, v: number, next: number) => {
        calls.push(`mtmsr ${v} ${next - CODE}`);
        s.r[R.MSR] = v;
        return next;
      },
    });
    expect(calls[1]).toBe('mtmsr 48 8');
    expect(mt.s.gpr[4]).toBe(0x30);
  });

  it('mtsr/mfsr and mtsrin/mfsrin round-trip segment registers', () => {
    const { s } = runWords([mtsr(3, 5), mtsrin(6, 7), mfsr(8, 3), mfsrin(9, 7)], (st) => {
      st.gpr[5] = 0x20000333;
      st.gpr[6] = 0x20000abc;
      st.gpr[7] = 0xc0000000 | 0;
    });
    expect(s.sr[3]).toBe(0x20000333);
    expect(s.sr[12]).toBe(0x20000abc);
    expect([s.gpr[8], s.gpr[9]]).toEqual([0x20000333, 0x20000abc]);
  });

  it('ends blocks at sc, rfi, isync, mtmsr, tlbie and traps; sync and cache hints do not', () => {
    const m = new FlatMemory();
    m.map(CODE, 0x1000, Prot.RWX);
    const lengthOf = (words: number[]) => {
      words.forEach((w, i) => m.w32(CODE + i * 4, w));
      return findBlock(CODE, (ea) => m.fetch(ea)).length;
    };
    for (const w of [sc(), RFI, ISYNC, mtmsr(3), tlbie(3), tw(4, 3, 4), twi(24, 3, 0)])
      expect(lengthOf([w, li(3, 1), li(3, 2)])).toBe(1);
    expect(lengthOf([x31(598, 0, 0, 0), x31(278, 0, 0, 3), x31(854, 0, 0, 0), li(3, 1), sc()])).toBe(5);
  });
});
