import { Errno, Sig, SyscallError } from '../abi.js';
import type { LinuxProcess } from '../linux-process.js';
import { StructWriter } from '../user-memory.js';
import { NO_RESULT, type SyscallDef, sig } from './types.js';

const readSet = (p: LinuxProcess, addr: number) => (BigInt(p.um.u32(addr + 4)) << 32n) | BigInt(p.um.u32(addr));
const setImage = (set: bigint) =>
  new StructWriter(8).u32(0, Number(set & 0xffffffffn)).u32(4, Number(set >> 32n)).bytes;

/** struct sigaction (ppc32 kernel): handler, flags, restorer, 64-bit mask (sig[0] first). */
function rtSigaction(p: LinuxProcess, signo: number, act: number, oact: number, size: number): number {
  if (size !== 8 || signo < 1 || signo > 64) throw new SyscallError(Errno.EINVAL);
  const cur = p.signals.actions[signo];
  if (oact !== 0) {
    const w = new StructWriter(20).u32(0, cur.handler).u32(4, cur.flags).u32(8, cur.restorer);
    w.bytes.set(setImage(cur.mask), 12);
    p.um.write(oact, w.bytes);
  }
  if (act !== 0) {
    if (signo === Sig.SIGKILL || signo === Sig.SIGSTOP) throw new SyscallError(Errno.EINVAL);
    p.signals.actions[signo] = {
      handler: p.um.u32(act),
      flags: p.um.u32(act + 4),
      restorer: p.um.u32(act + 8),
      mask: readSet(p, act + 12),
    };
  }
  return 0;
}

export const signalSyscalls: Record<string, SyscallDef> = {
  rt_sigaction: sig((p, a) => rtSigaction(p, a[0], a[1], a[2], a[3]), 'ixxu'),
  rt_sigprocmask: sig((p, a) => {
    if (a[3] !== 8) throw new SyscallError(Errno.EINVAL);
    const old = p.signals.mask;
    if (a[1] !== 0) {
      if (a[0] > 2) throw new SyscallError(Errno.EINVAL);
      p.signals.setMask(a[0], readSet(p, a[1]));
    }
    if (a[2] !== 0) p.um.write(a[2], setImage(old));
    return 0;
  }, 'ixxu'),
  rt_sigpending: sig((p, a) => {
    p.um.write(a[0], setImage(0n));
    return 0;
  }, 'xu'),
  sigaltstack: sig((p, a) => {
    const st = p.signals.altStack;
    if (a[1] !== 0) {
      p.um.write(a[1], new StructWriter(12).u32(0, st.sp).u32(4, st.flags).u32(8, st.size).bytes);
    }
    if (a[0] !== 0) {
      const flags = p.um.u32(a[0] + 4);
      if (flags & ~2) throw new SyscallError(Errno.EINVAL);
      const size = p.um.u32(a[0] + 8);
      if (!(flags & 2) && size < 2048) throw new SyscallError(Errno.ENOMEM);
      p.signals.altStack = { sp: p.um.u32(a[0]), flags, size };
    }
    return 0;
  }, 'xx'),
  rt_sigreturn: sig((p) => {
    p.s.pc = p.signals.sigreturn(p.s);
    return NO_RESULT;
  }),
};
