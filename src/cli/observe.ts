import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DEFAULT_MAX_BLOCKS } from '../jit/cache.js';
import { DEFAULT_COMPILE_THRESHOLD, type Engine } from '../jit/engine.js';
import { collectProfile, formatProfile, toCpuProfile } from '../jit/profile.js';
import { blockListing, blockUrl } from '../jit/source-map.js';
import { SymbolTable } from '../machine/symbols.js';

/** The observability flags `run` and `boot` share. */
export interface ObserveArgs {
  profile?: boolean;
  profileOut?: string;
  profileFormat?: string;
  dumpBlocks?: string;
  sourceMaps?: boolean;
  symbols?: string;
  compileThreshold?: number;
  maxBlocks?: number;
}

export const observeOptions = {
  profile: { type: 'boolean', default: false, describe: 'print the hottest blocks and functions to stderr at the end' },
  'profile-out': { type: 'string', describe: 'write the full profile to FILE' },
  'profile-format': { type: 'string', default: 'json', describe: 'json or cpuprofile (Chrome DevTools / speedscope)' },
  'dump-blocks': { type: 'string', describe: 'write each compiled block (JS + source map + guest listing) to DIR' },
  'source-maps': {
    type: 'boolean',
    default: false,
    describe: 'attach source maps to generated blocks (for node --cpu-prof)',
  },
  'compile-threshold': {
    type: 'number',
    describe: `entries after which a cold block (run through per-instruction templates) is compiled; 0 compiles every block at once (default ${DEFAULT_COMPILE_THRESHOLD}; --dump-blocks shows compiled blocks only)`,
  },
  'max-blocks': {
    type: 'number',
    describe: `translated blocks kept before the translation cache is emptied (default ${DEFAULT_MAX_BLOCKS}; --profile counts the evictions)`,
  },
  symbols: {
    type: 'string',
    describe: 'System.map-style symbol file for the profile and boot diagnostics (default: the ELF symbol table)',
  },
} as const;

/** Reads a System.map-style `--symbols` file (a UserError when it cannot be read). */
export function readSymbolFile(path: string): SymbolTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return SymbolTable.fromSystemMap(text);
}

/** Configures the engine before the run; returns the function to call after it. */
export function observe(engine: Engine, args: ObserveArgs, elfSymbols?: SymbolTable): () => void {
  const format = args.profileFormat ?? 'json';
  if (format !== 'json' && format !== 'cpuprofile') {
    throw new UserError(`invalid --profile-format '${format}': expected json or cpuprofile`);
  }
  const symbols = args.symbols ? readSymbolFile(args.symbols) : elfSymbols;
  if (args.compileThreshold !== undefined) {
    if (!Number.isInteger(args.compileThreshold) || args.compileThreshold < 0) {
      throw new UserError(`invalid --compile-threshold ${args.compileThreshold}: expected an integer ≥ 0`);
    }
    engine.compileThreshold = args.compileThreshold;
  }
  if (args.maxBlocks !== undefined) {
    if (!Number.isInteger(args.maxBlocks) || args.maxBlocks < 1) {
      throw new UserError(`invalid --max-blocks ${args.maxBlocks}: expected an integer ≥ 1`);
    }
    engine.cache.maxBlocks = args.maxBlocks;
  }
  const profiling = Boolean(args.profile || args.profileOut);
  engine.profiling = profiling;
  engine.cache.keepRetired = profiling;
  if (args.dumpBlocks || args.sourceMaps) {
    engine.compileOptions = { ...engine.compileOptions, sourceMap: true, keepSource: Boolean(args.dumpBlocks) };
  }
  if (args.dumpBlocks) {
    const dir = args.dumpBlocks;
    mkdirSync(dir, { recursive: true });
    engine.onCompile = (block, insns, compiled) => {
      const base = join(dir, blockUrl(block.start).replace(':', '_'));
      const name = `${blockUrl(block.start).replace(':', '_')}.js`;
      writeFileSync(
        `${base}.js`,
        // The same two header lines new Function() adds, so the source map's line numbers hold.
        `function anonymous(s,m,rt,cnt\n) {\n${compiled.source?.body ?? ''}\n}\n//# sourceMappingURL=${name}.map\n`,
      );
      if (compiled.sourceMap) writeFileSync(`${base}.js.map`, compiled.sourceMap);
      writeFileSync(`${base}.s`, `${blockListing(insns)}\n`);
    };
  }
  return () => {
    if (!profiling) return;
    const profile = collectProfile(engine, symbols);
    if (args.profile) process.stderr.write(`${formatProfile(profile)}\n`);
    if (args.profileOut) {
      const data = format === 'cpuprofile' ? toCpuProfile(profile) : profile;
      writeFileSync(args.profileOut, JSON.stringify(data));
    }
  };
}
