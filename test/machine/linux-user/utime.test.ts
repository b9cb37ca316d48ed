// utimensat / utimensat_time64 / futimesat / utimes / utime with Linux 6.1's errnos (fs/utimes.c).
import { lstatSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Errno } from '../../../src/machine/linux-user/abi.js';
import { putString, SCRATCH, sys, testProcess } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ppcjit-utime-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AT_FDCWD = -100 >>> 0;
const AT_SYMLINK_NOFOLLOW = 0x100;
const UTIME_NOW = (1 << 30) - 1;
const UTIME_OMIT = (1 << 30) - 2;
const PATH = SCRATCH;
const TIMES = SCRATCH + 0x100;
const UNMAPPED = 0x5000;
const file = join(dir, 'f');
const T0 = 1_000_000_000; // 2001-09-09

const p = testProcess();
const seconds = (ns: bigint) => Number(ns / 1_000_000_000n);
const times = (path = file) => {
  const st = statSync(path, { bigint: true });
  return { atime: seconds(st.atimeNs), mtime: seconds(st.mtimeNs) };
};

/** Two old_timespec32 at TIMES. */
function ts32(a: [number, number], m: [number, number]) {
  [a[0], a[1], m[0], m[1]].forEach((v, i) => p.um.setU32(TIMES + 4 * i, v >>> 0));
  return TIMES;
}
/** Two __kernel_timespec (64-bit fields) at TIMES. */
function ts64(a: [number, number], m: [number, number]) {
  [a, m].forEach(([sec, nsec], i) => {
    p.um.setU64(TIMES + 16 * i, sec);
    p.um.setU32(TIMES + 16 * i + 8, 0xdead); // the high word of tv_nsec is ignored by a 32-bit kernel
    p.um.setU32(TIMES + 16 * i + 12, nsec >>> 0);
  });
  return TIMES;
}

beforeEach(() => {
  writeFileSync(file, 'x');
  putString(p, PATH, file);
});

describe('utimensat', () => {
  it('sets both times, or leaves one alone with UTIME_OMIT', () => {
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([T0, 0], [T0 + 100, 500_000_000]), 0])).toMatchObject({
      so: 0,
      r3: 0,
    });
    expect(times()).toEqual({ atime: T0, mtime: T0 + 100 });
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([T0 + 7, UTIME_OMIT], [T0 + 9, 0]), 0]).so).toBe(0);
    expect(times()).toEqual({ atime: T0, mtime: T0 + 9 });
    expect(sys(p, 'utimensat_time64', [AT_FDCWD, PATH, ts64([T0 + 1, 0], [T0 + 2, UTIME_OMIT]), 0]).so).toBe(0);
    expect(times()).toEqual({ atime: T0 + 1, mtime: T0 + 9 });
  });

  it('UTIME_NOW and a NULL times pointer set the current time', () => {
    sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([T0, 0], [T0, 0]), 0]);
    const before = Math.floor(Date.now() / 1000) - 1;
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([0, UTIME_NOW], [T0, 0]), 0]).so).toBe(0);
    expect(times().atime).toBeGreaterThanOrEqual(before);
    expect(times().mtime).toBe(T0);
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, 0, 0]).so).toBe(0);
    expect(times().mtime).toBeGreaterThanOrEqual(before);
  });

  it('both UTIME_OMIT succeed without looking at the path', () => {
    putString(p, PATH, join(dir, 'missing'));
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([0, UTIME_OMIT], [0, UTIME_OMIT]), 0])).toMatchObject({
      so: 0,
      r3: 0,
    });
  });

  it('errnos: EFAULT (times, path), ENOENT before EINVAL for a bad nsec, EINVAL flags, EBADF', () => {
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, UNMAPPED, 0])).toMatchObject({ so: 1, r3: Errno.EFAULT });
    expect(sys(p, 'utimensat', [AT_FDCWD, UNMAPPED, 0, 0])).toMatchObject({ so: 1, r3: Errno.EFAULT });
    expect(sys(p, 'utimensat', [AT_FDCWD, 0, 0, 0])).toMatchObject({ so: 1, r3: Errno.EFAULT });
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([0, 1_000_000_000], [0, 0]), 0])).toMatchObject({
      so: 1,
      r3: Errno.EINVAL,
    });
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([0, 0], [0, -1]), 0])).toMatchObject({ so: 1, r3: Errno.EINVAL });
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, 0, 0x4])).toMatchObject({ so: 1, r3: Errno.EINVAL });
    putString(p, PATH, join(dir, 'missing'));
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([0, 1_000_000_000], [0, 0]), 0])).toMatchObject({
      so: 1,
      r3: Errno.ENOENT,
    });
    putString(p, PATH, '');
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, 0, 0])).toMatchObject({ so: 1, r3: Errno.ENOENT });
    expect(sys(p, 'utimensat', [77, 0, 0, 0])).toMatchObject({ so: 1, r3: Errno.EBADF });
  });

  it('futimens form (NULL path, an fd) and AT_SYMLINK_NOFOLLOW on a link', () => {
    const fd = sys(p, 'open', [PATH, 2, 0]).r3;
    expect(sys(p, 'utimensat', [fd, 0, ts32([T0 + 3, 0], [T0 + 4, 0]), 0]).so).toBe(0);
    expect(times()).toEqual({ atime: T0 + 3, mtime: T0 + 4 });
    expect(sys(p, 'utimensat', [fd, 0, 0, AT_SYMLINK_NOFOLLOW])).toMatchObject({ so: 1, r3: Errno.EINVAL });
    sys(p, 'close', [fd]);
    const link = join(dir, `l${Date.now()}`);
    symlinkSync(file, link);
    putString(p, PATH, link);
    expect(sys(p, 'utimensat', [AT_FDCWD, PATH, ts32([T0 + 5, 0], [T0 + 6, 0]), AT_SYMLINK_NOFOLLOW]).so).toBe(0);
    expect(seconds(lstatSync(link, { bigint: true }).mtimeNs)).toBe(T0 + 6);
    expect(times()).toEqual({ atime: T0 + 3, mtime: T0 + 4 });
  });
});

describe('utimes, futimesat, utime', () => {
  it('take timevals (usec out of range: EINVAL before the lookup) and utimbufs', () => {
    [T0 + 10, 250_000, T0 + 11, 0].forEach((v, i) => p.um.setU32(TIMES + 4 * i, v));
    expect(sys(p, 'utimes', [PATH, TIMES]).so).toBe(0);
    expect(times()).toEqual({ atime: T0 + 10, mtime: T0 + 11 });
    expect(sys(p, 'futimesat', [AT_FDCWD, PATH, TIMES]).so).toBe(0);
    p.um.setU32(TIMES + 4, 1_000_000);
    putString(p, PATH, join(dir, 'missing'));
    expect(sys(p, 'utimes', [PATH, TIMES])).toMatchObject({ so: 1, r3: Errno.EINVAL });
    p.um.setU32(TIMES + 4, 0);
    expect(sys(p, 'utimes', [PATH, TIMES])).toMatchObject({ so: 1, r3: Errno.ENOENT });
    putString(p, PATH, file);
    [T0 + 20, T0 + 21].forEach((v, i) => p.um.setU32(TIMES + 4 * i, v));
    expect(sys(p, 'utime', [PATH, TIMES]).so).toBe(0);
    expect(times()).toEqual({ atime: T0 + 20, mtime: T0 + 21 });
  });
});
