/**
 * The guest's Web Worker: one pegasos2 machine from the library entry (src/index.ts, and nothing
 * of the CLI or ppcjit/node), run in slices so that the page's messages (typing, stop, save,
 * profile) are handled between them. The shape follows v86 (src/browser/starter.js runs the
 * emulator off the page's thread and talks to it by messages; serial0_send / the serial listener
 * are `input` / `output` here, save_state / restore_state are `save` / `restore`).
 */
import {
  createMachine,
  type MachineIo,
  parseElf,
  restoreSnapshot,
  type SnapshotCodec,
  SymbolTable,
  type SystemMachine,
  takeSnapshot,
} from '../src/index.js';
import { webSnapshotCodec } from './codec.js';
import { ConsoleMarker, concat } from './marker.js';
import { ProfileWindow } from './profile-window.js';
import type { FromWorker, GuestState, GuestStats, ToWorker } from './protocol.js';

/** Wall time of one run slice: the page's messages wait at most this long. */
const SLICE_MS = 30;
/** How often the status line's counters are recomputed (stats() walks every block). */
const STATS_EVERY_MS = 1000;

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let codec: SnapshotCodec | undefined;
let machine: SystemMachine | undefined;
let symbols: SymbolTable | undefined;
let marker: ConsoleMarker | undefined;
let state: GuestState = 'loading';
let pendingOutput: Uint8Array[] = [];
let runMs = 0;
let lastStats = { at: 0, runMs: 0, instructions: 0 };

/** Typed bytes the guest has not read yet: the UART pulls them as its FIFO has room. */
const input: number[] = [];
let inputHead = 0;
const nextInputByte = () => {
  if (inputHead >= input.length) return undefined;
  const b = input[inputHead++];
  if (inputHead === input.length) {
    input.length = 0;
    inputHead = 0;
  }
  return b;
};

const io: MachineIo = {
  output: (bytes) => {
    if (!marker) {
      pendingOutput.push(bytes.slice());
      return;
    }
    const shown = marker.push(bytes);
    if (shown.length) pendingOutput.push(shown.slice());
    if (marker.found) machine?.stop();
  },
};

function flushOutput(): void {
  if (pendingOutput.length === 0) return;
  const bytes = concat(pendingOutput);
  pendingOutput = [];
  post({ type: 'output', bytes }, [bytes.buffer]);
}

function setState(next: GuestState, detail?: string): void {
  state = next;
  post({ type: 'state', state, detail });
}

function postStats(): void {
  if (!machine) return;
  const s = machine.stats();
  const now = performance.now();
  const ranMs = runMs - lastStats.runMs;
  const mips = ranMs > 0 ? (s.instructions - lastStats.instructions) / (ranMs * 1000) : 0;
  lastStats = { at: now, runMs, instructions: s.instructions };
  const stats: GuestStats = { ...s, mips, runMs };
  post({ type: 'stats', stats });
}

/** A macrotask without setTimeout's 4 ms clamp: lets queued messages in between slices. */
const channel = new MessageChannel();
channel.port1.onmessage = () => runSlice();
const scheduleSlice = () => channel.port2.postMessage(null);

function runSlice(): void {
  if (!machine || state !== 'running') return;
  const t0 = performance.now();
  let reason: ReturnType<SystemMachine['run']>;
  try {
    reason = machine.run(SLICE_MS);
  } catch (e) {
    flushOutput();
    post({ type: 'error', message: `guest stopped: ${(e as Error).message}` });
    setState('exited', 'error');
    return;
  }
  runMs += performance.now() - t0;
  flushOutput();
  if (performance.now() - lastStats.at >= STATS_EVERY_MS) postStats();
  if (reason.kind !== 'timeout') {
    postStats();
    setState('exited', reason.kind);
  } else if (marker?.found) {
    postStats();
    setState('stopped', 'marker');
  } else scheduleSlice();
}

function start(m: SystemMachine): void {
  machine = m;
  machine.consoleInputSource(nextInputByte);
  runMs = 0;
  lastStats = { at: performance.now(), runMs: 0, instructions: 0 };
  setState('running');
  scheduleSlice();
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'boot': {
      const kernel = parseElf(message.kernel, message.name);
      symbols = kernel.symbols.length ? SymbolTable.fromElf(kernel.symbols) : undefined;
      const { append, memoryMb, cpu, stopAt } = message.options;
      marker = stopAt ? new ConsoleMarker(stopAt) : undefined;
      start(createMachine('pegasos2', { kernel, bootargs: append, memoryMb, cpu }, io));
      return;
    }
    case 'restore': {
      codec ??= await webSnapshotCodec();
      const restored = restoreSnapshot(message.bytes, message.name, codec, io);
      marker = undefined;
      symbols = undefined;
      // What the guest printed after the marker before the snapshot was taken (as the CLI prints it).
      if (restored.consoleTail.length) pendingOutput.push(restored.consoleTail.slice());
      flushOutput();
      start(restored.machine);
      return;
    }
    case 'symbols':
      symbols = SymbolTable.fromSystemMap(message.systemMap);
      return;
    case 'input':
      for (const b of message.bytes) input.push(b);
      machine?.consoleInputSource(nextInputByte); // pull again: there are new bytes
      return;
    case 'stop':
      if (state === 'running') setState('stopped');
      return;
    case 'continue':
      if (state === 'stopped' && machine) {
        // Past the marker the console goes on as usual, starting with what followed the marker.
        if (marker?.found) pendingOutput.push(marker.after);
        marker = undefined;
        flushOutput();
        setState('running');
        scheduleSlice();
      }
      return;
    case 'save': {
      if (!machine) throw new Error('no guest to save');
      codec ??= await webSnapshotCodec();
      // Typed bytes the guest has not read are machine state, as in `ppcjit boot`.
      const unread = Uint8Array.from(input.slice(inputHead));
      input.length = 0;
      inputHead = 0;
      if (unread.length) machine.consoleInput(unread);
      const { bytes } = takeSnapshot(machine, codec, marker?.after);
      post({ type: 'snapshot', id: message.id, bytes }, [bytes.buffer]);
      return;
    }
    case 'profile': {
      if (!machine) throw new Error('no guest to profile');
      const window = new ProfileWindow(machine.engine, symbols);
      const { id, seconds } = message;
      setTimeout(() => post({ type: 'profile', id, result: window.finish(seconds) }), seconds * 1000);
      return;
    }
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  handle(message).catch((e: Error) => {
    const id = 'id' in message ? message.id : undefined;
    post({ type: 'error', message: e.message, id });
    if (message.type === 'boot' || message.type === 'restore') setState('exited', 'error');
  });
};
