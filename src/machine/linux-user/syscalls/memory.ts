import { readSync } from 'node:fs';
import { PAGE_SIZE, Prot } from '../../../runtime/flat-memory.js';
import { Errno, SyscallError } from '../abi.js';
import { MMAP_END, pageUp } from '../address-space.js';
import type { LinuxProcess } from '../linux-process.js';
import { type SyscallDef, sig } from './types.js';

const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const MAP_FIXED_NOREPLACE = 0x100000;
const MREMAP_MAYMOVE = 1;
const MREMAP_FIXED = 2;

function mmap(p: LinuxProcess, addr: number, length: number, prot: number, flags: number, fd: number, offset: number) {
  if (length === 0 || addr % PAGE_SIZE !== 0) throw new SyscallError(Errno.EINVAL);
  const len = pageUp(length);
  if (len > 2 ** 32 - PAGE_SIZE) throw new SyscallError(Errno.ENOMEM);
  const anonymous = (flags & MAP_ANONYMOUS) !== 0;
  const file = anonymous ? undefined : p.fds.get(fd);
  let start: number | undefined;
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr + len > 2 ** 32) throw new SyscallError(Errno.EINVAL);
    if (flags & MAP_FIXED_NOREPLACE && !p.as.isFree(addr, len)) throw new SyscallError(Errno.EEXIST);
    start = addr;
  } else {
    // A hint is honoured when the range is free, as Linux does.
    if (addr !== 0 && addr + len <= MMAP_END && p.as.isFree(addr, len)) start = addr;
    else start = p.as.findFree(len);
  }
  if (start === undefined) throw new SyscallError(Errno.ENOMEM);
  p.as.mapFixed(start, len, prot & Prot.RWX);
  p.codeChanged(start, len);
  if (file?.path !== undefined) p.as.label(start, start + len, file.path, offset, true);
  if (file) {
    // A private copy of the file's bytes (MAP_SHARED writes are not written back).
    const view = p.mem.bytes.subarray(start, start + length);
    let done = 0;
    while (done < length) {
      const n = readSync(file.hostFd, view, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
  }
  return start;
}

function mremap(p: LinuxProcess, old: number, oldLen: number, newLen: number, flags: number): number {
  if (old % PAGE_SIZE !== 0 || newLen === 0 || flags & MREMAP_FIXED) throw new SyscallError(Errno.EINVAL);
  const oldSize = pageUp(oldLen);
  const newSize = pageUp(newLen);
  if (!p.as.isMapped(old, oldSize)) throw new SyscallError(Errno.EFAULT);
  if (newSize <= oldSize) {
    if (newSize < oldSize) p.as.unmap(old + newSize, oldSize - newSize);
    return old;
  }
  const prot = p.mem.prot[old >>> 12];
  if (old + newSize <= MMAP_END && p.as.isFree(old + oldSize, newSize - oldSize)) {
    p.as.mapFixed(old + oldSize, newSize - oldSize, prot);
    p.as.join(old, old + newSize);
    return old;
  }
  if (!(flags & MREMAP_MAYMOVE)) throw new SyscallError(Errno.ENOMEM);
  const moved = p.as.findFree(newSize);
  if (moved === undefined) throw new SyscallError(Errno.ENOMEM);
  p.as.mapFixed(moved, newSize, prot);
  p.mem.bytes.copyWithin(moved, old, old + oldSize);
  p.as.unmap(old, oldSize);
  p.codeChanged(old, oldSize);
  return moved;
}

export const memorySyscalls: Record<string, SyscallDef> = {
  brk: sig((p, a) => p.as.setBrk(a[0]), 'x'),
  mmap: sig((p, a) => mmap(p, a[0], a[1], a[2], a[3], a[4] | 0, a[5]), 'xuxxfx'),
  mmap2: sig((p, a) => mmap(p, a[0], a[1], a[2], a[3], a[4] | 0, a[5] * PAGE_SIZE), 'xuxxfx'),
  munmap: sig((p, a) => {
    if (a[0] % PAGE_SIZE !== 0 || a[1] === 0) throw new SyscallError(Errno.EINVAL);
    p.as.unmap(a[0], pageUp(a[1]));
    p.codeChanged(a[0], pageUp(a[1]));
    return 0;
  }, 'xu'),
  mremap: sig((p, a) => mremap(p, a[0], a[1], a[2], a[3]), 'xuux'),
  mprotect: sig((p, a) => {
    if (a[0] % PAGE_SIZE !== 0) throw new SyscallError(Errno.EINVAL);
    const len = pageUp(a[1]);
    if (!p.as.isMapped(a[0], len)) throw new SyscallError(Errno.ENOMEM);
    p.mem.map(a[0], len, a[2] & Prot.RWX);
    p.codeChanged(a[0], len);
    return 0;
  }, 'xux'),
  madvise: sig(() => 0, 'xux'),
};
