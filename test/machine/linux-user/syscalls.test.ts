import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Errno } from '../../../src/machine/linux-user/abi.js';
import { MMAP_BASE } from '../../../src/machine/linux-user/address-space.js';
import { unknownHandlerNames } from '../../../src/machine/linux-user/syscalls/index.js';
import { R } from '../../../src/runtime/cpu-state.js';
import { Prot } from '../../../src/runtime/flat-memory.js';
import { putString, SCRATCH, sys, testProcess, u32 } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ppcjit-sys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('syscall convention (entry_32.S)', () => {
  const p = testProcess();
  it('success clears CR0[SO] only; failure sets it with r3 = positive errno', () => {
    p.s.r[R.CR] = 0x1234567f | 0;
    const ok = sys(p, 'getppid');
    expect(ok.so).toBe(0);
    expect(ok.r3).toBe(process.ppid);
    expect(ok.crRest).toBe(0x0234567f);
    const bad = sys(p, 'close', [77]);
    expect(bad).toMatchObject({ so: 1, r3: Errno.EBADF, crRest: 0x0234567f });
  });
  it('unknown numbers are ENOSYS and the PC moves past the sc', () => {
    p.s.gpr[0] = 9999;
    const next = p.syscall(p.s, 0x10000100);
    expect(next).toBe(0x10000104);
    expect(p.s.gpr[3]).toBe(Errno.ENOSYS);
    expect(sys(p, 'socket').r3).toBe(Errno.ENOSYS);
  });
  it('every handler name is a ppc32 syscall', () => {
    expect(unknownHandlerNames()).toEqual([]);
  });
  it('--trace-syscalls prints name(args) = result, errors with the errno name', () => {
    const trace: string[] = [];
    const q = testProcess('750', [], trace);
    putString(q, SCRATCH, '/nonexistent/file');
    sys(q, 'open', [SCRATCH, 0, 0]);
    sys(q, 'getpid');
    expect(trace).toEqual([
      'open("/nonexistent/file", 0x0, 00) = -1 ENOENT (No such file or directory)',
      `getpid() = ${process.pid}`,
    ]);
  });
});

describe('files', () => {
  const p = testProcess();
  const path = join(dir, 'f.txt');
  it('an empty pathname is ENOENT (open, openat, chdir, access), not the current directory', () => {
    const p = testProcess();
    putString(p, SCRATCH, '');
    expect(sys(p, 'open', [SCRATCH, 0, 0])).toMatchObject({ so: 1, r3: Errno.ENOENT });
    expect(sys(p, 'openat', [-100, SCRATCH, 0, 0])).toMatchObject({ so: 1, r3: Errno.ENOENT });
    expect(sys(p, 'chdir', [SCRATCH])).toMatchObject({ so: 1, r3: Errno.ENOENT });
    expect(sys(p, 'access', [SCRATCH, 0])).toMatchObject({ so: 1, r3: Errno.ENOENT });
  });
  it('open/write/lseek/read/pread64/_llseek/close on a host file', () => {
    putString(p, SCRATCH, path);
    const fd = sys(p, 'open', [SCRATCH, 0o1102 /* O_RDWR|O_CREAT|O_TRUNC */, 0o644]).r3;
    expect(fd).toBe(3);
    putString(p, SCRATCH + 0x100, 'hello world');
    expect(sys(p, 'write', [fd, SCRATCH + 0x100, 11]).r3).toBe(11);
    expect(readFileSync(path, 'utf8')).toBe('hello world');
    expect(sys(p, 'lseek', [fd, 6, 0]).r3).toBe(6);
    expect(sys(p, 'read', [fd, SCRATCH + 0x200, 100]).r3).toBe(5);
    expect(p.um.cstring(SCRATCH + 0x200)).toBe('world');
    expect(sys(p, 'pread64', [fd, SCRATCH + 0x300, 5, 0, 0, 0]).r3).toBe(5);
    expect(Buffer.from(p.um.read(SCRATCH + 0x300, 5)).toString()).toBe('hello');
    expect(sys(p, '_llseek', [fd, 0, 2, SCRATCH + 0x400, 1]).r3).toBe(0);
    expect(p.um.u64(SCRATCH + 0x400)).toBe(13); // SEEK_CUR at 11, offset (hi 0, lo 2)
    expect(sys(p, 'close', [fd]).r3).toBe(0);
    expect(sys(p, 'read', [fd, SCRATCH, 1]).r3).toBe(Errno.EBADF);
  });
  it('read into unmapped memory is EFAULT; a count past the mapping reads what fits', () => {
    putString(p, SCRATCH, path);
    const fd = sys(p, 'open', [SCRATCH, 0, 0]).r3;
    expect(sys(p, 'read', [fd, 0x5000, 4])).toMatchObject({ so: 1, r3: Errno.EFAULT });
    const nearEnd = SCRATCH + 0x10000 - 8; // 8 mapped bytes, then an unmapped page
    expect(sys(p, 'read', [fd, nearEnd, 100000]).r3).toBe(8);
    expect(sys(p, 'read', [fd, nearEnd, 100000]).r3).toBe(3);
    sys(p, 'close', [fd]);
  });
  it('stat64 is the ppc32 big-endian layout', () => {
    writeFileSync(join(dir, 's.bin'), Buffer.alloc(1234));
    putString(p, SCRATCH, join(dir, 's.bin'));
    expect(sys(p, 'stat64', [SCRATCH, SCRATCH + 0x100]).r3).toBe(0);
    const st = SCRATCH + 0x100;
    expect(u32(p, st + 16) & 0o170000).toBe(0o100000);
    expect(p.um.u64(st + 48)).toBe(1234);
    expect(u32(p, st + 20)).toBe(1); // nlink
    expect(Math.abs(u32(p, st + 80) - Date.now() / 1000)).toBeLessThan(100); // mtime
  });
  it('statx reports size and mode', () => {
    putString(p, SCRATCH, join(dir, 's.bin'));
    expect(sys(p, 'statx', [-100, SCRATCH, 0, 0x7ff, SCRATCH + 0x200]).r3).toBe(0);
    expect(p.um.u64(SCRATCH + 0x200 + 40)).toBe(1234);
    expect((p.um.u32(SCRATCH + 0x200 + 28) >>> 16) & 0o170000).toBe(0o100000);
  });
  it('getdents64 lists ., .. and the entries (8-aligned records)', () => {
    const sub = join(dir, 'd');
    putString(p, SCRATCH, sub);
    sys(p, 'mkdir', [SCRATCH, 0o755]);
    writeFileSync(join(sub, 'x'), '');
    const fd = sys(p, 'open', [SCRATCH, 0o40000, 0]).r3;
    const n = sys(p, 'getdents64', [fd, SCRATCH + 0x1000, 4096]).r3;
    const names: string[] = [];
    for (let off = 0; off < n; ) {
      const reclen = p.mem.bytes[SCRATCH + 0x1000 + off + 16] * 256 + p.mem.bytes[SCRATCH + 0x1000 + off + 17];
      expect(reclen % 8).toBe(0);
      names.push(`${p.um.cstring(SCRATCH + 0x1000 + off + 19)}:${p.mem.bytes[SCRATCH + 0x1000 + off + 18]}`);
      off += reclen;
    }
    expect(names.sort()).toEqual(['.:4', '..:4', 'x:8'].sort());
    expect(sys(p, 'getdents64', [fd, SCRATCH + 0x1000, 4096]).r3).toBe(0);
  });
  it('pipes, dup2 and fcntl', () => {
    expect(sys(p, 'pipe', [SCRATCH]).r3).toBe(0);
    const [r, w] = [u32(p, SCRATCH), u32(p, SCRATCH + 4)];
    putString(p, SCRATCH + 0x10, 'abc');
    expect(sys(p, 'write', [w, SCRATCH + 0x10, 3]).r3).toBe(3);
    expect(sys(p, 'dup2', [r, 40]).r3).toBe(40);
    expect(sys(p, 'read', [40, SCRATCH + 0x20, 10]).r3).toBe(3);
    expect(sys(p, 'read', [r, SCRATCH + 0x20, 10]).r3).toBe(Errno.EAGAIN);
    sys(p, 'close', [w]);
    expect(sys(p, 'read', [r, SCRATCH + 0x20, 10])).toMatchObject({ so: 0, r3: 0 });
    expect(sys(p, 'fcntl64', [r, 2, 1]).r3).toBe(0);
    expect(sys(p, 'fcntl64', [r, 1, 0]).r3).toBe(1);
    expect(sys(p, 'fcntl64', [r, 1030, 10]).r3).toBe(10);
    expect(sys(p, 'fstat64', [r, SCRATCH + 0x100]).r3).toBe(0);
    expect(u32(p, SCRATCH + 0x100 + 16) & 0o170000).toBe(0o10000); // S_IFIFO
  });
  it('poll reports pipe readiness and EOF; bad fds are POLLNVAL', () => {
    sys(p, 'pipe', [SCRATCH]);
    const [r, w] = [u32(p, SCRATCH), u32(p, SCRATCH + 4)];
    const pollfd = SCRATCH + 0x100;
    const setPoll = (i: number, fd: number, events: number) => {
      p.um.setU32(pollfd + 8 * i, fd);
      p.um.setU32(pollfd + 8 * i + 4, events << 16);
    };
    setPoll(0, r, 1);
    setPoll(1, w, 4);
    setPoll(2, 999, 1);
    expect(sys(p, 'poll', [pollfd, 3, 0]).r3).toBe(2);
    expect([0, 1, 2].map((i) => p.um.u32(pollfd + 8 * i + 4) & 0xffff)).toEqual([0, 4, 0x20]);
    putString(p, SCRATCH + 0x40, 'x');
    sys(p, 'write', [w, SCRATCH + 0x40, 1]);
    sys(p, 'poll', [pollfd, 1, 0]);
    expect(p.um.u32(pollfd + 4) & 0xffff).toBe(1);
  });
  it('chmod, symlink/readlink, link, truncate64', () => {
    const f = join(dir, 'perm.txt');
    writeFileSync(f, 'abcdef');
    putString(p, SCRATCH, f);
    expect(sys(p, 'chmod', [SCRATCH, 0o600]).r3).toBe(0);
    sys(p, 'stat64', [SCRATCH, SCRATCH + 0x200]);
    expect(u32(p, SCRATCH + 0x200 + 16) & 0o777).toBe(0o600);
    putString(p, SCRATCH + 0x100, join(dir, 'sym'));
    expect(sys(p, 'symlink', [SCRATCH, SCRATCH + 0x100]).r3).toBe(0);
    expect(sys(p, 'readlink', [SCRATCH + 0x100, SCRATCH + 0x400, 200]).r3).toBe(f.length);
    expect(sys(p, 'truncate64', [SCRATCH, 0, 0, 2]).r3).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('ab');
  });
  it('ioctl TCGETS on a non-tty is ENOTTY', () => {
    putString(p, SCRATCH, path);
    const fd = sys(p, 'open', [SCRATCH, 0, 0]).r3;
    expect(sys(p, 'ioctl', [fd, 0x402c7413, SCRATCH + 0x100]).r3).toBe(Errno.ENOTTY);
  });
  it('getcwd/chdir keep a guest cwd; readlink /proc/self/exe is the ELF path', () => {
    putString(p, SCRATCH, dir);
    expect(sys(p, 'chdir', [SCRATCH]).r3).toBe(0);
    expect(sys(p, 'getcwd', [SCRATCH + 0x100, 256]).r3).toBe(dir.length + 1);
    expect(p.um.cstring(SCRATCH + 0x100)).toBe(dir);
    expect(sys(p, 'getcwd', [SCRATCH + 0x100, 2]).r3).toBe(Errno.ERANGE);
    putString(p, SCRATCH, '/proc/self/exe');
    expect(sys(p, 'readlink', [SCRATCH, SCRATCH + 0x100, 256]).r3).toBe('/test/prog'.length);
    putString(p, SCRATCH, 'rel.txt');
    const fd = sys(p, 'open', [SCRATCH, 0o101, 0o600]).r3;
    expect(fd).toBeGreaterThan(2);
    expect(readFileSync(join(dir, 'rel.txt'), 'utf8')).toBe('');
    putString(p, SCRATCH, '.');
    expect(sys(p, 'rmdir', [SCRATCH]).r3).toBe(Errno.EINVAL);
  });
});

describe('memory', () => {
  const p = testProcess();
  it('brk grows from the start, refuses to shrink below it, and new memory is zero', () => {
    expect(sys(p, 'brk', [0]).r3).toBe(0x10100000);
    expect(sys(p, 'brk', [0x10100000 + 5000]).r3).toBe(0x10100000 + 5000);
    expect(p.mem.prot[(0x10100000 + 4096) >>> 12]).toBe(Prot.RW);
    p.mem.w8(0x10100000 + 4999, 9);
    expect(sys(p, 'brk', [0x10100000 + 100]).r3).toBe(0x10100000 + 100);
    expect(sys(p, 'brk', [0x10100000 + 5000]).r3).toBe(0x10100000 + 5000);
    expect(p.mem.r8(0x10100000 + 4999)).toBe(0);
    expect(sys(p, 'brk', [0x1000]).r3).toBe(0x10100000 + 5000);
  });
  it('mmap2 anonymous is first fit and page granular; munmap frees for reuse', () => {
    const a = sys(p, 'mmap2', [0, 5000, 3, 0x22, -1, 0]).r3 >>> 0;
    const b = sys(p, 'mmap2', [0, 4096, 3, 0x22, -1, 0]).r3 >>> 0;
    expect(a).toBe(MMAP_BASE);
    expect(b).toBe(MMAP_BASE + 8192);
    p.mem.w32(a, 0x11223344);
    expect(sys(p, 'munmap', [a, 5000]).r3).toBe(0);
    expect(() => p.mem.r32(a)).toThrow();
    const c = sys(p, 'mmap2', [0, 4096, 3, 0x22, -1, 0]).r3 >>> 0;
    expect(c).toBe(a);
    expect(p.mem.r32(c)).toBe(0);
  });
  it('mprotect changes page protection; mmap of PROT_READ is not writable', () => {
    const a = sys(p, 'mmap', [0, 4096, 1, 0x22, -1, 0]).r3 >>> 0;
    expect(() => p.mem.w8(a, 1)).toThrow();
    expect(sys(p, 'mprotect', [a, 4096, 3]).r3).toBe(0);
    p.mem.w8(a, 1);
    expect(sys(p, 'mprotect', [0x60000000, 4096, 3]).r3).toBe(Errno.ENOMEM);
  });
  it('mremap grows in place or moves, keeping contents', () => {
    const a = sys(p, 'mmap2', [0, 4096, 3, 0x22, -1, 0]).r3 >>> 0;
    sys(p, 'mmap2', [a + 4096, 4096, 3, 0x32 /* FIXED */, -1, 0]);
    p.mem.w32(a, 0xcafe);
    expect(sys(p, 'mremap', [a, 4096, 8192, 0]).r3).toBe(Errno.ENOMEM);
    const moved = sys(p, 'mremap', [a, 4096, 8192, 1]).r3 >>> 0;
    expect(moved).not.toBe(a);
    expect(p.mem.r32(moved)).toBe(0xcafe);
    expect(() => p.mem.r32(a)).toThrow();
  });
  it('file-backed mmap reads the file', () => {
    const path = join(dir, 'm.bin');
    writeFileSync(path, Buffer.from('0123456789'));
    putString(p, SCRATCH, path);
    const fd = sys(p, 'open', [SCRATCH, 0, 0]).r3;
    const a = sys(p, 'mmap2', [0, 10, 1, 2, fd, 0]).r3 >>> 0;
    expect(Buffer.from(p.um.read(a, 10)).toString()).toBe('0123456789');
    expect(p.mem.r8(a + 10)).toBe(0);
  });
});

describe('process and time', () => {
  const p = testProcess();
  it('uname: Linux, machine ppc', () => {
    expect(sys(p, 'uname', [SCRATCH]).r3).toBe(0);
    expect(p.um.cstring(SCRATCH)).toBe('Linux');
    expect(p.um.cstring(SCRATCH + 65 * 4)).toBe('ppc');
  });
  it('clock_gettime64 and gettimeofday agree with the host clock', () => {
    sys(p, 'clock_gettime64', [0, SCRATCH]);
    expect(Math.abs(p.um.u64(SCRATCH) - Date.now() / 1000)).toBeLessThan(5);
    expect(p.um.u64(SCRATCH + 8)).toBeLessThan(1e9);
    sys(p, 'gettimeofday', [SCRATCH + 16, 0]);
    expect(Math.abs(u32(p, SCRATCH + 16) - Date.now() / 1000)).toBeLessThan(5);
    expect(sys(p, 'clock_gettime', [99, SCRATCH]).r3).toBe(Errno.EINVAL);
  });
  it('ugetrlimit(RLIMIT_STACK) is 8 MiB / infinity; prlimit64 64-bit', () => {
    sys(p, 'ugetrlimit', [3, SCRATCH]);
    expect([u32(p, SCRATCH), u32(p, SCRATCH + 4)]).toEqual([8 << 20, 0xffffffff]);
    sys(p, 'prlimit64', [0, 7, 0, SCRATCH]);
    expect(p.um.u64(SCRATCH)).toBe(1024);
  });
  it('futex: WAKE wakes nobody, WAIT on a changed word is EAGAIN', () => {
    p.um.setU32(SCRATCH, 5);
    expect(sys(p, 'futex', [SCRATCH, 0x81, 1]).r3).toBe(0);
    expect(sys(p, 'futex', [SCRATCH, 0x80, 4]).r3).toBe(Errno.EAGAIN);
  });
  it('getrandom fills the buffer', () => {
    expect(sys(p, 'getrandom', [SCRATCH, 64, 0]).r3).toBe(64);
    expect(p.um.read(SCRATCH, 64).some((b) => b !== 0)).toBe(true);
  });
  it('exit_group stops with the status and leaves r3 alone', () => {
    p.s.gpr[3] = 0x12345;
    sys(p, 'exit_group', [0x12345]);
    expect(p.exited).toBe(true);
    expect(p.exitStatus).toBe(0x45);
  });
});
