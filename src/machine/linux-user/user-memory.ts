import { type FlatMemory, PAGE_SHIFT, PAGE_SIZE, Prot } from '../../runtime/flat-memory.js';
import { Errno, SyscallError } from './abi.js';

/**
 * Kernel-side access to guest memory (copy_from_user / copy_to_user): bulk copies that check
 * the page protections and fail with EFAULT, as the kernel does for a bad user pointer.
 */
export class UserMemory {
  private readonly dv: DataView;
  constructor(readonly mem: FlatMemory) {
    this.dv = new DataView(mem.buffer);
  }

  /** Throws EFAULT unless [addr, addr+len) is mapped with `need`. */
  check(addr: number, len: number, need: number): void {
    addr >>>= 0;
    if (len === 0) return;
    if (addr + len > 2 ** 32) throw new SyscallError(Errno.EFAULT);
    const last = (addr + len - 1) >>> PAGE_SHIFT;
    for (let p = addr >>> PAGE_SHIFT; p <= last; p++) {
      if ((this.mem.prot[p] & need) === 0) throw new SyscallError(Errno.EFAULT);
    }
  }

  /** A view of guest bytes (valid until the next guest write). */
  read(addr: number, len: number): Uint8Array {
    this.check(addr, len, Prot.Read);
    return this.mem.bytes.subarray(addr >>> 0, (addr >>> 0) + len);
  }
  /** Writes bytes, keeping translated code coherent (a read() into code is a store too). */
  write(addr: number, data: Uint8Array): void {
    this.check(addr, data.length, Prot.Write);
    this.mem.bytes.set(data, addr >>> 0);
    this.noteWrite(addr, data.length);
  }
  /** A writable view for the kernel to fill (e.g. read(2) straight into guest memory). */
  writable(addr: number, len: number): Uint8Array {
    this.check(addr, len, Prot.Write);
    this.noteWrite(addr, len);
    return this.mem.bytes.subarray(addr >>> 0, (addr >>> 0) + len);
  }
  /**
   * The writable prefix of [addr, addr+len): Linux's read() copies until the first bad page and
   * fails with EFAULT only when nothing could be copied, so a short file read into a buffer that
   * is smaller than `count` still succeeds.
   */
  writablePrefix(addr: number, len: number): Uint8Array {
    addr >>>= 0;
    if (len === 0) return this.mem.bytes.subarray(addr, addr);
    let end = addr;
    const limit = Math.min(addr + len, 2 ** 32);
    while (end < limit && (this.mem.prot[end >>> PAGE_SHIFT] & Prot.Write) !== 0) {
      end = Math.min(limit, (Math.floor(end / PAGE_SIZE) + 1) * PAGE_SIZE);
    }
    if (end === addr) throw new SyscallError(Errno.EFAULT);
    this.noteWrite(addr, end - addr);
    return this.mem.bytes.subarray(addr, end);
  }

  private noteWrite(addr: number, len: number): void {
    if (len === 0) return;
    const last = ((addr >>> 0) + len - 1) >>> PAGE_SHIFT;
    for (let p = (addr >>> 0) >>> PAGE_SHIFT; p <= last; p++) {
      if (this.mem.codePages[p]) this.mem.onCodeWrite(p * PAGE_SIZE);
    }
  }

  u32(addr: number): number {
    this.check(addr, 4, Prot.Read);
    return this.dv.getUint32(addr >>> 0, false);
  }
  i32(addr: number): number {
    return this.u32(addr) | 0;
  }
  setU32(addr: number, v: number): void {
    this.check(addr, 4, Prot.Write);
    this.dv.setUint32(addr >>> 0, v >>> 0, false);
    this.noteWrite(addr, 4);
  }
  /** A 64-bit value as a JS number (exact below 2^53). */
  u64(addr: number): number {
    return this.u32(addr) * 2 ** 32 + this.u32(addr + 4);
  }
  setU64(addr: number, v: number): void {
    const n = Math.max(0, Math.floor(v));
    this.setU32(addr, Math.floor(n / 2 ** 32));
    this.setU32(addr + 4, n % 2 ** 32);
  }
  setI64(addr: number, v: number): void {
    const n = BigInt.asUintN(64, BigInt(Math.trunc(v)));
    this.setU32(addr, Number(n >> 32n));
    this.setU32(addr + 4, Number(n & 0xffffffffn));
  }

  /** A NUL-terminated string (EFAULT if it runs into unmapped memory; ENAMETOOLONG past `max`). */
  cstring(addr: number, max = 4096): string {
    addr >>>= 0;
    const bytes = this.mem.bytes;
    let end = addr;
    while (true) {
      if ((this.mem.prot[end >>> PAGE_SHIFT] & Prot.Read) === 0) throw new SyscallError(Errno.EFAULT);
      if (bytes[end] === 0) break;
      end++;
      if (end - addr > max) throw new SyscallError(36 /* ENAMETOOLONG */);
    }
    return Buffer.from(bytes.buffer, addr, end - addr).toString('latin1');
  }
}

/** Packs fields into a big-endian struct image. */
export class StructWriter {
  readonly bytes: Uint8Array;
  private readonly dv: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.dv = new DataView(this.bytes.buffer);
  }
  u16(off: number, v: number): this {
    this.dv.setUint16(off, v, false);
    return this;
  }
  u32(off: number, v: number): this {
    this.dv.setUint32(off, v >>> 0, false);
    return this;
  }
  /** A 64-bit field from a (possibly bigint) value; negative values wrap. */
  u64(off: number, v: number | bigint): this {
    this.dv.setBigUint64(off, BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v))), false);
    return this;
  }
}
