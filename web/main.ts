/**
 * The page: an xterm.js terminal on the guest's serial console, the controls and status line,
 * and `window.ppcjit` for scripts and tests. The guest runs in worker.ts; everything the page
 * loads comes from its own folder (dist/web). URL parameters, as `ppcjit boot`'s flags:
 * ?kernel=URL&append=…&memory=MB&cpu=MODEL, ?snapshot=URL, ?snapshot-at=TEXT (stop at that
 * console text so that Save captures the guest there), ?symbols=URL (a System.map for the
 * profile). Without kernel or snapshot it boots the demo Open Firmware client (`ppcjit demo`).
 */
import { Terminal } from '@xterm/xterm';
import type {
  BootOptions,
  FromWorker,
  GuestState,
  GuestStats,
  ProfileResult,
  ProfileRow,
  ToWorker,
} from './protocol.js';

/** The demo client and the machine `ppcjit demo` boots it on (src/cli/demo.ts). */
const DEMO = { url: 'demo/ofclient.elf', options: { memoryMb: 512 } satisfies BootOptions };

/** What `window.ppcjit` offers (README: "ppcjit in the browser"). */
export interface PpcjitPage {
  /** Everything the guest printed on its console since it booted, one char per byte. */
  consoleText(): string;
  /** Types text (UTF-8) into the serial port's receiver. */
  sendInput(text: string): void;
  state(): GuestState;
  /** The last counters the worker reported (about once a second while running), or undefined. */
  stats(): GuestStats | undefined;
  /** The guest now, in the CLI's snapshot format (`ppcjit boot --restore` takes it). */
  saveSnapshot(): Promise<Uint8Array>;
  /** Replaces the guest by the one in a snapshot (the page's Restore, or `--snapshot-out` of the CLI). */
  restoreSnapshot(bytes: Uint8Array): Promise<void>;
  /** Boots a kernel ELF (the page's Kernel button). */
  boot(kernel: Uint8Array, name: string, options?: BootOptions): void;
  /** Stops the guest (between two blocks) / lets it continue. */
  stop(): void;
  continue(): void;
  /** The exact block profile of the next `seconds` of the run. */
  profile(seconds: number): Promise<ProfileResult>;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const statusLine = $('status');
const pauseButton = $<HTMLButtonElement>('pause');
const saveButton = $<HTMLButtonElement>('save');
const profileButton = $<HTMLButtonElement>('profile');

const terminal = new Terminal({ convertEol: false, scrollback: 10_000, fontSize: 13, cols: 100, rows: 32 });
terminal.open($('terminal'));

let worker: Worker | undefined;
let state: GuestState = 'loading';
let stateDetail = '';
let lastStats: GuestStats | undefined;
let consoleChunks: string[] = [];
let nextId = 1;
const waiting = new Map<number, { resolve: (value: never) => void; reject: (e: Error) => void }>();
/** The page's restore in progress: settled when the worker runs the guest or fails. */
let restoring: { resolve: () => void; reject: (e: Error) => void } | undefined;
let lastError = '';

const latin1 = (bytes: Uint8Array) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
};

function showStatus(): void {
  const parts: string[] = [stateDetail ? `${state} (${stateDetail})` : state];
  const s = lastStats;
  if (s) {
    const share = s.instructions > 0 ? (100 * s.templateInstructions) / s.instructions : 0;
    parts.push(
      `${s.mips.toFixed(1)} guest MIPS`,
      `${s.instructions.toLocaleString('en')} instructions`,
      `${s.blocksCompiled.toLocaleString('en')} blocks compiled`,
      `${share.toFixed(1)}% in templates`,
      `guest ${s.guestSeconds.toFixed(2)} s`,
    );
  }
  statusLine.textContent = parts.join(' · ');
  pauseButton.textContent = state === 'stopped' ? 'Continue' : 'Stop';
  pauseButton.disabled = state !== 'running' && state !== 'stopped';
  saveButton.disabled = state === 'loading' || !worker;
  profileButton.disabled = state !== 'running';
}

function setLoading(text: string): void {
  state = 'loading';
  stateDetail = text;
  showStatus();
}

function onMessage(message: FromWorker): void {
  switch (message.type) {
    case 'output':
      consoleChunks.push(latin1(message.bytes));
      terminal.write(message.bytes);
      return;
    case 'state':
      state = message.state;
      stateDetail = message.detail ?? '';
      if (restoring && (state === 'running' || state === 'exited')) {
        if (state === 'running') restoring.resolve();
        else restoring.reject(new Error(lastError || 'restore failed'));
        restoring = undefined;
      }
      break;
    case 'stats':
      lastStats = message.stats;
      break;
    case 'error': {
      lastError = message.message;
      const pending = message.id === undefined ? undefined : waiting.get(message.id);
      if (pending) {
        waiting.delete(message.id as number);
        pending.reject(new Error(message.message));
      } else terminal.write(`\r\n\x1b[31mppcjit: ${message.message}\x1b[0m\r\n`);
      break;
    }
    case 'snapshot':
    case 'profile': {
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      pending?.resolve((message.type === 'snapshot' ? message.bytes : message.result) as never);
      break;
    }
  }
  showStatus();
}

/** A new worker (and an empty console) for a new guest. */
function freshWorker(): Worker {
  worker?.terminate();
  for (const pending of waiting.values()) pending.reject(new Error('the guest was replaced'));
  waiting.clear();
  terminal.reset();
  consoleChunks = [];
  lastStats = undefined;
  worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
  worker.onerror = (event) => onMessage({ type: 'error', message: event.message || 'worker failed' });
  return worker;
}

const send = (message: ToWorker, transfer: Transferable[] = []) => worker?.postMessage(message, transfer);

function request<T>(message: ToWorker & { id: number }): Promise<T> {
  if (!worker) return Promise.reject(new Error('no guest'));
  return new Promise<T>((resolve, reject) => {
    waiting.set(message.id, { resolve: resolve as (value: never) => void, reject });
    send(message);
  });
}

function boot(kernel: Uint8Array, name: string, options: BootOptions = {}): void {
  freshWorker();
  setLoading(`booting ${name}`);
  const copy = kernel.slice();
  send({ type: 'boot', kernel: copy, name, options }, [copy.buffer]);
}

function restore(bytes: Uint8Array, name = 'snapshot'): Promise<void> {
  freshWorker();
  setLoading(`restoring ${name}`);
  const copy = bytes.slice();
  const done = new Promise<void>((resolve, reject) => {
    restoring = { resolve, reject };
  });
  send({ type: 'restore', bytes: copy, name }, [copy.buffer]);
  return done;
}

/** Fetches a file of the page's folder, showing how much has arrived. */
async function load(url: string, what: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`cannot load ${what} '${url}': HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  const parts: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    const mb = (n: number) => (n / 1048576).toFixed(1);
    setLoading(`loading ${what}: ${mb(received)}${total ? ` of ${mb(total)}` : ''} MB`);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function download(bytes: Uint8Array | string, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart]));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function showProfile(p: ProfileResult): void {
  $('profile-result').hidden = false;
  $('profile-title').textContent =
    `Profile of ${p.seconds} s: ${p.totalInstructions.toLocaleString('en')} guest instructions, ${p.totalTimeMs.toFixed(0)} ms in blocks`;
  const link = $<HTMLAnchorElement>('profile-download');
  URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([p.cpuprofile], { type: 'application/json' }));
  const pct = (ms: number) => (p.totalTimeMs > 0 ? `${((100 * ms) / p.totalTimeMs).toFixed(1)}%` : '-');
  const table = (id: string, rows: ProfileRow[], first: string, label: string) => {
    const el = $<HTMLTableElement>(id);
    el.replaceChildren();
    const head = el.insertRow();
    for (const h of [first, 'instructions', 'time', label]) {
      const th = document.createElement('th');
      th.textContent = h;
      head.append(th);
    }
    for (const r of rows) {
      const row = el.insertRow();
      const first = r.start === undefined ? String(r.entries) : r.start.toString(16).padStart(8, '0');
      for (const text of [first, String(r.instructions), pct(r.timeMs), r.symbol]) row.insertCell().textContent = text;
    }
  };
  // Without symbols (a stripped kernel and no System.map) every block is one '(unknown)' function.
  const named = p.functions.some((f) => f.symbol !== '(unknown)');
  $('profile-functions').hidden = !named;
  if (named) table('profile-functions', p.functions, 'calls', 'function');
  table('profile-blocks', p.blocks, 'block', 'symbol');
}

const api: PpcjitPage = {
  consoleText: () => consoleChunks.join(''),
  sendInput: (text) => {
    const bytes = new TextEncoder().encode(text);
    send({ type: 'input', bytes }, [bytes.buffer]);
  },
  state: () => state,
  stats: () => lastStats,
  saveSnapshot: () => request<Uint8Array>({ type: 'save', id: nextId++ }),
  restoreSnapshot: (bytes) => restore(bytes),
  boot,
  stop: () => send({ type: 'stop' }),
  continue: () => send({ type: 'continue' }),
  profile: (seconds) => request<ProfileResult>({ type: 'profile', id: nextId++, seconds }),
};
(window as unknown as { ppcjit: PpcjitPage }).ppcjit = api;

terminal.onData((text) => api.sendInput(text));
pauseButton.onclick = () => (state === 'stopped' ? api.continue() : api.stop());
saveButton.onclick = async () => download(await api.saveSnapshot(), 'ppcjit.snapshot');
profileButton.onclick = async () => {
  const seconds = Number($<HTMLInputElement>('profile-seconds').value) || 5;
  profileButton.disabled = true;
  $('profile-title').textContent = `profiling ${seconds} s…`;
  try {
    showProfile(await api.profile(seconds));
  } catch (e) {
    terminal.write(`\r\nppcjit: profile failed: ${(e as Error).message}\r\n`);
  }
  showStatus();
};
const picked = async (input: HTMLInputElement, use: (bytes: Uint8Array, name: string) => unknown) => {
  const file = input.files?.[0];
  if (file) await use(new Uint8Array(await file.arrayBuffer()), file.name);
  input.value = '';
};
$<HTMLInputElement>('kernel-file').onchange = (e) =>
  picked(e.target as HTMLInputElement, (bytes, name) => boot(bytes, name, bootOptions()));
$<HTMLInputElement>('symbols-file').onchange = (e) =>
  picked(e.target as HTMLInputElement, (bytes) =>
    send({ type: 'symbols', systemMap: new TextDecoder().decode(bytes) }),
  );
$<HTMLInputElement>('snapshot-file').onchange = (e) => picked(e.target as HTMLInputElement, restore);

const params = new URLSearchParams(location.search);

/** The machine options of the URL (also used for a kernel picked from a file). */
function bootOptions(): BootOptions {
  const options: BootOptions = {};
  const memory = params.get('memory');
  if (memory !== null) options.memoryMb = Number(memory);
  const append = params.get('append');
  if (append !== null) options.append = append;
  const cpu = params.get('cpu');
  if (cpu !== null) options.cpu = cpu;
  const stopAt = params.get('snapshot-at');
  if (stopAt !== null) options.stopAt = stopAt;
  return options;
}

async function start(): Promise<void> {
  const kernel = params.get('kernel');
  const snapshot = params.get('snapshot');
  const symbols = params.get('symbols');
  const systemMap = symbols ? new TextDecoder().decode(await load(symbols, 'symbols')) : undefined;
  if (snapshot) {
    const restoring = restore(await load(snapshot, 'snapshot'), snapshot);
    if (systemMap) send({ type: 'symbols', systemMap });
    await restoring;
  } else {
    if (kernel) boot(await load(kernel, 'kernel'), kernel, bootOptions());
    else boot(await load(DEMO.url, 'the demo client'), 'ofclient.elf', { ...DEMO.options, ...bootOptions() });
    if (systemMap) send({ type: 'symbols', systemMap });
  }
}

start().catch((e: Error) => {
  state = 'exited';
  stateDetail = 'error';
  showStatus();
  terminal.write(`\x1b[31mppcjit: ${e.message}\x1b[0m\r\n`);
});
showStatus();
