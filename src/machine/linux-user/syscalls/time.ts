import { Errno, SyscallError } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { StructWriter } from '../user-memory.js';
import { type SyscallDef, sig } from './types.js';

const NS_PER_S = 1_000_000_000n;
const start = process.hrtime.bigint();
const realAtStart = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

/** Nanoseconds of clock `id` (CLOCK_REALTIME 0, MONOTONIC 1, PROCESS/THREAD_CPUTIME 2/3, …). */
export function clockNs(id: number): bigint {
  switch (id) {
    case 0:
    case 5: // REALTIME_COARSE
    case 8: // REALTIME_ALARM
    case 11: // TAI (no leap-second offset kept)
      return realAtStart + (process.hrtime.bigint() - start);
    case 1:
    case 4:
    case 6:
    case 7:
    case 9:
      return process.hrtime.bigint();
    case 2:
    case 3: {
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * 1000n;
    }
    default:
      throw new SyscallError(Errno.EINVAL);
  }
}

const timespec32 = (ns: bigint) =>
  new StructWriter(8).u32(0, Number(BigInt.asUintN(32, ns / NS_PER_S))).u32(4, Number(ns % NS_PER_S)).bytes;
const timespec64 = (ns: bigint) => new StructWriter(16).u64(0, ns / NS_PER_S).u64(8, ns % NS_PER_S).bytes;

function readTimespec(p: LinuxProcess, addr: number, wide: boolean): bigint {
  const sec = wide ? BigInt(p.um.u32(addr)) * 2n ** 32n + BigInt(p.um.u32(addr + 4)) : BigInt(p.um.i32(addr));
  const nsec = BigInt(wide ? p.um.u32(addr + 12) : p.um.u32(addr + 4));
  if (nsec >= NS_PER_S || sec < 0n) throw new SyscallError(Errno.EINVAL);
  return sec * NS_PER_S + nsec;
}

function sleepNs(ns: bigint): void {
  const ms = Number(ns) / 1e6;
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const TIMER_ABSTIME = 1;

function clockNanosleep(p: LinuxProcess, clock: number, flags: number, req: number, wide: boolean): number {
  const ns = readTimespec(p, req, wide);
  sleepNs(flags & TIMER_ABSTIME ? ns - clockNs(clock) : ns);
  return 0;
}

export const timeSyscalls: Record<string, SyscallDef> = {
  clock_gettime: sig((p, a) => {
    p.um.write(a[1], timespec32(clockNs(a[0])));
    return 0;
  }, 'ix'),
  clock_gettime64: sig((p, a) => {
    p.um.write(a[1], timespec64(clockNs(a[0])));
    return 0;
  }, 'ix'),
  clock_getres: sig((p, a) => {
    if (a[1] !== 0) p.um.write(a[1], timespec32(1n));
    return 0;
  }, 'ix'),
  clock_getres_time64: sig((p, a) => {
    if (a[1] !== 0) p.um.write(a[1], timespec64(1n));
    return 0;
  }, 'ix'),
  gettimeofday: sig((p, a) => {
    const ns = clockNs(0);
    if (a[0] !== 0) {
      const us = ns / 1000n;
      p.um.write(a[0], new StructWriter(8).u32(0, Number(us / 1_000_000n)).u32(4, Number(us % 1_000_000n)).bytes);
    }
    if (a[1] !== 0) p.um.write(a[1], new Uint8Array(8));
    return 0;
  }, 'xx'),
  time: sig((p, a) => {
    const sec = Number(clockNs(0) / NS_PER_S);
    if (a[0] !== 0) p.um.setU32(a[0], sec);
    return sec;
  }, 'x'),
  nanosleep: sig((p, a) => {
    sleepNs(readTimespec(p, a[0], false));
    return 0;
  }, 'xx'),
  clock_nanosleep: sig((p, a) => clockNanosleep(p, a[0], a[1], a[2], false), 'ixxx'),
  clock_nanosleep_time64: sig((p, a) => clockNanosleep(p, a[0], a[1], a[2], true), 'ixxx'),
};
