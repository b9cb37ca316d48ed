import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * ppcjit's version from its package.json (found by walking up from this file, so it works from
 * src/ under tsx and from dist/src/ after the build).
 */
export function ppcjitVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ppcjit' && pkg.version) return (cached = pkg.version);
    }
    if (dirname(dir) === dir) throw new Error('ppcjit: package.json not found');
  }
}
