/**
 * The JIT side of the gdb stub: breakpoints, watchpoints and single steps that are exact whatever
 * tier a block runs in, without writing guest memory.
 *
 * - While a debugger is attached the engine hands each `run` call to `EngineDebug.run`, which
 *   runs the guest through `Engine.runBlocks`: many blocks at a time when nothing is set, one
 *   block at a time when a breakpoint, watchpoint or step is, checking the PC before each block.
 *   Regions (several blocks in one function) are dropped and not built while attached.
 * - Blocks translated while breakpoints exist end just before them (`blockLimit`), and every
 *   translation is dropped when the set changes, as QEMU flushes its TBs (tb_flush on
 *   breakpoint insertion), so a breakpoint always starts a block.
 * - A step runs a block of exactly one instruction (the block at the PC is retranslated with
 *   that limit), in the template tier or compiled alike.
 * - Watchpoints: translations are dropped and rebuilt without the inline memory fast path
 *   (compile option `memory` off), so every load and store goes through the memory object's
 *   accessors, which are wrapped while watchpoints exist; blocks are one instruction long then.
 *   A hit stops before the access completes, with the PC on the accessing instruction, which
 *   is what gdb expects of PowerPC (rs6000-tdep: watchpoints are "non-steppable": gdb removes
 *   them, steps over the instruction and compares the value itself).
 */
import type { Engine, EngineDebugHook } from '../jit/engine.js';
import type { GdbSession } from './session.js';
import { BreakpointType, GdbSignal, type StopEvent } from './target.js';

/** Blocks and instructions run between two looks at the connection when nothing is set (Ctrl-C latency). */
const FREE_RUN_BLOCKS = 4096;
const FREE_RUN_INSNS = 1 << 22;
const MAX_BLOCK_INSNS = 64;

interface Watchpoint {
  type: BreakpointType;
  address: number;
  length: number;
}

/** Thrown by a wrapped accessor: the access hits a watchpoint (it has not happened). */
class WatchHit extends Error {
  constructor(
    readonly type: BreakpointType,
    readonly address: number,
  ) {
    super('watchpoint hit');
  }
}

type Accessor = 'r8' | 'r16' | 'r16s' | 'r32' | 'rf32' | 'rf64' | 'w8' | 'w16' | 'w32' | 'wf32' | 'wf64';
const ACCESSORS: readonly [Accessor, number, boolean][] = [
  ['r8', 1, false],
  ['r16', 2, false],
  ['r16s', 2, false],
  ['r32', 4, false],
  ['rf32', 4, false],
  ['rf64', 8, false],
  ['w8', 1, true],
  ['w16', 2, true],
  ['w32', 4, true],
  ['wf32', 4, true],
  ['wf64', 8, true],
];

export interface EngineDebugOptions {
  /** Ends the guest (gdb's `kill`). */
  kill: () => void;
  /**
   * Whether the guest itself stopped the engine (it exited, the machine stopped): a stop of ours
   * inside a block also stops it, and must not hide that.
   */
  guestStopped: () => boolean;
}

export class EngineDebug implements EngineDebugHook {
  private readonly breakpoints = new Set<number>();
  private readonly watchpoints: Watchpoint[] = [];
  /** Compile options and region setting to put back on detach. */
  private readonly savedRegions: boolean;
  private readonly savedMemory: Engine['compileOptions']['memory'];
  /** gdb asked for one instruction. */
  private stepping = false;
  /** Bumped at every resume: a step ends after a block that ran within one resume. */
  private resumes = 0;
  /** The PC gdb resumed at: its breakpoint does not stop the first block. */
  private resumeFrom: number | undefined;
  /** Set when a stop inside a block (a signal) asks the run loop to come back to us. */
  private interruptedBlock = false;
  /** Accessors are being checked (only while guest code runs, not for gdb's own reads). */
  private inGuest = false;
  /** Inside Engine.runBlocks. */
  private inBlocks = false;
  /** Accessors the memory object had as own properties before they were wrapped. */
  private ownAccessors = new Map<string, unknown>();
  private killed = false;

  constructor(
    private readonly engine: Engine,
    private readonly session: GdbSession,
    private readonly options: EngineDebugOptions,
  ) {
    this.savedRegions = engine.regions;
    this.savedMemory = engine.compileOptions.memory;
    engine.debug = this;
  }

  /** Stops before the first guest instruction until gdb resumes (qemu-ppc -g, qemu-system -S). */
  waitForClient(): void {
    this.session.waitForClient();
    this.attach();
    this.stop(undefined, false);
  }

  /** The guest ended on its own: tells gdb (W/X stop reply) when one is connected. */
  ended(event: StopEvent): void {
    if (this.session.connected && !this.killed) this.session.stopped(event, true);
  }

  /**
   * A signal is about to reach the guest (linux-user; qemu-ppc's gdb_handlesig): stops in gdb
   * first. Returns the gdb signal to deliver (0: gdb discarded it).
   */
  signal(gdbSignal: number): number {
    if (!this.session.connected || this.killed) return gdbSignal;
    const before = this.resumes;
    this.stop({ kind: 'signal', signal: gdbSignal });
    if (this.killed) return 0;
    if (this.inBlocks) {
      // Come back to our loop at the next block boundary (a step starts there).
      this.interruptedBlock = true;
      this.engine.stopped = true;
    }
    return this.resumes === before ? gdbSignal : this.deliverSignal;
  }
  private deliverSignal = 0;

  blockLimit(pc: number): number {
    if (this.stepping || this.watchpoints.length > 0) return 1;
    let limit = MAX_BLOCK_INSNS;
    for (const b of this.breakpoints) {
      const distance = (b - pc) >>> 0;
      if (distance > 0 && distance < limit * 4) limit = distance >>> 2;
    }
    return Math.max(1, limit);
  }

  run(maxBlocks: number, maxInstructions: number): boolean {
    const e = this.engine;
    const s = e.s;
    const counting = maxInstructions !== Number.POSITIVE_INFINITY;
    let blocksLeft = maxBlocks;
    let insnLeft = maxInstructions;
    for (;;) {
      if (this.killed) return true;
      if (this.session.pending) {
        const event = this.session.poll();
        if (event === 'interrupt') this.stop({ kind: 'signal', signal: GdbSignal.INT });
        else if (event === 'connected') {
          // A client that connects to a running guest stops it, as QEMU's stub does; it asks `?`.
          this.attach();
          this.stop({ kind: 'signal', signal: GdbSignal.TRAP }, false);
        } else if (event === 'detached') this.detach();
        if (this.killed) return true;
      }
      if (blocksLeft <= 0 || insnLeft <= 0) return false;
      const pc = s.pc;
      if (this.breakpoints.has(pc) && pc !== this.resumeFrom) {
        this.stop({ kind: 'signal', signal: GdbSignal.TRAP });
        continue;
      }
      this.resumeFrom = undefined;
      const single = this.stepping || this.breakpoints.size > 0 || this.watchpoints.length > 0;
      if (this.stepping) this.dropBlockAt(pc);
      const resumes = this.resumes;
      const before = e.countedInstructions;
      const chunk = single ? 1 : Math.min(blocksLeft, FREE_RUN_BLOCKS);
      let stopped: boolean;
      this.inGuest = this.watchpoints.length > 0;
      this.inBlocks = true;
      try {
        // A budget of one instruction makes a self-looping block run one iteration.
        stopped = e.runBlocks(chunk, single ? 1 : Math.min(insnLeft, FREE_RUN_INSNS));
      } catch (err) {
        if (!(err instanceof WatchHit)) throw err;
        this.inGuest = false;
        this.stop({ kind: 'signal', signal: GdbSignal.TRAP, watch: { type: err.type, address: err.address } });
        continue;
      } finally {
        this.inGuest = false;
        this.inBlocks = false;
      }
      if (counting) insnLeft -= e.countedInstructions - before;
      blocksLeft -= chunk;
      if (stopped && this.interruptedBlock) {
        this.interruptedBlock = false;
        stopped = this.killed || this.options.guestStopped();
      }
      if (stopped) return true;
      if (this.stepping && this.resumes === resumes) this.stop({ kind: 'signal', signal: GdbSignal.TRAP });
    }
  }

  /** Inserts or removes a breakpoint or watchpoint (the DebugTarget's setBreakpoint). */
  setBreakpoint(type: BreakpointType, address: number, length: number, insert: boolean): boolean {
    address >>>= 0;
    if (type === BreakpointType.Software || type === BreakpointType.Hardware) {
      if (insert === this.breakpoints.has(address)) return true;
      if (insert) this.breakpoints.add(address);
      else this.breakpoints.delete(address);
      this.dropTranslations();
      return true;
    }
    const i = this.watchpoints.findIndex((w) => w.type === type && w.address === address && w.length === length);
    if (insert && i < 0) {
      if (this.watchpoints.length === 0) this.watchAccessors(true);
      this.watchpoints.push({ type, address, length });
    } else if (!insert && i >= 0) {
      this.watchpoints.splice(i, 1);
      if (this.watchpoints.length === 0) this.watchAccessors(false);
    }
    return true;
  }

  private attach(): void {
    this.engine.regions = false;
    this.dropTranslations();
  }

  /** gdb went away: the guest runs on as before, still listening for the next client. */
  private detach(): void {
    this.breakpoints.clear();
    if (this.watchpoints.length) {
      this.watchpoints.length = 0;
      this.watchAccessors(false);
    }
    this.stepping = false;
    this.engine.regions = this.savedRegions;
    this.dropTranslations();
  }

  /** Reports a stop and serves gdb until it resumes, detaches or kills. */
  private stop(event: StopEvent | undefined, announce = true): void {
    const verdict = this.session.stopped(event, announce);
    switch (verdict.kind) {
      case 'resume':
        this.stepping = verdict.action.step;
        this.deliverSignal = verdict.action.signal;
        this.resumeFrom = this.engine.s.pc;
        this.resumes++;
        return;
      case 'detach':
        this.detach();
        return;
      case 'kill':
        this.killed = true;
        this.options.kill();
        return;
    }
  }

  /** The block at `pc` is retranslated one instruction long (a step). */
  private dropBlockAt(pc: number): void {
    const block = this.engine.cache.get(pc);
    if (block && block.insnCount !== 1) this.engine.cache.remove(block);
  }

  /** Drops every translation (regions first, so their counts reach their members). */
  private dropTranslations(): void {
    const blocks = [...this.engine.liveBlocks()];
    for (const b of blocks) if (b.members) this.engine.cache.remove(b);
    for (const b of blocks) if (!b.members) this.engine.cache.remove(b);
  }

  private watchAccessors(on: boolean): void {
    const e = this.engine;
    const m = e.m as unknown as Record<string, unknown>;
    if (on) {
      e.compileOptions = { ...e.compileOptions, memory: undefined };
      for (const [name, size, write] of ACCESSORS) {
        if (Object.hasOwn(m, name)) this.ownAccessors.set(name, m[name]);
        const original = m[name] as (ea: number, v?: number) => number;
        m[name] = (ea: number, v?: number) => {
          if (this.inGuest) this.checkWatch(ea >>> 0, size, write);
          return original.call(m, ea, v);
        };
      }
    } else {
      e.compileOptions = { ...e.compileOptions, memory: this.savedMemory };
      // The original accessors come back (own ones reassigned, the prototype's shown through).
      for (const [name] of ACCESSORS) {
        if (this.ownAccessors.has(name)) m[name] = this.ownAccessors.get(name);
        else delete m[name];
      }
      this.ownAccessors.clear();
    }
    this.dropTranslations();
  }

  private checkWatch(ea: number, size: number, write: boolean): void {
    for (const w of this.watchpoints) {
      const kindMatches =
        w.type === BreakpointType.AccessWatch ||
        (write ? w.type === BreakpointType.WriteWatch : w.type === BreakpointType.ReadWatch);
      if (kindMatches && ea < w.address + w.length && w.address < ea + size) throw new WatchHit(w.type, w.address);
    }
  }
}
