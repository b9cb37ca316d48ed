import type { BigIntStats } from 'node:fs';
import { StructWriter } from '../user-memory.js';

const NS = 1_000_000_000n;
const split = (ns: bigint) => ({ sec: ns / NS, nsec: ns % NS });

/** Host device number (glibc encoding) → major/minor. */
function devParts(dev: bigint): { major: number; minor: number } {
  const d = BigInt.asUintN(64, dev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return { major, minor };
}
/** Linux new_encode_dev (what stat64 reports on a 32-bit kernel ABI). */
const encodeDev = (dev: bigint) => {
  const { major, minor } = devParts(dev);
  return ((minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)) >>> 0;
};

/**
 * struct stat64 for ppc32 (asm/stat.h): 104 bytes, big-endian.
 *   0 st_dev u64, 8 st_ino u64, 16 mode, 20 nlink, 24 uid, 28 gid, 32 rdev u64, 40 pad2 u16,
 *   48 size i64, 56 blksize, 64 blocks i64, 72 atime, 76 atime_nsec, 80 mtime, 84 mtime_nsec,
 *   88 ctime, 92 ctime_nsec, 96/100 unused.
 */
export function stat64Image(st: BigIntStats): Uint8Array {
  const w = new StructWriter(104);
  w.u64(0, encodeDev(st.dev))
    .u64(8, st.ino)
    .u32(16, Number(st.mode))
    .u32(20, Number(st.nlink))
    .u32(24, Number(st.uid))
    .u32(28, Number(st.gid))
    .u64(32, encodeDev(st.rdev))
    .u64(48, st.size)
    .u32(56, Number(st.blksize))
    .u64(64, st.blocks);
  const times: [number, bigint][] = [
    [72, st.atimeNs],
    [80, st.mtimeNs],
    [88, st.ctimeNs],
  ];
  for (const [off, ns] of times) {
    const t = split(ns);
    w.u32(off, Number(BigInt.asUintN(32, t.sec))).u32(off + 4, Number(t.nsec));
  }
  return w.bytes;
}

/** STATX_BASIC_STATS | STATX_BTIME. */
const STATX_BASIC_STATS = 0x7ff;
const STATX_BTIME = 0x800;

/**
 * struct statx (linux/stat.h, 256 bytes, same on every ABI): 0 mask, 4 blksize, 8 attributes,
 * 16 nlink, 20 uid, 24 gid, 28 mode u16, 32 ino, 40 size, 48 blocks, 56 attributes_mask,
 * 64/80/96/112 atime/btime/ctime/mtime {i64 sec, u32 nsec}, 128 rdev major/minor, 136 dev major/minor.
 */
export function statxImage(st: BigIntStats): Uint8Array {
  const w = new StructWriter(256);
  w.u32(0, STATX_BASIC_STATS | STATX_BTIME)
    .u32(4, Number(st.blksize))
    .u32(16, Number(st.nlink))
    .u32(20, Number(st.uid))
    .u32(24, Number(st.gid))
    .u16(28, Number(st.mode) & 0xffff)
    .u64(32, st.ino)
    .u64(40, st.size)
    .u64(48, st.blocks);
  const times: [number, bigint][] = [
    [64, st.atimeNs],
    [80, st.birthtimeNs],
    [96, st.ctimeNs],
    [112, st.mtimeNs],
  ];
  for (const [off, ns] of times) {
    const t = split(ns);
    w.u64(off, t.sec).u32(off + 8, Number(t.nsec));
  }
  const rdev = devParts(st.rdev);
  const dev = devParts(st.dev);
  w.u32(128, rdev.major).u32(132, rdev.minor).u32(136, dev.major).u32(140, dev.minor);
  return w.bytes;
}
