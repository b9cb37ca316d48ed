// `ppcjit boot`'s interactive serial console: stdin feeds the UART receiver with back-pressure,
// a terminal goes into raw mode (restored on every exit path), and QEMU's Ctrl-A escape keys work.

/** Host bytes read ahead of the guest at most (plus one read chunk); stdin pauses beyond this. */
export const INPUT_HIGH_WATER = 4096;

/** The escape key (Ctrl-A), as QEMU's `-serial stdio` / `-nographic`. */
const ESCAPE = 0x01;

export const ESCAPE_HELP = [
  'C-a h    print this help',
  'C-a x    exit ppcjit (exit status 0)',
  'C-a C-a  send C-a to the guest',
].join('\n');

export interface ConsoleInputEvents {
  /** Bytes arrived from the host (typing counts as activity for --hang-timeout). */
  activity(): void;
  /** Ctrl-A x: stop the machine and exit. */
  quit(): void;
  /** Text for the user (Ctrl-A h), written to stderr. */
  message(text: string): void;
}

/**
 * Reads a stream (stdin) into a bounded queue the guest's UART pulls from. The stream pauses
 * while INPUT_HIGH_WATER bytes wait, so a guest that never reads blocks the writer instead of
 * growing ppcjit's memory; at end of input nothing more is sent and the guest keeps running.
 * With `escapes` (stdin is a terminal) Ctrl-A starts an escape sequence.
 */
export class ConsoleInput {
  private readonly chunks: Uint8Array[] = [];
  private head = 0;
  private queued = 0;
  private paused = false;
  private escape = false;
  private closed = false;
  /** Called when new bytes are queued (the machine then pulls what the receiver has room for). */
  onData: () => void = () => {};

  constructor(
    private readonly stream: NodeJS.ReadableStream,
    private readonly escapes: boolean,
    private readonly events: ConsoleInputEvents,
  ) {
    stream.on('data', this.data);
    stream.on('end', this.end);
    stream.on('error', this.end);
    stream.resume();
  }

  private readonly data = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (bytes.length === 0) return;
    this.events.activity();
    this.push(this.escapes ? this.filter(bytes) : bytes);
    if (this.queued >= INPUT_HIGH_WATER && !this.paused) {
      this.paused = true;
      this.stream.pause();
    }
  };

  private readonly end = () => {
    this.closed = true;
  };

  /** Handles Ctrl-A sequences; returns the bytes meant for the guest. */
  private filter(bytes: Uint8Array): Uint8Array {
    const out: number[] = [];
    for (const b of bytes) {
      if (!this.escape) {
        if (b === ESCAPE) this.escape = true;
        else out.push(b);
        continue;
      }
      this.escape = false;
      const key = String.fromCharCode(b).toLowerCase();
      if (b === ESCAPE) out.push(ESCAPE);
      else if (key === 'x') {
        this.events.quit();
        break;
      } else if (key === 'h' || key === '?') this.events.message(ESCAPE_HELP);
      // Any other key after Ctrl-A is dropped, as in QEMU.
    }
    return Uint8Array.from(out);
  }

  private push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.queued += bytes.length;
    this.onData();
  }

  /** Bytes read from the host and not yet taken by the guest. */
  get pending(): number {
    return this.queued;
  }

  /** True once the host input ended (EOF) or was closed. */
  get ended(): boolean {
    return this.closed;
  }

  /** The next byte for the guest, or undefined when none is queued (the UART's input source). */
  readonly next = (): number | undefined => {
    const chunk = this.chunks[0];
    if (!chunk) return undefined;
    const b = chunk[this.head++];
    if (this.head >= chunk.length) {
      this.chunks.shift();
      this.head = 0;
    }
    this.queued--;
    if (this.paused && this.queued < INPUT_HIGH_WATER / 2 && !this.closed) {
      this.paused = false;
      this.stream.resume();
    }
    return b;
  };

  /** Takes every queued byte (for a snapshot: bytes the guest has not read are machine state). */
  takeAll(): Uint8Array {
    const out = new Uint8Array(this.queued);
    for (let i = 0; i < out.length; i++) out[i] = this.next() as number;
    return out;
  }

  /** Stops reading: the stream no longer keeps the process alive. */
  close(): void {
    this.closed = true;
    this.stream.removeListener('data', this.data);
    this.stream.pause();
    const s = this.stream as NodeJS.ReadableStream & { destroy?: () => void };
    s.destroy?.();
  }
}

type TtyIn = NodeJS.ReadStream & { setRawMode?: (raw: boolean) => unknown };

/**
 * Puts a terminal stdin into raw mode (Ctrl-C, arrows and tab go to the guest) and returns the
 * function that restores it. The restore also runs on process exit and on SIGTERM, SIGHUP and
 * SIGQUIT (then the signal is re-raised), so the terminal is left as it was on every exit path.
 */
export function enterRawMode(stdin: TtyIn = process.stdin): () => void {
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return () => {};
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGINT'];
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      stdin.setRawMode?.(wasRaw);
    } catch {
      // The terminal is gone (SIGHUP): nothing to restore.
    }
    process.removeListener('exit', restore);
    for (const s of signals) process.removeListener(s, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, signal);
  };
  process.on('exit', restore);
  for (const s of signals) process.on(s, onSignal);
  return restore;
}
