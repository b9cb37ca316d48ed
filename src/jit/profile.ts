import type { Block, RetiredBlock } from './cache.js';
import type { Engine } from './engine.js';

/** Address → symbol lookups (machine/symbols.ts's SymbolTable). */
export interface SymbolTable {
  describe(addr: number): string;
  find(addr: number): { name: string; start: number } | undefined;
}

export interface BlockProfile {
  start: number;
  end: number;
  symbol: string;
  /** Exact number of times the block ran from its start. */
  entries: number;
  /** Guest instructions executed in the block (entries × length). */
  instructions: number;
  timeMs: number;
  /** Times the block at this address was translated (>1: invalidated and rebuilt). */
  translations: number;
}

export interface FunctionProfile {
  symbol: string;
  entries: number;
  instructions: number;
  timeMs: number;
  blocks: number;
}

export interface Profile {
  totalInstructions: number;
  totalTimeMs: number;
  translateMs: number;
  /** Blocks translated (decoded and given templates or compiled), incl. re-translations. */
  blocksTranslated: number;
  /** Of those, blocks compiled to a JS function (at once, or when they turned hot). */
  blocksCompiled: number;
  /** Guest instructions that ran through per-instruction templates (the cold tier). */
  templateInstructions: number;
  /** Blocks dropped because the translation cache was full (BlockCache.maxBlocks), and how often it filled. */
  blocksEvicted: number;
  cacheFlushes: number;
  blocks: BlockProfile[];
  functions: FunctionProfile[];
}

/**
 * Adds one block's run to the function profile, instruction by instruction: a block that went on
 * through a `b` into another function (a tail call; block.ts findBlock) counts its instructions
 * there, and an entry of that function each time. Its time, and the block itself, go to the function it
 * starts in (`firstAtStart`: the first translation seen at its address). A block that left the
 * cache (RetiredBlock) counts where it starts.
 */
function addToFunctions(
  functions: Map<string, FunctionProfile>,
  b: Block | RetiredBlock,
  symbols: SymbolTable | undefined,
  firstAtStart: boolean,
): void {
  const at = (pc: number) => {
    const found = symbols?.find(pc);
    const name = found?.name ?? '(unknown)';
    let f = functions.get(name);
    if (!f) {
      f = { symbol: name, entries: 0, instructions: 0, timeMs: 0, blocks: 0 };
      functions.set(name, f);
    }
    return { f, start: found?.start };
  };
  const first = at(b.start);
  first.f.timeMs += b.timeMs;
  if (firstAtStart) first.f.blocks++;
  if (!('insns' in b)) {
    // A block that left the cache keeps only its totals: all of it counts where it starts.
    first.f.instructions += b.instructions;
    if (first.start === b.start) first.f.entries += b.entries;
    return;
  }
  for (let i = 0; i < b.insns.length; i++) {
    const pc = b.insns[i].pc;
    const { f, start } = at(pc);
    f.instructions += b.entries;
    const segmentStart = i === 0 || pc !== (b.insns[i - 1].pc + 4) >>> 0;
    if (segmentStart && start === pc) f.entries += b.entries;
  }
}

/** Collects the profile of everything the engine ran (live and invalidated blocks). */
export function collectProfile(engine: Engine, symbols: SymbolTable | undefined): Profile {
  engine.foldRegionCounts();
  const byStart = new Map<number, BlockProfile>();
  const functions = new Map<string, FunctionProfile>();
  const add = (b: Block | RetiredBlock) => {
    if (b.entries === 0 || ('members' in b && b.members)) return;
    const key = b.start;
    const instructions = 'insnCount' in b ? b.entries * b.insnCount : b.instructions;
    const prev = byStart.get(key);
    addToFunctions(functions, b, symbols, prev === undefined);
    if (prev) {
      prev.entries += b.entries;
      prev.instructions += instructions;
      prev.timeMs += b.timeMs;
      return;
    }
    byStart.set(key, {
      start: b.start,
      end: b.end - 4,
      symbol: symbols ? symbols.describe(b.start) : `0x${b.start.toString(16)}`,
      entries: b.entries,
      instructions,
      timeMs: b.timeMs,
      translations: engine.cache.translations.get(b.start) ?? 1,
    });
  };
  for (const b of engine.liveBlocks()) add(b);
  for (const b of engine.cache.retired) add(b);
  const blocks = [...byStart.values()].sort((a, b) => b.timeMs - a.timeMs || b.instructions - a.instructions);
  return {
    totalInstructions: blocks.reduce((n, b) => n + b.instructions, 0),
    totalTimeMs: blocks.reduce((n, b) => n + b.timeMs, 0),
    translateMs: engine.translateMs,
    blocksTranslated: engine.cache.compiled,
    blocksCompiled: engine.blocksCompiled,
    templateInstructions: engine.templateInstructions,
    blocksEvicted: engine.cache.evicted,
    cacheFlushes: engine.cache.flushes,
    blocks,
    functions: [...functions.values()].sort((a, b) => b.timeMs - a.timeMs || b.instructions - a.instructions),
  };
}

const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-');
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** The human-readable report `--profile` prints to stderr. */
export function formatProfile(p: Profile, top = 20): string {
  const out: string[] = [];
  out.push(
    `ppcjit profile: ${p.totalInstructions} guest instructions (${pct(p.templateInstructions, p.totalInstructions)} through templates), ` +
      `${p.totalTimeMs.toFixed(1)} ms in blocks, ${p.blocksTranslated} blocks translated (${p.blocksCompiled} compiled) in ${p.translateMs.toFixed(1)} ms, ` +
      `${p.blocksEvicted} evicted (translation cache full ${p.cacheFlushes} times)`,
  );
  out.push('', `hottest blocks (top ${Math.min(top, p.blocks.length)} of ${p.blocks.length}):`);
  out.push('  start-end          entries      instructions  time    compiles  symbol');
  for (const b of p.blocks.slice(0, top)) {
    out.push(
      `  ${hex8(b.start)}-${hex8(b.end)} ${String(b.entries).padStart(12)} ${String(b.instructions).padStart(13)}  ${pct(b.timeMs, p.totalTimeMs).padStart(6)}  ${String(b.translations).padStart(8)}  ${b.symbol}`,
    );
  }
  out.push('', `functions (top ${Math.min(top, p.functions.length)} of ${p.functions.length}):`);
  out.push('  calls        instructions  time    blocks  function');
  for (const f of p.functions.slice(0, top)) {
    out.push(
      `  ${String(f.entries).padStart(12)} ${String(f.instructions).padStart(13)}  ${pct(f.timeMs, p.totalTimeMs).padStart(6)}  ${String(f.blocks).padStart(6)}  ${f.symbol}`,
    );
  }
  return out.join('\n');
}

/**
 * A Chrome DevTools .cpuprofile whose frames are guest functions (root → function → block).
 * Samples are synthesised from the measured block times at 100 µs resolution, so DevTools and
 * speedscope show the same shares as the text report.
 */
export function toCpuProfile(p: Profile): object {
  const INTERVAL_US = 100;
  const nodes: object[] = [];
  const root = { id: 1, callFrame: frame('(root)', 0), hitCount: 0, children: [] as number[] };
  nodes.push(root);
  let nextId = 2;
  const samples: number[] = [];
  const byFunction = new Map<string, { id: number; node: { children: number[] } }>();
  for (const b of p.blocks) {
    const fname = b.symbol.replace(/\+0x[0-9a-f]+$/, '');
    let fn = byFunction.get(fname);
    if (!fn) {
      const node = { id: nextId++, callFrame: frame(fname, b.start), hitCount: 0, children: [] as number[] };
      nodes.push(node);
      root.children.push(node.id);
      fn = { id: node.id, node };
      byFunction.set(fname, fn);
    }
    const hits = Math.round((b.timeMs * 1000) / INTERVAL_US);
    const leaf = { id: nextId++, callFrame: frame(`${b.symbol} [${hex8(b.start)}]`, b.start), hitCount: hits };
    nodes.push(leaf);
    fn.node.children.push(leaf.id);
    for (let i = 0; i < hits; i++) samples.push(leaf.id);
  }
  return {
    nodes,
    startTime: 0,
    endTime: samples.length * INTERVAL_US,
    samples,
    timeDeltas: samples.map(() => INTERVAL_US),
  };
}

function frame(functionName: string, addr: number) {
  return { functionName, scriptId: '0', url: `ppc:0x${hex8(addr)}`, lineNumber: 0, columnNumber: 0 };
}
