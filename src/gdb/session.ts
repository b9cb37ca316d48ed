/**
 * One gdb connection at a time over a synchronous byte transport: packets in, replies out, and
 * the loop that serves gdb while the guest is stopped. The guest's run loop calls in here (through
 * EngineDebug) and blocks until gdb lets it go on, so the machine code needs no notion of pausing.
 * The transport (a socket bridged from a worker thread in src/cli/gdb-server.ts, or a test's fake)
 * is all that touches the host.
 */
import { type DispatchResult, GdbDispatcher } from './dispatcher.js';
import { framePacket, PacketReader } from './packet.js';
import type { DebugTarget, ResumeAction, StopEvent } from './target.js';

export type TransportEvent =
  | { kind: 'connected' }
  | { kind: 'data'; bytes: Uint8Array }
  /** The client closed the connection (or it broke). */
  | { kind: 'disconnected' };

export interface DebugTransport {
  /** The next event, waiting up to `timeoutMs` (0: only what has arrived); undefined if none. */
  receive(timeoutMs: number): TransportEvent | undefined;
  /** Whether an event may be waiting (cheap: checked between guest blocks). */
  readonly pending: boolean;
  send(bytes: Uint8Array): void;
  /** Drops the current client (the server keeps listening for the next). */
  closeClient(): void;
}

/** What the guest does next, once gdb has had its say. */
export type Verdict = { kind: 'resume'; action: ResumeAction } | { kind: 'detach' } | { kind: 'kill' };

/** While running: nothing, Ctrl-C, a new client (it stops the guest), or gdb went away. */
export type RunningEvent = 'interrupt' | 'connected' | 'detached' | undefined;

const ACK = new Uint8Array([0x2b]);
const NACK = new Uint8Array([0x2d]);

export class GdbSession {
  private reader = new PacketReader();
  private readonly dispatcher: GdbDispatcher;
  private lastSent: Uint8Array | undefined;
  /** A client is connected. */
  connected = false;
  /**
   * Packets that arrived while the guest ran, served at the next stop: a client connecting to a
   * running guest sends its first packet (`?`) at once, and `poll` may read both together.
   */
  private held: ReturnType<PacketReader['push']> = [];

  constructor(
    private readonly transport: DebugTransport,
    target: DebugTarget,
  ) {
    this.dispatcher = new GdbDispatcher(target);
  }

  /** Whether the transport may have an event (checked between guest blocks). */
  get pending(): boolean {
    return this.transport.pending;
  }

  /** Blocks until a client connects. */
  waitForClient(): void {
    while (!this.connected) this.onEvent(this.transport.receive(60_000));
  }

  /**
   * Looks at the connection while the guest runs (call only when `transport.pending`): Ctrl-C
   * and a newly connected client stop the guest; a client that went away detaches.
   */
  poll(): RunningEvent {
    let result: RunningEvent;
    for (let e = this.transport.receive(0); e; e = this.transport.receive(0)) {
      const wasConnected = this.connected;
      this.onEvent(e);
      if (e.kind === 'connected') result = 'connected';
      else if (e.kind === 'disconnected' && wasConnected) return 'detached';
      else if (e.kind === 'data' && this.connected) {
        // In all-stop mode gdb sends nothing but Ctrl-C while the target runs.
        for (const ev of this.reader.push(e.bytes)) {
          if (ev.kind === 'interrupt') result ??= 'interrupt';
          else this.held.push(ev);
        }
      }
    }
    return result;
  }

  /**
   * The guest stopped (`event`; undefined for the stop right after a client connects, which gdb
   * asks about with `?`): tells gdb when it was waiting for a stop, then serves its packets until
   * it resumes, detaches or kills. A client that goes away counts as a detach.
   */
  stopped(event: StopEvent | undefined, announce: boolean): Verdict {
    if (event) {
      const reply = this.dispatcher.stopReply(event);
      if (announce) this.sendPacket(reply);
    }
    if (event && event.kind !== 'signal') {
      // The guest has ended: gdb may still ask a thing or two, then closes.
      this.serveUntilClosed();
      return { kind: 'kill' };
    }
    while (this.held.length > 0 && this.connected) {
      const verdict = this.onPacketEvent(this.held.shift()!);
      if (verdict) return verdict;
    }
    for (;;) {
      if (!this.connected) return { kind: 'detach' };
      const e = this.transport.receive(60_000);
      if (!e) continue;
      if (e.kind !== 'data') {
        this.onEvent(e);
        continue;
      }
      for (const ev of this.reader.push(e.bytes)) {
        const verdict = this.onPacketEvent(ev);
        if (verdict) return verdict;
      }
    }
  }

  private serveUntilClosed(): void {
    while (this.connected) {
      const e = this.transport.receive(5_000);
      if (!e) return; // gdb stays silent after the exit: leave it
      if (e.kind !== 'data') {
        this.onEvent(e);
        continue;
      }
      for (const ev of this.reader.push(e.bytes)) {
        const verdict = this.onPacketEvent(ev);
        if (verdict) {
          this.transport.closeClient();
          this.connected = false;
          return;
        }
      }
    }
  }

  private onPacketEvent(ev: ReturnType<PacketReader['push']>[number]): Verdict | undefined {
    switch (ev.kind) {
      case 'ack':
      case 'interrupt':
        return undefined;
      case 'nack':
        if (this.lastSent) this.transport.send(this.lastSent);
        return undefined;
      case 'bad-checksum':
      case 'overflow':
        this.transport.send(NACK);
        return undefined;
      case 'packet': {
        this.transport.send(ACK);
        return this.act(this.dispatcher.handle(ev.payload));
      }
    }
  }

  private act(result: DispatchResult): Verdict | undefined {
    switch (result.kind) {
      case 'reply':
        this.sendPacket(result.payload);
        return undefined;
      case 'resume':
        return { kind: 'resume', action: result.action };
      case 'detach':
        this.sendPacket('OK');
        this.hangUp();
        return { kind: 'detach' };
      case 'kill':
        if (result.reply) this.sendPacket(result.reply);
        this.hangUp();
        return { kind: 'kill' };
    }
  }

  private hangUp(): void {
    this.transport.closeClient();
    this.connected = false;
    this.reader = new PacketReader();
  }

  /** Connection changes (data is read where it is expected: `stopped` and `poll`). */
  private onEvent(e: TransportEvent | undefined): void {
    if (e?.kind === 'connected') {
      this.connected = true;
      this.reader = new PacketReader();
      this.held = [];
    } else if (e?.kind === 'disconnected') this.connected = false;
  }

  private sendPacket(payload: string | Uint8Array): void {
    this.lastSent = framePacket(payload);
    this.transport.send(this.lastSent);
  }
}
