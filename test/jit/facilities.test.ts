import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { R } from '../../src/runtime/cpu-state.js';
import { CODE, runWords } from './harness.js';

const VADDUBM = 0x10010000; // vaddubm v0,v1,v0
const FADD = 0xfc21102a; // fadd f1,f1,f2

describe('facilities', () => {
  it('a CPU without AltiVec (750) takes an illegal-instruction exception on opcode 4', () => {
    const { raised } = runWords([VADDUBM], undefined, (e) => {
      e.compileOptions = { facilities: { fpu: true, altivec: false, checkMsr: false } };
    });
    expect(raised[0]).toMatchObject({ code: Exc.Illegal, pc: CODE });
  });

  it('system mode: MSR[FP]=0 raises FP unavailable, MSR[VEC]=0 vector unavailable', () => {
    const system = { fpu: true, altivec: true, checkMsr: true };
    const fp = runWords([FADD], undefined, (e) => {
      e.compileOptions = { facilities: system };
    });
    expect(fp.raised[0]).toMatchObject({ code: Exc.FpUnavailable, pc: CODE });
    const vec = runWords(
      [VADDUBM],
      (s) => {
        s.r[R.MSR] = 0x2000;
      },
      (e) => {
        e.compileOptions = { facilities: system };
      },
    );
    expect(vec.raised[0]).toMatchObject({ code: Exc.VecUnavailable, pc: CODE });
  });

  it('user mode with the unit present runs the instruction', () => {
    const { s, raised } = runWords([FADD], (st) => {
      st.fpr[1] = 1.5;
      st.fpr[2] = 2;
    });
    expect(s.fpr[1]).toBe(3.5);
    expect(raised[0]).toMatchObject({ code: Exc.Illegal, pc: CODE + 4 });
  });
});
