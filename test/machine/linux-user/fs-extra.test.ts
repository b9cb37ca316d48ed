// Where Linux 6.1 and qemu-ppc differ, the kernel's answer (the corpus program fsextra.c compares
// the rest with qemu-ppc).
import { describe, expect, it } from 'vitest';
import { Errno } from '../../../src/machine/linux-user/abi.js';
import { putString, SCRATCH, sys, testProcess } from './helpers.js';

describe('statfs64', () => {
  const p = testProcess();
  putString(p, SCRATCH, '/');
  const buf = SCRATCH + 0x100;
  it('takes only sizeof(struct statfs64) = 88 (qemu-ppc accepts any size)', () => {
    expect(sys(p, 'statfs64', [SCRATCH, 84, buf])).toMatchObject({ so: 1, r3: Errno.EINVAL });
    expect(sys(p, 'statfs64', [SCRATCH, 88, buf])).toMatchObject({ so: 0, r3: 0 });
    expect(p.um.u32(buf + 4)).toBeGreaterThan(0); // f_bsize
    expect(p.um.u32(buf + 56)).toBe(255); // f_namelen
    expect(p.um.u32(buf + 60)).toBe(p.um.u32(buf + 4)); // f_frsize
  });
  it('reports pipefs for a pipe', () => {
    sys(p, 'pipe', [SCRATCH + 0x200]);
    expect(sys(p, 'fstatfs64', [p.um.u32(SCRATCH + 0x200), 88, buf]).so).toBe(0);
    expect(p.um.u32(buf)).toBe(0x50495045);
  });
  it('EFAULT for an unmapped buffer or path', () => {
    expect(sys(p, 'statfs64', [SCRATCH, 88, 0x5000])).toMatchObject({ so: 1, r3: Errno.EFAULT });
    expect(sys(p, 'statfs64', [0x5000, 88, buf])).toMatchObject({ so: 1, r3: Errno.EFAULT });
  });
});

describe('chown', () => {
  it('ids of 2^31 and above are ids, not a host RangeError (EIO): the path is looked up first (fuzz: syscalls)', () => {
    const p = testProcess();
    putString(p, SCRATCH, '/nonexistent-ppcjit/x');
    expect(sys(p, 'lchown', [SCRATCH, 0, 0xdead0000])).toMatchObject({ so: 1, r3: Errno.ENOENT });
    expect(sys(p, 'chown', [SCRATCH, 0x80000000, 0xffffffff])).toMatchObject({ so: 1, r3: Errno.ENOENT });
  });
});

describe('create modes', () => {
  it('a mode with bits above 07777 is masked as the kernel does, not a host RangeError (EIO; fuzz: syscalls)', () => {
    const p = testProcess();
    putString(p, SCRATCH, '/nonexistent-ppcjit/x');
    expect(sys(p, 'open', [SCRATCH, 0o101 /* O_WRONLY|O_CREAT */, 0xffffffff])).toMatchObject({
      so: 1,
      r3: Errno.ENOENT,
    });
    expect(sys(p, 'mkdir', [SCRATCH, 0xffffffff])).toMatchObject({ so: 1, r3: Errno.ENOENT });
  });
});
