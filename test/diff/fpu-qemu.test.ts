import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { haveTool } from './objdump.js';

/**
 * The FPU runtime against qemu-ppc -cpu 7450 on random operands in all rounding modes
 * (test/diff/fpu-qemu.ts; documented QEMU deviations are masked there).
 */
const ready = haveTool('qemu-ppc') && haveTool('powerpc-linux-gnu-gcc');

describe.skipIf(!ready)('FPU arithmetic vs qemu-ppc', () => {
  it('agrees on result bits and FPSCR for 6000 random cases', () => {
    const out = execFileSync('npx', ['tsx', 'test/diff/fpu-qemu.ts', '6000', '11'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    console.log(out.trim().split('\n').slice(-5).join('\n'));
    expect(out).toMatch(/6000 cases, 0 differ/);
  });
});
