import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { PPCJIT_VERSION } from '../src/version.js';

it('src/version.ts is current with package.json (npm run build regenerates it)', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(PPCJIT_VERSION).toBe(pkg.version);
});
