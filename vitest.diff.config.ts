import { defineConfig } from 'vitest/config';

/** The differential suite: compares ppcjit with objdump / qemu-ppc / qemu-system-ppc. */
export default defineConfig({
  test: {
    include: ['test/diff/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
