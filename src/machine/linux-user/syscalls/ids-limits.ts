import { randomFillSync } from 'node:crypto';
import * as os from 'node:os';
import { Errno, SyscallError } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { StructWriter } from '../user-memory.js';
import { NO_RESULT, type SyscallDef, sig } from './types.js';

const uid = () => process.getuid?.() ?? 0;
const gid = () => process.getgid?.() ?? 0;
const euid = () => process.geteuid?.() ?? uid();
const egid = () => process.getegid?.() ?? gid();

/**
 * struct new_utsname: six 65-byte fields. Like qemu-ppc, the release and version are the
 * host's (qemu copies the host uname and only replaces the machine).
 */
function uname(p: LinuxProcess, addr: number): number {
  const fields = ['Linux', os.hostname(), os.release(), os.version(), 'ppc', '(none)'];
  const bytes = new Uint8Array(65 * 6);
  fields.forEach((f, i) => bytes.set(Buffer.from(f, 'utf8').subarray(0, 64), 65 * i));
  p.um.write(addr, bytes);
  return 0;
}

const RLIM64_INFINITY = 2n ** 64n - 1n;
const RLIMIT_STACK = 3;
const RLIMIT_NOFILE = 7;
/** [soft, hard] limits reported to the guest. */
function rlimit(p: LinuxProcess, resource: number): [bigint, bigint] {
  if (resource === RLIMIT_STACK) return [BigInt(p.stackSize), RLIM64_INFINITY];
  if (resource === RLIMIT_NOFILE) return [1024n, 1024n];
  if (resource > 15) throw new SyscallError(Errno.EINVAL);
  return [RLIM64_INFINITY, RLIM64_INFINITY];
}
/** 32-bit struct rlimit: values ≥ 2^32-1 read as RLIM_INFINITY (ugetrlimit). */
function writeRlimit32(p: LinuxProcess, addr: number, [cur, max]: [bigint, bigint]) {
  const clamp = (v: bigint) => (v >= 0xffffffffn ? 0xffffffff : Number(v));
  p.um.write(addr, new StructWriter(8).u32(0, clamp(cur)).u32(4, clamp(max)).bytes);
}

/** struct sysinfo (32-bit longs): 64 bytes. */
function sysinfo(p: LinuxProcess, addr: number): number {
  const w = new StructWriter(64);
  const unit = 4096;
  const loads = os.loadavg().map((l) => Math.min(0xffffffff, Math.round(l * 65536)));
  w.u32(0, Math.floor(os.uptime()))
    .u32(4, loads[0])
    .u32(8, loads[1])
    .u32(12, loads[2])
    .u32(16, Math.min(0xffffffff, Math.floor(os.totalmem() / unit)))
    .u32(20, Math.min(0xffffffff, Math.floor(os.freemem() / unit)))
    .u16(40, 1)
    .u32(52, unit);
  p.um.write(addr, w.bytes);
  return 0;
}

export const idsLimitsSyscalls: Record<string, SyscallDef> = {
  exit: sig((p, a) => {
    // One thread ends. The leader's exit while other threads run is taken as exit_group here
    // (Linux keeps the process until its last thread ends; README "Threads").
    if (p.tgid === p.pid) p.kernel.exitGroup(p, a[0] & 0xff);
    else p.exit(a[0] & 0xff);
    return NO_RESULT;
  }, 'i'),
  exit_group: sig((p, a) => {
    p.kernel.exitGroup(p, a[0] & 0xff);
    return NO_RESULT;
  }, 'i'),
  getpid: sig((p) => p.tgid),
  gettid: sig((p) => p.pid),
  getppid: sig((p) => p.ppid),
  getuid: sig(uid),
  geteuid: sig(euid),
  getgid: sig(gid),
  getegid: sig(egid),
  getresuid: sig((p, a) => {
    for (let i = 0; i < 3; i++) p.um.setU32(a[i], i === 0 ? uid() : euid());
    return 0;
  }, 'xxx'),
  getresgid: sig((p, a) => {
    for (let i = 0; i < 3; i++) p.um.setU32(a[i], i === 0 ? gid() : egid());
    return 0;
  }, 'xxx'),
  uname: sig((p, a) => uname(p, a[0]), 'x'),
  getrandom: sig((p, a) => {
    randomFillSync(p.um.writable(a[0], a[1]));
    return a[1];
  }, 'xux'),
  set_tid_address: sig((p, a) => {
    p.clearChildTid = a[0];
    return p.pid;
  }, 'x'),
  set_robust_list: sig(() => 0, 'xu'),
  prlimit64: sig((p, a) => {
    if (a[0] !== 0 && !p.kernel.processes.has(a[0])) throw new SyscallError(Errno.ESRCH);
    const [cur, max] = rlimit(p, a[1]);
    if (a[3] !== 0) p.um.write(a[3], new StructWriter(16).u64(0, cur).u64(8, max).bytes);
    if (a[2] !== 0 && a[1] === RLIMIT_STACK) p.um.u64(a[2]); // accepted, not enforced
    return 0;
  }, 'iuxx'),
  ugetrlimit: sig((p, a) => {
    writeRlimit32(p, a[1], rlimit(p, a[0]));
    return 0;
  }, 'ux'),
  getrlimit: sig((p, a) => {
    // The old getrlimit clips to 0x7fffffff (kernel sys_old_getrlimit).
    const [cur, max] = rlimit(p, a[0]);
    const clip = (v: bigint) => (v > 0x7fffffffn ? 0x7fffffffn : v);
    writeRlimit32(p, a[1], [clip(cur), clip(max)]);
    return 0;
  }, 'ux'),
  setrlimit: sig(() => 0, 'ux'),
  sysinfo: sig((p, a) => sysinfo(p, a[0]), 'x'),
  sched_getaffinity: sig((p, a) => {
    const cpus = Math.min(32, os.availableParallelism());
    if (a[1] < 4) throw new SyscallError(Errno.EINVAL);
    const mask = cpus === 32 ? 0xffffffff : (1 << cpus) - 1;
    p.um.write(a[2], new StructWriter(4).u32(0, mask).bytes);
    return 4;
  }, 'iux'),
  sched_yield: sig(() => 0),
  getrusage: sig((p, a) => {
    // struct rusage (32-bit): ru_utime, ru_stime (timeval), then 14 longs.
    const u = process.cpuUsage();
    const w = new StructWriter(72);
    w.u32(0, Math.floor(u.user / 1e6))
      .u32(4, u.user % 1e6)
      .u32(8, Math.floor(u.system / 1e6))
      .u32(12, u.system % 1e6);
    w.u32(16, Math.round(process.memoryUsage.rss() / 1024));
    p.um.write(a[1], w.bytes);
    return 0;
  }, 'ix'),
  times: sig((p, a) => {
    const u = process.cpuUsage();
    const ticks = (us: number) => Math.floor(us / 10_000); // USER_HZ 100
    if (a[0] !== 0) p.um.write(a[0], new StructWriter(16).u32(0, ticks(u.user)).u32(4, ticks(u.system)).bytes);
    return Math.floor(os.uptime() * 100) >>> 0;
  }, 'x'),
  prctl: sig(() => {
    throw new SyscallError(Errno.EINVAL);
  }, 'ixxxx'),
};
