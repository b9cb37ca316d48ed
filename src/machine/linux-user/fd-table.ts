import { closeSync, fstatSync, readFileSync } from 'node:fs';
import { Errno, SyscallError } from './abi.js';
import type { Pipe } from './pipe.js';

export interface OpenFile {
  /** Host file descriptor. */
  hostFd: number;
  /** Host path (directories: for getdents64; files: for /proc/self/fd-style diagnostics). */
  path: string | undefined;
  isDirectory: boolean;
  /** Guest open flags (F_GETFL). */
  flags: number;
  /** Our own position: Node's positioned I/O is used so seeks are ours to track. */
  position: number;
  /** Sequential (pipe, tty, socket): reads and writes ignore `position`. */
  stream: boolean;
  /** Directory listing cursor for getdents64. */
  dirCursor: number;
  /** Guest fds sharing this description (dup): closed on the host when the last goes. */
  refs: number;
  /** In-process pipe end (hostFd is -1). */
  pipe?: Pipe;
  /** Called when the last guest fd of this description closes. */
  onClose?: () => void;
  /** getdents64 listing, read once per open directory. */
  entries?: { name: string; ino: bigint; type: number }[];
}

/**
 * A regular file on stdin (`prog < file`) is seekable, as under Linux: it is read with our own
 * position, starting at the host descriptor's offset (/proc/self/fdinfo/0). Anything else (a
 * terminal, a pipe, /dev/null) stays a stream. stdout/stderr always stay streams: they may share
 * one host file offset (`> log 2>&1`), which only the host can keep.
 */
function stdinFromFile(): { position: number; stream: boolean } {
  try {
    if (!fstatSync(0).isFile()) return { position: 0, stream: true };
    const pos = /^pos:\s*(\d+)/m.exec(readFileSync('/proc/self/fdinfo/0', 'latin1'));
    return { position: pos ? Number(pos[1]) : 0, stream: false };
  } catch {
    return { position: 0, stream: true };
  }
}

export interface FdEntry {
  file: OpenFile;
  cloexec: boolean;
}

/** The guest's file descriptor table: lowest free number first, as POSIX requires. */
export class FdTable {
  private readonly fds: (FdEntry | undefined)[] = [];
  static readonly MAX_FDS = 1024;

  constructor(stdio = true) {
    if (stdio) {
      for (let fd = 0; fd < 3; fd++) {
        this.fds[fd] = {
          file: {
            hostFd: fd,
            path: undefined,
            isDirectory: false,
            flags: fd === 0 ? 0 : 1,
            ...(fd === 0 ? stdinFromFile() : { position: 0, stream: true }),
            dirCursor: 0,
            refs: 1,
          },
          cloexec: false,
        };
      }
    }
  }

  get(fd: number): OpenFile {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (!e) throw new SyscallError(Errno.EBADF);
    return e.file;
  }
  entry(fd: number): FdEntry {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (!e) throw new SyscallError(Errno.EBADF);
    return e;
  }

  /** Installs `file` at the lowest free fd ≥ `min`. */
  add(file: OpenFile, cloexec = false, min = 0): number {
    for (let fd = min; fd < FdTable.MAX_FDS; fd++) {
      if (!this.fds[fd]) {
        this.fds[fd] = { file, cloexec };
        return fd;
      }
    }
    throw new SyscallError(Errno.EMFILE);
  }

  /** dup2/dup3 target: closes what `fd` held, then installs. */
  set(fd: number, file: OpenFile, cloexec: boolean): void {
    if (fd < 0 || fd >= FdTable.MAX_FDS) throw new SyscallError(Errno.EBADF);
    if (this.fds[fd]) this.close(fd);
    file.refs++;
    this.fds[fd] = { file, cloexec };
  }

  dup(fd: number, min = 0, cloexec = false): number {
    const file = this.get(fd);
    const n = this.add(file, cloexec, min);
    file.refs++;
    return n;
  }

  /**
   * fork: a table with the same entries, sharing each open file description (offset, flags,
   * pipe end) as the kernel's dup_fd does; the close-on-exec flags are per entry.
   */
  clone(): FdTable {
    const copy = new FdTable(false);
    this.fds.forEach((e, fd) => {
      if (!e) return;
      e.file.refs++;
      copy.fds[fd] = { file: e.file, cloexec: e.cloexec };
    });
    return copy;
  }

  /** execve: closes the close-on-exec descriptors. */
  closeOnExec(): void {
    this.fds.forEach((e, fd) => {
      if (e?.cloexec) this.close(fd);
    });
  }

  /** exit: closes everything (last references release pipe ends and host files). */
  closeAll(): void {
    this.fds.forEach((e, fd) => {
      if (e) this.close(fd);
    });
  }

  close(fd: number): void {
    const e = this.entry(fd);
    this.fds[fd] = undefined;
    if (--e.file.refs > 0) return;
    e.file.onClose?.();
    if (e.file.hostFd > 2) {
      try {
        closeSync(e.file.hostFd);
      } catch {
        // already gone on the host: the guest's close still succeeds
      }
    }
  }
}
