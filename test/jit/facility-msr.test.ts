// Which instructions the MSR[FP]/MSR[VEC] guard covers, audited against the manuals (PEM, AltiVec
// PEM) and QEMU's translators (fp-impl/vmx-impl: every FP and vector instruction, lvsl/lvsr and
// mfvscr/mtvscr included, checks fpu_enabled/altivec_enabled; the data-stream hints and the
// VRSAVE moves do not). Issue 13: a Linux kernel with CONFIG_ALTIVEC runs dssall in _set_L2CR
// with MSR[VEC]=0.
import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { INSTRUCTIONS } from '../../src/decoder/table/index.js';
import { Flag } from '../../src/decoder/types.js';
import { R } from '../../src/runtime/cpu-state.js';
import { CODE, DATA, runWords } from './harness.js';

const MSR_FP = 0x2000;
const MSR_VEC = 0x02000000;
const SYSTEM = { fpu: true, altivec: true, checkMsr: true };
const NO_ALTIVEC = { fpu: true, altivec: false, checkMsr: true };

/** Runs one word with r3 = DATA, r4 = 32 and the given MSR and facilities; the first exception. */
function firstException(word: number, msr: number, facilities = SYSTEM) {
  const { raised } = runWords(
    [word],
    (s) => {
      s.r[R.MSR] = msr;
      s.gpr[3] = DATA;
      s.gpr[4] = 32;
    },
    (e) => {
      e.compileOptions = { facilities };
    },
  );
  return raised[0];
}

// objdump -M 7450 names each word (checked with powerpc-linux-gnu-objdump).
const STREAM_HINTS: [string, number][] = [
  ['dst r3,r4,1', 0x7c2322ac],
  ['dstt r3,r4,2', 0x7e4322ac],
  ['dstst r3,r4,3', 0x7c6322ec],
  ['dststt r3,r4,0', 0x7e0322ec],
  ['dss 1', 0x7c20066c],
  ['dssall', 0x7e00066c],
];
const VRSAVE_MOVES: [string, number][] = [
  ['mfvrsave r5', 0x7ca042a6],
  ['mtvrsave r5', 0x7ca043a6],
];
const VECTOR: [string, number][] = [
  ['mfvscr v0', 0x10000604],
  ['mtvscr v1', 0x10000e44],
  ['lvsl v0,0,r3', 0x7c00180c],
  ['lvsr v0,0,r3', 0x7c00184c],
  ['lvx v0,0,r3', 0x7c0018ce],
  ['stvewx v0,0,r3', 0x7c00198e],
  ['vaddubm v0,v1,v0', 0x10010000],
  ['vcmpequb. v0,v1,v2', 0x10011406],
];
const FLOATING: [string, number][] = [
  ['lfd f1,0(r3)', 0xc8230000],
  ['stfiwx f1,0,r3', 0x7c201fae],
  ['fmr f1,f2', 0xfc201090],
  ['mffs f1', 0xfc20048e],
  ['mtfsf 255,f1', 0xfdfe0d8e],
  ['mcrfs cr1,cr0', 0xfc800080],
  ['fadd f1,f1,f2', 0xfc21102a],
];

describe('MSR facility guard', () => {
  it.each(STREAM_HINTS)('%s runs with MSR[VEC]=0 (a hint: no AltiVec Unavailable)', (_, word) => {
    expect(firstException(word, 0)).toMatchObject({ code: Exc.Illegal, pc: CODE + 4 }); // the STOP word
  });

  it.each(STREAM_HINTS)('%s is illegal on a CPU without AltiVec', (_, word) => {
    expect(firstException(word, MSR_VEC, NO_ALTIVEC)).toMatchObject({ code: Exc.Illegal, pc: CODE });
  });

  it.each(VRSAVE_MOVES)('%s works with MSR[VEC]=0 (VRSAVE is an ordinary SPR)', (_, word) => {
    expect(firstException(word, 0)).toMatchObject({ code: Exc.Illegal, pc: CODE + 4 });
  });

  it.each(VECTOR)('%s raises AltiVec Unavailable with MSR[VEC]=0 and runs with it set', (_, word) => {
    expect(firstException(word, MSR_FP)).toMatchObject({ code: Exc.VecUnavailable, pc: CODE });
    expect(firstException(word, MSR_FP | MSR_VEC)).toMatchObject({ code: Exc.Illegal, pc: CODE + 4 });
  });

  it.each(FLOATING)('%s raises FP Unavailable with MSR[FP]=0 and runs with it set', (_, word) => {
    expect(firstException(word, MSR_VEC)).toMatchObject({ code: Exc.FpUnavailable, pc: CODE });
    expect(firstException(word, MSR_FP | MSR_VEC)).toMatchObject({ code: Exc.Illegal, pc: CODE + 4 });
  });

  it('exempts exactly the data-stream hints in the table, and guards every other FP and AltiVec entry', () => {
    const exempt = INSTRUCTIONS.filter((d) => (d.flags ?? 0) & Flag.IgnoresMsrEnable).map((d) => d.name);
    expect(exempt.sort()).toEqual(['dss', 'dst', 'dstst']);
    for (const d of INSTRUCTIONS) {
      const fp = d.family === 'fpu' || d.family === 'fpload' || d.family === 'fpstore';
      const vec = d.family === 'altivec' || d.operands[0] === 'vrt' || d.operands[0] === 'vrs';
      if (fp) expect(d.feature, d.name).toBe('fpu');
      if (vec) expect(d.feature, d.name).toBe('altivec');
    }
  });
});
