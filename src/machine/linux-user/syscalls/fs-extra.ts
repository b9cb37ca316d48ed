import * as fs from 'node:fs';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, Errno, SyscallError } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { StructWriter } from '../user-memory.js';
import { type SyscallDef, sig } from './types.js';

// File calls busybox and coreutils reach that are cheap to give their Linux meaning: ownership
// (chown, cp -p, tar), filesystem statistics (df, stat -f), sync, posix_fadvise (cat, cp, sort),
// getgroups (id). The host does the work, as under qemu-ppc.

/** The file an fd names on the host (pipes have none). */
function hostFile(p: LinuxProcess, fd: number) {
  const file = p.fds.get(fd); // EBADF
  return file.pipe ? undefined : file;
}

/**
 * chown family: uid/gid (u32)-1 leaves that id alone (Node passes -1 through to the host call);
 * any other u32 is an id (Node accepts -1…2^32-1: `v | 0` made ids ≥ 2^31 a RangeError, EIO).
 */
const id = (v: number) => (v >>> 0 === 0xffffffff ? -1 : v >>> 0);

function fchownat(p: LinuxProcess, dirfd: number, pathAddr: number, uid: number, gid: number, flags: number) {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) throw new SyscallError(Errno.EINVAL);
  const path = p.um.cstring(pathAddr);
  if (path === '' && flags & AT_EMPTY_PATH) {
    if (dirfd !== AT_FDCWD) {
      const file = hostFile(p, dirfd);
      if (file) fs.fchownSync(file.hostFd, id(uid), id(gid));
      return 0;
    }
    fs.chownSync(p.cwd, id(uid), id(gid));
    return 0;
  }
  const full = p.resolvePath(dirfd, path);
  if (flags & AT_SYMLINK_NOFOLLOW) fs.lchownSync(full, id(uid), id(gid));
  else fs.chownSync(full, id(uid), id(gid));
  return 0;
}

/** sizeof(struct statfs64) on ppc32 (asm/statfs.h, checked with powerpc-linux-gnu-gcc). */
const STATFS64_SIZE = 88;

interface FsStats {
  type: bigint;
  bsize: bigint;
  blocks: bigint;
  bfree: bigint;
  bavail: bigint;
  files: bigint;
  ffree: bigint;
}

/** What statfs reports for a pipe: pipefs (PIPEFS_MAGIC, a page per block, nothing counted). */
const PIPEFS: FsStats = { type: 0x50495045n, bsize: 4096n, blocks: 0n, bfree: 0n, bavail: 0n, files: 0n, ffree: 0n };

/**
 * struct statfs64: 0 f_type, 4 f_bsize, 8 f_blocks, 16 f_bfree, 24 f_bavail, 32 f_files,
 * 40 f_ffree (u64s), 48 f_fsid, 56 f_namelen, 60 f_frsize, 64 f_flags, 68 spare. Node's statfs
 * gives no fsid, name length or mount flags: fsid and flags are 0, f_namelen is 255 (NAME_MAX,
 * every common Linux filesystem), f_frsize is f_bsize (README).
 */
function statfs64(p: LinuxProcess, st: FsStats, size: number, buf: number): number {
  if (size !== STATFS64_SIZE) throw new SyscallError(Errno.EINVAL);
  const w = new StructWriter(STATFS64_SIZE);
  w.u32(0, Number(BigInt.asUintN(32, st.type)))
    .u32(4, Number(st.bsize))
    .u64(8, st.blocks)
    .u64(16, st.bfree)
    .u64(24, st.bavail)
    .u64(32, st.files)
    .u64(40, st.ffree)
    .u32(56, 255)
    .u32(60, Number(st.bsize));
  p.um.write(buf, w.bytes);
  return 0;
}

/** posix_fadvise: only the checks; the advice itself is a hint with nothing to do here. */
function fadvise(p: LinuxProcess, fd: number, advice: number): number {
  if (!hostFile(p, fd)) throw new SyscallError(Errno.ESPIPE);
  if (advice < 0 || advice > 5) throw new SyscallError(Errno.EINVAL); // NORMAL … NOREUSE
  return 0;
}

/**
 * The host process's supplementary groups: /proc/self/status's Groups line (Node's
 * process.getgroups() adds the effective gid, which getgroups(2) does not report).
 */
function hostGroups(): number[] {
  try {
    const line = fs.readFileSync('/proc/self/status', 'latin1').match(/^Groups:(.*)$/m);
    if (line) return line[1].trim() === '' ? [] : line[1].trim().split(/\s+/).map(Number);
  } catch {}
  return process.getgroups?.() ?? [];
}

export const fsExtraSyscalls: Record<string, SyscallDef> = {
  chown: sig((p, a) => fchownat(p, AT_FDCWD, a[0], a[1], a[2], 0), 'suu'),
  lchown: sig((p, a) => fchownat(p, AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW), 'suu'),
  fchownat: sig((p, a) => fchownat(p, a[0] | 0, a[1], a[2], a[3], a[4] | 0), 'fsuux'),
  fchown: sig((p, a) => {
    const file = hostFile(p, a[0] | 0);
    if (file) fs.fchownSync(file.hostFd, id(a[1]), id(a[2]));
    return 0;
  }, 'fuu'),
  statfs64: sig((p, a) => {
    const path = p.resolvePath(AT_FDCWD, p.um.cstring(a[0]));
    return statfs64(p, fs.statfsSync(path, { bigint: true }), a[1], a[2]);
  }, 'sux'),
  fstatfs64: sig((p, a) => {
    const file = p.fds.get(a[0] | 0);
    if (file.pipe) return statfs64(p, PIPEFS, a[1], a[2]);
    // The host's stdin/stdout/stderr have no path for Node's statfs (README).
    if (file.path === undefined) throw new SyscallError(Errno.ENOSYS);
    return statfs64(p, fs.statfsSync(file.path, { bigint: true }), a[1], a[2]);
  }, 'fux'),
  sync: sig(() => 0),
  syncfs: sig((p, a) => {
    p.fds.get(a[0] | 0);
    return 0;
  }, 'f'),
  // ppc32: fadvise64(fd, pad, off_hi, off_lo, len, advice); fadvise64_64(fd, advice, off, len).
  fadvise64: sig((p, a) => fadvise(p, a[0] | 0, a[5] | 0), 'fxxxui'),
  fadvise64_64: sig((p, a) => fadvise(p, a[0] | 0, a[1] | 0), 'fixxxx'),
  // The host's supplementary groups, as qemu-ppc passes them through.
  getgroups: sig((p, a) => {
    const groups = hostGroups();
    const size = a[0] | 0;
    if (size < 0) throw new SyscallError(Errno.EINVAL);
    if (size === 0) return groups.length;
    if (size < groups.length) throw new SyscallError(Errno.EINVAL);
    groups.forEach((g, i) => p.um.setU32(a[1] + 4 * i, g));
    return groups.length;
  }, 'ix'),
};
