/**
 * `--gdb PORT`: the host side of the gdb stub. A worker thread (gdb-socket-worker.ts) listens on
 * 127.0.0.1:PORT; this side is the synchronous DebugTransport the stub (src/gdb/) talks through
 * from inside the guest's run loop, waiting with Atomics.wait while the guest is stopped.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { UserError } from '../errors.js';
import type { DebugTransport, TransportEvent } from '../gdb/session.js';
import type { GdbWorkerCommand, GdbWorkerData, GdbWorkerEvent } from './gdb-socket-worker.js';

/** How long to wait for the worker to listen or to flush its last bytes. */
const WORKER_WAIT_MS = 10_000;

export class GdbServer implements DebugTransport {
  private readonly seq: Int32Array;
  private consumed = 0;
  readonly port: number;

  private constructor(
    private readonly worker: Worker,
    private readonly fromWorker: MessagePort,
    ctl: SharedArrayBuffer,
    private readonly log: (line: string) => void,
  ) {
    this.seq = new Int32Array(ctl);
    const first = this.next(WORKER_WAIT_MS);
    if (first?.kind === 'error') {
      void worker.terminate();
      throw new UserError(`--gdb: cannot listen on 127.0.0.1:${GdbServer.requested}: ${first.message}`);
    }
    if (first?.kind !== 'listening') {
      void worker.terminate();
      throw new UserError('--gdb: the debugger socket did not start');
    }
    this.port = first.port;
  }

  private static requested = 0;

  /** Listens on 127.0.0.1:`port` (0: any free port); throws a UserError when it cannot. */
  static listen(port: number, log: (line: string) => void): GdbServer {
    const ctl = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const data: GdbWorkerData = { port, ctl, toMain: port1 };
    const worker = new Worker(new URL('./gdb-socket-worker.js', import.meta.url), {
      workerData: data,
      transferList: [port1],
    });
    // The process may end while the worker still listens (after shutdown it has nothing to do).
    worker.unref();
    GdbServer.requested = port;
    return new GdbServer(worker, port2, ctl, log);
  }

  get pending(): boolean {
    return Atomics.load(this.seq, 0) !== this.consumed;
  }

  receive(timeoutMs: number): TransportEvent | undefined {
    for (;;) {
      const e = this.next(timeoutMs);
      if (!e) return undefined;
      switch (e.kind) {
        case 'connected':
          this.log(`ppcjit: gdb connected from ${e.peer}`);
          return { kind: 'connected' };
        case 'refused':
          this.log(`ppcjit: refused a second gdb connection from ${e.peer} (one client at a time)`);
          continue;
        case 'data':
          return { kind: 'data', bytes: e.bytes };
        case 'disconnected':
          return { kind: 'disconnected' };
        default:
          continue;
      }
    }
  }

  send(bytes: Uint8Array): void {
    this.command({ kind: 'send', bytes });
  }

  closeClient(): void {
    this.command({ kind: 'close-client' });
  }

  /** Closes the socket after the bytes sent so far went out. */
  shutdown(): void {
    this.command({ kind: 'shutdown' });
    const deadline = performance.now() + WORKER_WAIT_MS;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      const e = this.next(left);
      if (!e || e.kind === 'closed') break;
    }
    void this.worker.terminate();
  }

  private command(c: GdbWorkerCommand): void {
    this.worker.postMessage(c);
  }

  /** The next worker event, waiting up to `timeoutMs`. */
  private next(timeoutMs: number): GdbWorkerEvent | undefined {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const m = receiveMessageOnPort(this.fromWorker);
      if (m) {
        this.consumed++;
        return m.message as GdbWorkerEvent;
      }
      const seen = Atomics.load(this.seq, 0);
      if (seen !== this.consumed) continue; // posted, not yet readable: look again
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      Atomics.wait(this.seq, 0, seen, left);
    }
  }
}
