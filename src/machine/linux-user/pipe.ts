import { Errno, SyscallError, WouldBlock } from './abi.js';

/** What a pipe uses of the process reading or writing it (a LinuxProcess). */
export interface PipeUser {
  kernel: {
    /** Another live process could still read or write (else a blocking call could never end). */
    othersAlive(p: PipeUser): boolean;
    breakingDeadlock: boolean;
    /** Something changed that a sleeping process may wait for. */
    wake(): void;
  };
  signals: { raiseSignal(sig: number): void };
}

/** Pipe capacity (Linux's default pipe buffer: 16 pages). */
export const PIPE_CAPACITY = 65536;

/**
 * An in-process pipe: a byte queue shared by the processes holding its ends. A read of an empty
 * pipe whose writers live sleeps (WouldBlock) while another process could still write; a write to
 * a full pipe sleeps while another process could still read. With no other live process such a
 * call could never finish, so it fails with EAGAIN instead (the single-process behaviour). Every
 * read, write and close of an end wakes the scheduler.
 */
export class Pipe {
  private chunks: Uint8Array[] = [];
  private size = 0;
  readers = 1;
  writers = 1;
  hasData(): boolean {
    return this.chunks.length > 0;
  }
  read(into: Uint8Array, p: PipeUser, nonBlocking: boolean): number {
    if (into.length === 0) return 0;
    if (this.chunks.length === 0) {
      if (this.writers === 0) return 0;
      if (nonBlocking || !p.kernel.othersAlive(p) || p.kernel.breakingDeadlock) throw new SyscallError(Errno.EAGAIN);
      throw new WouldBlock();
    }
    let n = 0;
    while (n < into.length && this.chunks.length > 0) {
      const c = this.chunks[0];
      const take = Math.min(c.length, into.length - n);
      into.set(c.subarray(0, take), n);
      n += take;
      if (take === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
    }
    this.size -= n;
    p.kernel.wake();
    return n;
  }
  write(data: Uint8Array, p: PipeUser, nonBlocking: boolean): number {
    if (this.readers === 0) {
      p.signals.raiseSignal(13 /* SIGPIPE */);
      throw new SyscallError(32 /* EPIPE */);
    }
    if (this.size >= PIPE_CAPACITY && !nonBlocking && p.kernel.othersAlive(p) && !p.kernel.breakingDeadlock) {
      throw new WouldBlock();
    }
    this.chunks.push(data.slice());
    this.size += data.length;
    p.kernel.wake();
    return data.length;
  }
  /** The last descriptor of one end closed. */
  closeEnd(isWrite: boolean, p: PipeUser): void {
    if (isWrite) this.writers--;
    else this.readers--;
    p.kernel.wake();
  }
}
