import * as fs from 'node:fs';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, Errno, SyscallError } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { type SyscallDef, sig } from './types.js';

// Setting file times, as Linux 6.1's fs/utimes.c: utimensat (old 32-bit and time64 timespecs),
// futimesat/utimes (timeval), utime (utimbuf). glibc 2.36 on ppc32 sends utime, utimes, futimes,
// futimens and utimensat all to utimensat_time64 (utimensat without it).

const UTIME_NOW = (1 << 30) - 1;
const UTIME_OMIT = (1 << 30) - 2;

/** One requested time: seconds and nanoseconds, or UTIME_NOW / UTIME_OMIT in `nsec`. */
interface Time {
  sec: number;
  nsec: number;
}

const nsecValid = (nsec: number) => nsec === UTIME_NOW || nsec === UTIME_OMIT || (nsec >= 0 && nsec <= 999_999_999);

/** Where the times go: a path (following symlinks unless `nofollow`) or an open file. */
type Target = { path: string; nofollow: boolean } | { fd: number };

function targetOf(p: LinuxProcess, dirfd: number, pathAddr: number, flags: number): Target {
  // do_utimes: no filename with a real dirfd is the futimens form (flags must then be 0).
  if (pathAddr === 0 && dirfd !== AT_FDCWD) {
    if (flags !== 0) throw new SyscallError(Errno.EINVAL);
    return { fd: dirfd };
  }
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new SyscallError(Errno.EINVAL);
  if (pathAddr === 0) throw new SyscallError(Errno.EFAULT); // getname(NULL)
  const path = p.um.cstring(pathAddr);
  if (path === '' && flags & AT_EMPTY_PATH)
    return dirfd === AT_FDCWD ? { path: p.cwd, nofollow: false } : { fd: dirfd };
  return { path: p.resolvePath(dirfd, path), nofollow: (flags & AT_SYMLINK_NOFOLLOW) !== 0 };
}

/** Current times of the target in seconds, for UTIME_OMIT (Node sets both times at once). */
function currentTimes(p: LinuxProcess, t: Target): [number, number] {
  let st: fs.BigIntStats;
  if ('fd' in t) {
    const file = p.fds.get(t.fd);
    if (file.pipe) return [0, 0];
    st = fs.fstatSync(file.hostFd, { bigint: true });
  } else st = t.nofollow ? fs.lstatSync(t.path, { bigint: true }) : fs.statSync(t.path, { bigint: true });
  return [Number(st.atimeNs) / 1e9, Number(st.mtimeNs) / 1e9];
}

/**
 * vfs_utimes after the path lookup: nsec validated here (so a missing file is ENOENT before a bad
 * nsec is EINVAL, as in Linux). Node takes seconds as a double: nanoseconds survive to about a
 * tenth of a microsecond (a known difference, README).
 */
function setTimes(p: LinuxProcess, t: Target, times: [Time, Time] | null): number {
  if ('fd' in t)
    p.fds.get(t.fd); // EBADF
  else if (t.nofollow)
    fs.lstatSync(t.path); // the lookup's ENOENT, ENOTDIR, ELOOP…
  else fs.statSync(t.path);
  if (times && !(nsecValid(times[0].nsec) && nsecValid(times[1].nsec))) throw new SyscallError(Errno.EINVAL);
  const now = Date.now() / 1000;
  const current = times?.some((x) => x.nsec === UTIME_OMIT) ? currentTimes(p, t) : [now, now];
  const value = (x: Time | undefined, i: number) =>
    x === undefined || x.nsec === UTIME_NOW ? now : x.nsec === UTIME_OMIT ? current[i] : x.sec + x.nsec / 1e9;
  const atime = value(times?.[0], 0);
  const mtime = value(times?.[1], 1);
  if ('fd' in t) {
    const file = p.fds.get(t.fd);
    if (!file.pipe) fs.futimesSync(file.hostFd, atime, mtime); // a pipe's inode times are not kept
  } else if (t.nofollow) fs.lutimesSync(t.path, atime, mtime);
  else fs.utimesSync(t.path, atime, mtime);
  return 0;
}

/** utimensat: `readTime` reads one timespec of the given size (EFAULT from unmapped memory). */
function utimensat(p: LinuxProcess, a: readonly number[], size: number, readTime: (addr: number) => Time): number {
  const [dirfd, pathAddr, timesAddr, flags] = [a[0] | 0, a[1], a[2], a[3] | 0];
  let times: [Time, Time] | null = null;
  if (timesAddr !== 0) {
    times = [readTime(timesAddr), readTime(timesAddr + size)];
    // "Nothing to do, we must not even check the path."
    if (times[0].nsec === UTIME_OMIT && times[1].nsec === UTIME_OMIT) return 0;
  }
  return setTimes(p, targetOf(p, dirfd, pathAddr, flags), times);
}

/** futimesat/utimes: struct timeval pairs; microseconds out of range are EINVAL before the lookup. */
function futimesat(p: LinuxProcess, dirfd: number, pathAddr: number, tvAddr: number): number {
  let times: [Time, Time] | null = null;
  if (tvAddr !== 0) {
    const tv = [0, 8].map((o) => ({ sec: p.um.i32(tvAddr + o), usec: p.um.i32(tvAddr + o + 4) }));
    if (tv.some((x) => x.usec < 0 || x.usec >= 1_000_000)) throw new SyscallError(Errno.EINVAL);
    times = [
      { sec: tv[0].sec, nsec: tv[0].usec * 1000 },
      { sec: tv[1].sec, nsec: tv[1].usec * 1000 },
    ];
  }
  return setTimes(p, targetOf(p, dirfd, pathAddr, 0), times);
}

/** struct old_timespec32: i32 tv_sec, i32 tv_nsec. */
const timespec32 = (p: LinuxProcess) => (addr: number) => ({ sec: p.um.i32(addr), nsec: p.um.i32(addr + 4) });
/** struct __kernel_timespec: i64 tv_sec, i64 tv_nsec of which a 32-bit kernel keeps the low word. */
const timespec64 = (p: LinuxProcess) => (addr: number) => {
  const hi = p.um.i32(addr);
  return { sec: hi * 2 ** 32 + p.um.u32(addr + 4), nsec: p.um.i32(addr + 12) };
};

export const utimeSyscalls: Record<string, SyscallDef> = {
  utimensat: sig((p, a) => utimensat(p, a, 8, timespec32(p)), 'fsxx'),
  utimensat_time64: sig((p, a) => utimensat(p, a, 16, timespec64(p)), 'fsxx'),
  futimesat: sig((p, a) => futimesat(p, a[0] | 0, a[1], a[2]), 'fsx'),
  utimes: sig((p, a) => futimesat(p, AT_FDCWD, a[0], a[1]), 'sx'),
  // struct utimbuf: i32 actime, i32 modtime (whole seconds).
  utime: sig((p, a) => {
    const times: [Time, Time] | null =
      a[1] === 0
        ? null
        : [
            { sec: p.um.i32(a[1]), nsec: 0 },
            { sec: p.um.i32(a[1] + 4), nsec: 0 },
          ];
    return setTimes(p, targetOf(p, AT_FDCWD, a[0], 0), times);
  }, 'sx'),
};
