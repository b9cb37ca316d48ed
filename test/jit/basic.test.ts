import { describe, expect, it } from 'vitest';
import { Exc } from '../../src/cpu/exceptions.js';
import { blockSource, CODE, runWords } from './harness.js';

describe('block compiler', () => {
  it('runs addi/add with registers in locals and stops at an invalid word', () => {
    // li r3,5; addi r4,r3,-7; add r5,r3,r4
    const { s, raised } = runWords([0x38600005, 0x3883fff9, 0x7ca32214]);
    expect(s.gpr[3]).toBe(5);
    expect(s.gpr[4]).toBe(-2);
    expect(s.gpr[5]).toBe(3);
    expect(raised).toEqual([{ code: Exc.Illegal, pc: CODE + 12, detail: 0 }]);
  });

  it('generates code acorn parses', () => {
    const src = blockSource([0x38600005, 0x7ca32214]);
    expect(src).toContain('let r3 = g[3];');
    expect(src).toContain('g[5] = r5;');
  });
});
