import * as fs from 'node:fs';
import { isatty } from 'node:tty';
import {
  AT_EMPTY_PATH,
  AT_FDCWD,
  AT_REMOVEDIR,
  AT_SYMLINK_NOFOLLOW,
  Errno,
  hostOpenFlags,
  O,
  SyscallError,
  WouldBlock,
} from '../abi.js';
import type { OpenFile } from '../fd-table.js';
import type { LinuxProcess } from '../linux-process.js';
import { Pipe } from '../pipe.js';
import { openProcFake } from '../proc-files.js';
import { StructWriter } from '../user-memory.js';
import { stat64Image, statxImage } from './stat.js';
import { i64of, type SyscallDef, sig } from './types.js';

/** Waits briefly when a non-blocking host fd says EAGAIN (a guest write must not be lost). */
function retryAgain<T>(op: () => T): T {
  for (;;) {
    try {
      return op();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

function readFile(file: OpenFile, into: Uint8Array, p: LinuxProcess): number {
  if (file.isDirectory) throw new SyscallError(Errno.EISDIR);
  if (file.pipe) return file.pipe.read(into, p, (file.flags & O.NONBLOCK) !== 0);
  if (file.stream) return retryAgain(() => fs.readSync(file.hostFd, into, 0, into.length, null));
  const n = fs.readSync(file.hostFd, into, 0, into.length, file.position);
  file.position += n;
  return n;
}

function writeFile(file: OpenFile, data: Uint8Array, p: LinuxProcess): number {
  try {
    return writeFileOnce(file, data, p);
  } catch (e) {
    // A closed reader on the host side (`| head`): Linux sends SIGPIPE with the EPIPE error.
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') p.signals.raiseSignal(13 /* SIGPIPE */);
    throw e;
  }
}

function writeFileOnce(file: OpenFile, data: Uint8Array, p: LinuxProcess): number {
  if (file.pipe) return file.pipe.write(data, p, (file.flags & O.NONBLOCK) !== 0);
  if (file.stream) {
    let done = 0;
    while (done < data.length) {
      done += retryAgain(() => fs.writeSync(file.hostFd, data, done, data.length - done, null));
    }
    return done;
  }
  if (file.flags & O.APPEND) file.position = fs.fstatSync(file.hostFd).size;
  const n = fs.writeSync(file.hostFd, data, 0, data.length, file.position);
  file.position += n;
  return n;
}

function iovecs(p: LinuxProcess, iov: number, count: number): { base: number; len: number }[] {
  if (count > 1024) throw new SyscallError(Errno.EINVAL);
  const list = [];
  for (let i = 0; i < count; i++) list.push({ base: p.um.u32(iov + 8 * i), len: p.um.u32(iov + 8 * i + 4) });
  return list;
}

/**
 * The permission bits a created file or directory gets: the kernel keeps S_IALLUGO (07777) of
 * the mode and clears the umask's (a full u32 mode was a Node RangeError, EIO; fuzz: syscalls).
 */
const createMode = (p: LinuxProcess, mode: number) => mode & 0o7777 & ~p.umaskValue;

function openPath(p: LinuxProcess, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const guestPath = p.um.cstring(pathAddr);
  const path = p.resolvePath(dirfd, guestPath);
  const hostFd =
    openProcFake(p, guestPath, flags & O.ACCMODE) ?? fs.openSync(path, hostOpenFlags(flags), createMode(p, mode));
  const st = fs.fstatSync(hostFd);
  const file: OpenFile = {
    hostFd,
    path,
    isDirectory: st.isDirectory(),
    flags: flags & ~O.CLOEXEC,
    position: 0,
    stream: st.isFIFO() || st.isSocket() || st.isCharacterDevice(),
    dirCursor: 0,
    refs: 1,
  };
  return p.fds.add(file, (flags & O.CLOEXEC) !== 0);
}

function seek(file: OpenFile, offset: number, whence: number): number {
  if (file.stream || file.pipe) throw new SyscallError(Errno.ESPIPE);
  let base: number;
  if (whence === 0) base = 0;
  else if (whence === 1) base = file.position;
  else if (whence === 2) base = file.isDirectory ? 0 : fs.fstatSync(file.hostFd).size;
  else throw new SyscallError(Errno.EINVAL);
  const pos = base + offset;
  if (pos < 0) throw new SyscallError(Errno.EINVAL);
  file.position = pos;
  if (file.isDirectory) file.dirCursor = pos;
  return pos;
}

/** fstat of an in-process pipe end: a FIFO owned by us, as pipefs reports it. */
function pipeStat(): fs.BigIntStats {
  const now = BigInt(Date.now()) * 1_000_000n;
  const n = (v: number) => BigInt(v);
  return {
    dev: 12n,
    ino: 1n,
    mode: n(0o10600),
    nlink: 1n,
    uid: n(process.getuid?.() ?? 0),
    gid: n(process.getgid?.() ?? 0),
    rdev: 0n,
    size: 0n,
    blksize: 4096n,
    blocks: 0n,
    atimeNs: now,
    mtimeNs: now,
    ctimeNs: now,
    birthtimeNs: 0n,
  } as fs.BigIntStats;
}

function fstatFd(p: LinuxProcess, fd: number): fs.BigIntStats {
  const file = p.fds.get(fd);
  return file.pipe ? pipeStat() : fs.fstatSync(file.hostFd, { bigint: true });
}

function statTarget(p: LinuxProcess, dirfd: number, pathAddr: number, flags: number): fs.BigIntStats {
  const path = pathAddr === 0 ? '' : p.um.cstring(pathAddr);
  if (path === '' && flags & AT_EMPTY_PATH) return fstatFd(p, dirfd);
  if (path === '') throw new SyscallError(Errno.ENOENT);
  const full = p.resolvePath(dirfd, path);
  return flags & AT_SYMLINK_NOFOLLOW ? fs.lstatSync(full, { bigint: true }) : fs.statSync(full, { bigint: true });
}

const DT: [(d: fs.Dirent) => boolean, number][] = [
  [(d) => d.isFIFO(), 1],
  [(d) => d.isCharacterDevice(), 2],
  [(d) => d.isDirectory(), 4],
  [(d) => d.isBlockDevice(), 6],
  [(d) => d.isFile(), 8],
  [(d) => d.isSymbolicLink(), 10],
  [(d) => d.isSocket(), 12],
];

/** Directory entries in host order ("." and ".." first), cached on the open file. */
function listing(file: OpenFile): { name: string; ino: bigint; type: number }[] {
  if (file.entries) return file.entries;
  const path = file.path ?? '.';
  const entries = [
    { name: '.', ino: fs.statSync(path, { bigint: true }).ino, type: 4 },
    { name: '..', ino: fs.statSync(`${path}/..`, { bigint: true }).ino, type: 4 },
  ];
  const dir = fs.opendirSync(path);
  try {
    for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
      let ino = 0n;
      try {
        ino = fs.lstatSync(`${path}/${d.name}`, { bigint: true }).ino;
      } catch {
        // vanished between readdir and lstat
      }
      entries.push({ name: d.name, ino, type: DT.find(([is]) => is(d))?.[1] ?? 0 });
    }
  } finally {
    dir.closeSync();
  }
  file.entries = entries;
  return entries;
}

/** struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; } (8-aligned). */
function getdents64(p: LinuxProcess, fd: number, buf: number, count: number): number {
  const file = p.fds.get(fd);
  if (!file.isDirectory) throw new SyscallError(Errno.ENOTDIR);
  const entries = listing(file);
  const out: Uint8Array[] = [];
  let used = 0;
  while (file.dirCursor < entries.length) {
    const e = entries[file.dirCursor];
    const name = Buffer.from(e.name, 'utf8');
    const reclen = (19 + name.length + 1 + 7) & ~7;
    if (used + reclen > count) {
      if (used === 0) throw new SyscallError(Errno.EINVAL);
      break;
    }
    const w = new StructWriter(reclen);
    w.u64(0, e.ino)
      .u64(8, file.dirCursor + 1)
      .u16(16, reclen);
    w.bytes[18] = e.type;
    w.bytes.set(name, 19);
    out.push(w.bytes);
    used += reclen;
    file.dirCursor++;
  }
  p.um.write(buf, Buffer.concat(out));
  return used;
}

const TCGETS = 0x402c7413;
const TIOCGWINSZ = 0x40087468;
const TIOCGPGRP = 0x40047477;
const TIOCSPGRP = 0x80047476;

function ioctl(p: LinuxProcess, fd: number, request: number, arg: number): number {
  const file = p.fds.get(fd);
  const tty = !file.pipe && file.stream && isatty(file.hostFd);
  switch (request >>> 0) {
    case TCGETS: {
      if (!tty) throw new SyscallError(Errno.ENOTTY);
      // struct termios (powerpc): iflag, oflag, cflag, lflag, c_cc[19], c_line, ispeed, ospeed.
      // Node cannot read the host's termios; report a cooked-mode terminal like `stty sane`.
      const w = new StructWriter(44);
      w.u32(0, 0x2d02).u32(4, 0x7).u32(8, 0x8bf).u32(12, 0x8a3).u32(36, 0xf).u32(40, 0xf);
      p.um.write(arg, w.bytes);
      return 0;
    }
    case TIOCGWINSZ: {
      if (!tty) throw new SyscallError(Errno.ENOTTY);
      const size = file.hostFd === 1 || file.hostFd === 2 ? process.stdout.getWindowSize?.() : undefined;
      const w = new StructWriter(8);
      w.u16(0, size?.[1] ?? 24).u16(2, size?.[0] ?? 80);
      p.um.write(arg, w.bytes);
      return 0;
    }
    case TIOCGPGRP:
      if (!tty) throw new SyscallError(Errno.ENOTTY);
      p.um.setU32(arg, p.kernel.foregroundPgrp ?? p.pgid);
      return 0;
    case TIOCSPGRP:
      // The terminal's foreground group is only bookkeeping here (no SIGTTIN/SIGTTOU): an
      // interactive shell with job control sets it for every job.
      if (!tty) throw new SyscallError(Errno.ENOTTY);
      p.kernel.foregroundPgrp = p.um.i32(arg);
      return 0;
    default:
      throw new SyscallError(tty ? Errno.EINVAL : Errno.ENOTTY);
  }
}

const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const F_DUPFD_CLOEXEC = 1030;

function fcntl(p: LinuxProcess, fd: number, cmd: number, arg: number): number {
  const entry = p.fds.entry(fd);
  switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      return p.fds.dup(fd, arg, cmd === F_DUPFD_CLOEXEC);
    case F_GETFD:
      return entry.cloexec ? 1 : 0;
    case F_SETFD:
      entry.cloexec = (arg & 1) !== 0;
      return 0;
    case F_GETFL:
      return entry.file.flags | O.LARGEFILE;
    case F_SETFL:
      entry.file.flags = (entry.file.flags & ~(O.APPEND | O.NONBLOCK)) | (arg & (O.APPEND | O.NONBLOCK));
      return 0;
    default:
      throw new SyscallError(Errno.EINVAL);
  }
}

function makePipe(p: LinuxProcess, fdsAddr: number, flags: number): number {
  p.um.check(fdsAddr, 8, 2);
  const pipe = new Pipe();
  const end = (guestFlags: number, isWrite: boolean): OpenFile => ({
    hostFd: -1,
    path: undefined,
    isDirectory: false,
    flags: guestFlags | (flags & O.NONBLOCK),
    position: 0,
    stream: true,
    dirCursor: 0,
    refs: 1,
    pipe,
    onClose: () => pipe.closeEnd(isWrite, p),
  });
  const cloexec = (flags & O.CLOEXEC) !== 0;
  const r = p.fds.add(end(0, false), cloexec);
  const w = p.fds.add(end(1, true), cloexec);
  p.um.setU32(fdsAddr, r);
  p.um.setU32(fdsAddr + 4, w);
  return 0;
}

function readlink(p: LinuxProcess, dirfd: number, pathAddr: number, buf: number, size: number): number {
  const path = p.um.cstring(pathAddr);
  const target = path === '/proc/self/exe' ? p.exePath : fs.readlinkSync(p.resolvePath(dirfd, path));
  const bytes = Buffer.from(target, 'utf8').subarray(0, size);
  p.um.write(buf, bytes);
  return bytes.length;
}

function getcwd(p: LinuxProcess, buf: number, size: number): number {
  const bytes = Buffer.from(`${p.cwd}\0`, 'utf8');
  if (bytes.length > size) throw new SyscallError(Errno.ERANGE);
  p.um.write(buf, bytes);
  return bytes.length;
}

function chdir(p: LinuxProcess, path: string): number {
  if (!fs.statSync(path).isDirectory()) throw new SyscallError(Errno.ENOTDIR);
  p.cwd = path;
  return 0;
}

const hostFdOf = (p: LinuxProcess, fd: number) => {
  const file = p.fds.get(fd);
  if (file.pipe) throw new SyscallError(Errno.EINVAL);
  return file.hostFd;
};

const POLLIN = 1;
const POLLOUT = 4;
const POLLHUP = 0x10;
const POLLNVAL = 0x20;

/**
 * poll/ppoll: host files and terminals count as ready (the guest is the only thread, so a
 * blocking wait could never be satisfied by anyone else); in-process pipes report their state.
 */
function poll(p: LinuxProcess, fds: number, nfds: number, mayWait: boolean): number {
  if (nfds > 1024) throw new SyscallError(Errno.EINVAL);
  let ready = 0;
  let pipes = false;
  for (let i = 0; i < nfds; i++) {
    const at = fds + 8 * i;
    const fd = p.um.i32(at);
    const events = p.um.u32(at + 4) >>> 16;
    let revents = 0;
    if (fd >= 0) {
      let file: OpenFile | undefined;
      try {
        file = p.fds.get(fd);
      } catch {
        revents = POLLNVAL;
      }
      if (file?.pipe) {
        pipes = true;
        const readable = file.pipe.hasData() || file.pipe.writers === 0;
        revents = (events & POLLIN && readable ? POLLIN : 0) | (events & POLLOUT ? POLLOUT : 0);
        if (file.pipe.writers === 0 && !(file.flags & 1)) revents |= POLLHUP;
      } else if (file) revents = events & (POLLIN | POLLOUT);
    }
    p.um.setU32(at + 4, (events << 16) | revents);
    if (revents) ready++;
  }
  // Nothing ready yet but another process may write or close: sleep (the call is retried).
  if (ready === 0 && mayWait && pipes && p.kernel.othersAlive(p) && !p.kernel.breakingDeadlock) throw new WouldBlock();
  return ready;
}

const at = (p: LinuxProcess, dirfd: number, addr: number) => p.resolvePath(dirfd, p.um.cstring(addr));

/** rmdir: Linux refuses a last component of "." (EINVAL) or ".." (ENOTEMPTY) before looking. */
function rmdir(p: LinuxProcess, dirfd: number, addr: number): number {
  const raw = p.um.cstring(addr);
  const last = raw.replace(/\/+$/, '').split('/').pop();
  if (last === '.') throw new SyscallError(Errno.EINVAL);
  if (last === '..') throw new SyscallError(Errno.ENOTEMPTY);
  fs.rmdirSync(p.resolvePath(dirfd, raw));
  return 0;
}

export const fsSyscalls: Record<string, SyscallDef> = {
  read: sig((p, a) => readFile(p.fds.get(a[0]), p.um.writablePrefix(a[1], a[2]), p), 'fxu'),
  write: sig((p, a) => writeFile(p.fds.get(a[0]), p.um.read(a[1], a[2]).slice(), p), 'fxu'),
  readv: sig((p, a) => {
    const file = p.fds.get(a[0]);
    let total = 0;
    for (const v of iovecs(p, a[1], a[2])) {
      let n: number;
      try {
        n = readFile(file, p.um.writablePrefix(v.base, v.len), p);
      } catch (e) {
        // Once something was read, a read that would sleep or fail ends readv with what it has.
        if (total > 0 && (e instanceof WouldBlock || e instanceof SyscallError)) break;
        throw e;
      }
      total += n;
      if (n < v.len) break;
    }
    return total;
  }, 'fxu'),
  writev: sig((p, a) => {
    const file = p.fds.get(a[0]);
    const parts = iovecs(p, a[1], a[2]).map((v) => p.um.read(v.base, v.len).slice());
    return writeFile(file, Buffer.concat(parts), p);
  }, 'fxu'),
  pread64: sig((p, a) => {
    const file = p.fds.get(a[0]);
    if (file.stream || file.pipe) throw new SyscallError(Errno.ESPIPE);
    const into = p.um.writablePrefix(a[1], a[2]);
    return fs.readSync(file.hostFd, into, 0, into.length, i64of(a[4], a[5]));
  }, 'fxu'),
  pwrite64: sig((p, a) => {
    const file = p.fds.get(a[0]);
    if (file.stream || file.pipe) throw new SyscallError(Errno.ESPIPE);
    return fs.writeSync(file.hostFd, p.um.read(a[1], a[2]).slice(), 0, a[2], i64of(a[4], a[5]));
  }, 'fxu'),
  open: sig((p, a) => openPath(p, AT_FDCWD, a[0], a[1], a[2]), 'sxo'),
  openat: sig((p, a) => openPath(p, a[0] | 0, a[1], a[2], a[3]), 'fsxo'),
  close: sig((p, a) => {
    p.fds.close(a[0] | 0);
    return 0;
  }, 'f'),
  lseek: sig((p, a) => seek(p.fds.get(a[0]), a[1] | 0, a[2]), 'fiu'),
  _llseek: sig((p, a) => {
    const pos = seek(p.fds.get(a[0]), i64of(a[1], a[2]), a[4]);
    p.um.setI64(a[3], pos);
    return 0;
  }, 'fiixu'),
  stat64: sig((p, a) => {
    p.um.write(a[1], stat64Image(statTarget(p, AT_FDCWD, a[0], 0)));
    return 0;
  }, 'sx'),
  lstat64: sig((p, a) => {
    p.um.write(a[1], stat64Image(statTarget(p, AT_FDCWD, a[0], AT_SYMLINK_NOFOLLOW)));
    return 0;
  }, 'sx'),
  fstat64: sig((p, a) => {
    p.um.write(a[1], stat64Image(fstatFd(p, a[0])));
    return 0;
  }, 'fx'),
  fstatat64: sig((p, a) => {
    p.um.write(a[2], stat64Image(statTarget(p, a[0] | 0, a[1], a[3])));
    return 0;
  }, 'fsxx'),
  statx: sig((p, a) => {
    p.um.write(a[4], statxImage(statTarget(p, a[0] | 0, a[1], a[2])));
    return 0;
  }, 'fsxxx'),
  getdents64: sig((p, a) => getdents64(p, a[0], a[1], a[2]), 'fxu'),
  access: sig((p, a) => {
    fs.accessSync(at(p, AT_FDCWD, a[0]), a[1] & 7);
    return 0;
  }, 'su'),
  faccessat: sig((p, a) => {
    fs.accessSync(at(p, a[0] | 0, a[1]), a[2] & 7);
    return 0;
  }, 'fsu'),
  faccessat2: sig((p, a) => {
    fs.accessSync(at(p, a[0] | 0, a[1]), a[2] & 7);
    return 0;
  }, 'fsux'),
  ioctl: sig((p, a) => ioctl(p, a[0], a[1], a[2]), 'fxx'),
  fcntl64: sig((p, a) => fcntl(p, a[0] | 0, a[1], a[2]), 'fix'),
  fcntl: sig((p, a) => fcntl(p, a[0] | 0, a[1], a[2]), 'fix'),
  dup: sig((p, a) => p.fds.dup(a[0] | 0), 'f'),
  dup2: sig((p, a) => {
    const file = p.fds.get(a[0] | 0);
    if ((a[0] | 0) !== (a[1] | 0)) p.fds.set(a[1] | 0, file, false);
    return a[1];
  }, 'ff'),
  dup3: sig((p, a) => {
    const file = p.fds.get(a[0] | 0);
    if ((a[0] | 0) === (a[1] | 0)) throw new SyscallError(Errno.EINVAL);
    p.fds.set(a[1] | 0, file, (a[2] & O.CLOEXEC) !== 0);
    return a[1];
  }, 'ffx'),
  pipe: sig((p, a) => makePipe(p, a[0], 0), 'x'),
  pipe2: sig((p, a) => makePipe(p, a[0], a[1]), 'xx'),
  getcwd: sig((p, a) => getcwd(p, a[0], a[1]), 'xu'),
  chdir: sig((p, a) => chdir(p, at(p, AT_FDCWD, a[0])), 's'),
  fchdir: sig((p, a) => chdir(p, p.fds.get(a[0]).path ?? p.cwd), 'f'),
  mkdir: sig((p, a) => {
    fs.mkdirSync(at(p, AT_FDCWD, a[0]), createMode(p, a[1]));
    return 0;
  }, 'so'),
  mkdirat: sig((p, a) => {
    fs.mkdirSync(at(p, a[0] | 0, a[1]), createMode(p, a[2]));
    return 0;
  }, 'fso'),
  unlink: sig((p, a) => {
    fs.unlinkSync(at(p, AT_FDCWD, a[0]));
    return 0;
  }, 's'),
  unlinkat: sig((p, a) => {
    if (a[2] & AT_REMOVEDIR) return rmdir(p, a[0] | 0, a[1]);
    fs.unlinkSync(at(p, a[0] | 0, a[1]));
    return 0;
  }, 'fsx'),
  rmdir: sig((p, a) => rmdir(p, AT_FDCWD, a[0]), 's'),
  rename: sig((p, a) => {
    fs.renameSync(at(p, AT_FDCWD, a[0]), at(p, AT_FDCWD, a[1]));
    return 0;
  }, 'ss'),
  renameat: sig((p, a) => {
    fs.renameSync(at(p, a[0] | 0, a[1]), at(p, a[2] | 0, a[3]));
    return 0;
  }, 'fsfs'),
  renameat2: sig((p, a) => {
    if (a[4] !== 0) throw new SyscallError(Errno.EINVAL);
    fs.renameSync(at(p, a[0] | 0, a[1]), at(p, a[2] | 0, a[3]));
    return 0;
  }, 'fsfsx'),
  readlink: sig((p, a) => readlink(p, AT_FDCWD, a[0], a[1], a[2]), 'sxu'),
  readlinkat: sig((p, a) => readlink(p, a[0] | 0, a[1], a[2], a[3]), 'fsxu'),
  umask: sig((p, a) => {
    const old = p.umaskValue;
    p.umaskValue = a[0] & 0o777;
    return old;
  }, 'o'),
  ftruncate64: sig((p, a) => {
    fs.ftruncateSync(p.fds.get(a[0]).hostFd, i64of(a[2], a[3]));
    return 0;
  }, 'fxii'),
  chmod: sig((p, a) => {
    fs.chmodSync(at(p, AT_FDCWD, a[0]), a[1] & 0o7777);
    return 0;
  }, 'so'),
  fchmod: sig((p, a) => {
    fs.fchmodSync(hostFdOf(p, a[0]), a[1] & 0o7777);
    return 0;
  }, 'fo'),
  fchmodat: sig((p, a) => {
    fs.chmodSync(at(p, a[0] | 0, a[1]), a[2] & 0o7777);
    return 0;
  }, 'fso'),
  truncate64: sig((p, a) => {
    fs.truncateSync(at(p, AT_FDCWD, a[0]), i64of(a[2], a[3]));
    return 0;
  }, 'sxii'),
  symlink: sig((p, a) => {
    fs.symlinkSync(p.um.cstring(a[0]), at(p, AT_FDCWD, a[1]));
    return 0;
  }, 'ss'),
  symlinkat: sig((p, a) => {
    fs.symlinkSync(p.um.cstring(a[0]), at(p, a[1] | 0, a[2]));
    return 0;
  }, 'sfs'),
  link: sig((p, a) => {
    fs.linkSync(at(p, AT_FDCWD, a[0]), at(p, AT_FDCWD, a[1]));
    return 0;
  }, 'ss'),
  linkat: sig((p, a) => {
    fs.linkSync(at(p, a[0] | 0, a[1]), at(p, a[2] | 0, a[3]));
    return 0;
  }, 'fsfsx'),
  // A zero timeout never waits; any other (even a finite one: no timers here) waits for a pipe.
  poll: sig((p, a) => poll(p, a[0], a[1], (a[2] | 0) !== 0), 'xui'),
  ppoll: sig((p, a) => poll(p, a[0], a[1], a[2] === 0 || p.um.u32(a[2]) !== 0 || p.um.u32(a[2] + 4) !== 0), 'xuxx'),
  ppoll_time64: sig(
    (p, a) => poll(p, a[0], a[1], a[2] === 0 || p.um.u64(a[2]) !== 0 || p.um.u64(a[2] + 8) !== 0),
    'xuxx',
  ),
  fsync: sig((p, a) => {
    p.fds.get(a[0]);
    return 0;
  }, 'f'),
  fdatasync: sig((p, a) => {
    p.fds.get(a[0]);
    return 0;
  }, 'f'),
};
