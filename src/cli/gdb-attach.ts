/**
 * `--gdb PORT` / `--gdb-no-wait` for `run` and `boot`: puts the gdb stub (src/gdb/) on a linux-user
 * process or a system machine, with QEMU's habits: wait for gdb before the first instruction
 * (qemu-ppc -g, qemu-system -s -S) unless --gdb-no-wait; detach lets the guest run on; kill ends it.
 */
import { UserError } from '../errors.js';
import { EngineDebug } from '../gdb/engine-debug.js';
import { PpcDebugTarget } from '../gdb/ppc-target.js';
import { GdbSession } from '../gdb/session.js';
import type { StopEvent } from '../gdb/target.js';
import type { Engine } from '../jit/engine.js';
import { collectProfile, formatProfile, type SymbolTable } from '../jit/profile.js';
import type { LinuxProcess } from '../machine/linux-user/linux-process.js';
import type { SystemMachine } from '../machine/system-machine.js';
import { Prot } from '../runtime/flat-memory.js';
import { GdbServer } from './gdb-server.js';

export interface GdbArgs {
  gdb?: number;
  gdbNoWait?: boolean;
}

export const gdbOptions = {
  gdb: {
    type: 'number',
    describe: 'listen for gdb on 127.0.0.1:PORT (0: any free port) and wait for it before the first instruction',
  },
  'gdb-no-wait': { type: 'boolean', describe: 'with --gdb: start the guest at once; gdb may attach later' },
} as const;

/** What run/boot do with the stub: start it, and tell gdb how the guest ended. */
export interface GdbAttachment {
  /** Waits for gdb (unless --gdb-no-wait). */
  start(): void;
  /** The guest ended: the stop reply gdb gets, then the socket closes. */
  finish(event: StopEvent | undefined): void;
}

/** Checks the flags; undefined without --gdb. */
function gdbPort(args: GdbArgs): number | undefined {
  if (args.gdb === undefined) {
    if (args.gdbNoWait) throw new UserError('--gdb-no-wait needs --gdb PORT');
    return undefined;
  }
  if (!Number.isInteger(args.gdb) || args.gdb < 0 || args.gdb > 65535) {
    throw new UserError(`invalid --gdb ${args.gdb}: expected a TCP port 0-65535`);
  }
  return args.gdb;
}

/** Linux signal numbers (ppc32, as x86) → gdb's (gdb/include/gdb/signals.def). */
const LINUX_TO_GDB = [
  0, 1, 2, 3, 4, 5, 6, 10, 8, 9, 30, 11, 31, 13, 14, 15, 0, 20, 19, 17, 18, 21, 22, 16, 24, 25, 26, 27, 28, 23, 32, 12,
];
export const linuxToGdbSignal = (signo: number) => LINUX_TO_GDB[signo] ?? 0;
export const gdbToLinuxSignal = (gdb: number) => (gdb === 0 ? 0 : LINUX_TO_GDB.indexOf(gdb));

/** `monitor` commands: ppcjit's own view of the JIT. */
function monitorCommands(engine: Engine, symbols: SymbolTable | undefined) {
  // Breakpoint changes drop translations: keep them for the profile, as --profile does.
  engine.cache.keepRetired = true;
  return (command: string): string | undefined => {
    switch (command) {
      case 'help':
        return 'monitor blocks   translated blocks: live, compiled, translation time\nmonitor profile  the hottest blocks and functions so far\n';
      case 'blocks': {
        let live = 0;
        let compiled = 0;
        for (const b of engine.liveBlocks()) {
          live++;
          if (b.compiled) compiled++;
        }
        const dropped = engine.cache.invalidated;
        return `${live} blocks live (${compiled} compiled), ${dropped} dropped (code writes, breakpoint changes), ${engine.cache.compiled} translated in all, ${engine.translateMs.toFixed(1)} ms translating\n`;
      }
      case 'profile': {
        const text = formatProfile(collectProfile(engine, symbols), 10);
        return text.endsWith('\n') ? text : `${text}\n`;
      }
      default:
        return undefined;
    }
  };
}

const KILLED = 'ppcjit: terminated by gdb (kill)\n';

function startServer(port: number): GdbServer {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const server = GdbServer.listen(port, log);
  log(`ppcjit: gdb stub listening on 127.0.0.1:${server.port}`);
  return server;
}

function attachment(server: GdbServer, debug: EngineDebug, wait: boolean): GdbAttachment {
  return {
    start: () => {
      if (wait) debug.waitForClient();
    },
    finish: (event) => {
      if (event) debug.ended(event);
      server.shutdown();
    },
  };
}

/**
 * The stub on a linux-user process (the first one: a forked child runs without it). Signals the
 * guest is about to receive stop in gdb first, as under qemu-ppc (gdb_handlesig).
 */
export function attachGdbToProcess(
  p: LinuxProcess,
  args: GdbArgs,
  symbols: SymbolTable | undefined,
): GdbAttachment | undefined {
  const port = gdbPort(args);
  if (port === undefined) return undefined;
  const server = startServer(port);
  const mem = p.mem;
  const target = new PpcDebugTarget(p.s, {
    threadId: p.pid,
    attached: false,
    altivec: p.model.altivec,
    // QEMU's user-mode MSR (target/ppc/cpu_init.c ppc_cpu_reset under CONFIG_USER_ONLY): PR, FP,
    // FE0, FE1, IP, and VR on AltiVec models; ppcjit's own MSR value is never visible to a program.
    msr: () => 0x6940 | (p.model.altivec ? 0x02000000 : 0),
    memory: {
      read8: (ea) => (mem.prot[ea >>> 12] & Prot.Read ? mem.bytes[ea] : undefined),
      write8: (ea, v) => {
        // As ptrace: a debugger may write read-only pages (text) too.
        if (mem.prot[ea >>> 12] === Prot.None) return false;
        mem.bytes[ea] = v;
        if (mem.codePages[ea >>> 12]) p.engine.invalidate(ea);
        return true;
      },
    },
    monitor: monitorCommands(p.engine, symbols),
  });
  const session = new GdbSession(server, target);
  // gdb's kill ends every guest process, exit status 0, as qemu-ppc's "Terminated via GDBstub".
  const debug = new EngineDebug(p.engine, session, {
    kill: () => {
      process.stderr.write(KILLED);
      for (const q of p.kernel.live()) q.exit(0);
    },
    guestStopped: () => p.exited,
  });
  target.debug = debug;
  const signals = p.signals;
  const deliver = signals.deliver.bind(signals);
  signals.deliver = (s, info, pc, sync) => {
    s.pc = pc; // what gdb shows: the faulting instruction, or where the signal interrupts
    const gdbSignal = debug.signal(linuxToGdbSignal(info.signo));
    if (p.exited) return pc;
    const signo = gdbToLinuxSignal(gdbSignal);
    if (signo <= 0) return s.pc; // gdb discarded the signal (continue without it)
    return deliver(s, { ...info, signo }, s.pc, sync);
  };
  return attachment(server, debug, !args.gdbNoWait);
}

/** How a linux-user process ended, as gdb's stop reply says it. */
export function processEnd(p: LinuxProcess): StopEvent {
  return p.termSignal
    ? { kind: 'terminated', signal: linuxToGdbSignal(p.termSignal) }
    : { kind: 'exited', status: p.exitStatus };
}

/** The stub on a system machine's CPU, stopped at the firmware entry (qemu-system -s -S). */
export function attachGdbToMachine(
  machine: SystemMachine,
  args: GdbArgs,
  symbols: SymbolTable | undefined,
): GdbAttachment | undefined {
  const port = gdbPort(args);
  if (port === undefined) return undefined;
  const server = startServer(port);
  const mem = machine.memory;
  const target = new PpcDebugTarget(machine.cpu, {
    threadId: 1,
    attached: true,
    altivec: machine.model.altivec,
    // Addresses are effective addresses, translated as the CPU's data accesses are now.
    memory: {
      read8: (ea) => {
        try {
          return mem.r8(ea);
        } catch {
          return undefined;
        }
      },
      write8: (ea, v) => {
        try {
          mem.w8(ea, v);
          return true;
        } catch {
          return false;
        }
      },
    },
    monitor: monitorCommands(machine.engine, symbols),
  });
  const session = new GdbSession(server, target);
  const debug = new EngineDebug(machine.engine, session, {
    kill: () => {
      process.stderr.write(KILLED);
      machine.stop({ kind: 'exit' });
    },
    guestStopped: () => machine.stopReason !== undefined,
  });
  target.debug = debug;
  return attachment(server, debug, !args.gdbNoWait);
}
