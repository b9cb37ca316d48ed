import type { CpuModel } from '../../cpu/models.js';
import { type CpuState, R } from '../../runtime/cpu-state.js';
import { MSR } from '../../runtime/interrupts.js';
import { DEFAULT_IGNORED, SiCode, Sig } from './abi.js';
import { TRAMPOLINE } from './address-space.js';
import { NR } from './syscall-names.js';
import { StructWriter, type UserMemory } from './user-memory.js';

export const SIG_DFL = 0;
export const SIG_IGN = 1;
export const SA_ONSTACK = 0x08000000;
export const SA_RESETHAND = 0x80000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESTART = 0x10000000;
export const SA_NOCLDWAIT = 2;

export interface SigAction {
  handler: number;
  flags: number;
  restorer: number;
  /** sa_mask: bit (n-1) of the 64-bit set = signal n. */
  mask: bigint;
}

export interface SigInfo {
  signo: number;
  code: number;
  /** si_addr for faults, or si_pid for kill/tgkill/SIGCHLD. */
  addrOrPid: number;
  /** si_uid for kill/tgkill/SIGCHLD. */
  uid?: number;
  /** si_status for SIGCHLD (exit code or signal). */
  status?: number;
}

/** Signals that cannot be caught, blocked or ignored. */
const UNBLOCKABLE = (1n << BigInt(Sig.SIGKILL - 1)) | (1n << BigInt(Sig.SIGSTOP - 1));
const bit = (sig: number) => 1n << BigInt(sig - 1);

/** __SIGNAL_FRAMESIZE for ppc32 (asm/ptrace.h): the caller frame the handler may use. */
const SIGNAL_FRAMESIZE = 64;
/** struct rt_sigframe (ppc32, arch/powerpc/kernel/signal_32.c): siginfo 128, ucontext, abigap[56]. */
const SIGINFO_SIZE = 128;
const UCONTEXT_SIZE = 1184;
const RT_SIGFRAME_SIZE = SIGINFO_SIZE + UCONTEXT_SIZE + 56 * 4;
/** Offsets inside struct ucontext (ppc32, asm/ucontext.h). */
const UC_STACK = 8;
const UC_REGS = 48;
const UC_SIGMASK = 52;
const UC_MCONTEXT = 192;
/** Offsets inside struct mcontext: 48 gregs, 33 fregs (fpscr last), mc_pad[2], vregs (16-aligned). */
const MC_FREGS = 192;
const MC_PAD = 456;
const MC_VREGS = 464;
/** pt_regs slots in mc_gregs (asm/ptrace.h PT_*). */
const PT = { NIP: 32, MSR: 33, ORIG_R3: 34, CTR: 35, LNK: 36, XER: 37, CCR: 38, MQ: 39, TRAP: 40, DAR: 41, DSISR: 42 };

const li = (rd: number, imm: number) => ((14 << 26) | (rd << 21) | (imm & 0xffff)) >>> 0;
const SC = 0x44000002;
/** The trampoline the handler returns through: `li r0, __NR_rt_sigreturn; sc` (as the kernel writes). */
export const SIGRETURN_CODE = [li(0, NR.rt_sigreturn), SC];

/** What signal delivery uses of its process (a LinuxProcess). */
export interface SignalTarget {
  readonly pid: number;
  readonly exited: boolean;
  readonly um: UserMemory;
  readonly model: CpuModel;
  readonly kernel: { wake(): void };
  terminateBySignal(signo: number): void;
}

/**
 * Signal dispositions, mask and pending set of the (single-threaded) guest, and the ppc32
 * rt signal frame: what Linux's handle_rt_signal32 builds and sys_rt_sigreturn restores.
 */
export class SignalState {
  readonly actions: SigAction[] = Array.from({ length: 65 }, () => ({ handler: 0, flags: 0, restorer: 0, mask: 0n }));
  mask = 0n;
  private pending: SigInfo[] = [];
  altStack = { sp: 0, flags: 2 /* SS_DISABLE */, size: 0 };
  /** rt_sigsuspend's mask to put back once the signal that ended it was delivered. */
  savedMask: bigint | undefined;

  constructor(private readonly p: SignalTarget) {}

  /** A signal sent by kill/tgkill/raise to ourselves: delivered after the syscall returns. */
  raiseSignal(signo: number): void {
    this.queue({ signo, code: SiCode.SI_TKILL, addrOrPid: this.p.pid, uid: process.getuid?.() ?? 0 });
  }

  /**
   * Queues a signal (from this or another process). As in the kernel's send_signal, an ignored
   * unblocked signal is dropped at once and a standard signal (< SIGRTMIN = 32) already pending
   * is not queued twice. Wakes the scheduler (a blocked process may now be interrupted).
   */
  queue(info: SigInfo): void {
    const act = this.actions[info.signo];
    const blocked = (this.mask & bit(info.signo)) !== 0n;
    const ignored = act.handler === SIG_IGN || (act.handler === SIG_DFL && DEFAULT_IGNORED.has(info.signo));
    if (ignored && !blocked) return;
    if (info.signo < 32 && this.pending.some((i) => i.signo === info.signo)) return;
    this.pending.push(info);
    this.p.kernel.wake();
  }

  /** Does the first deliverable signal have a handler installed with SA_RESTART? */
  firstRestarts(): boolean {
    const info = this.pending.find((i) => (this.mask & bit(i.signo)) === 0n);
    if (!info) return false;
    const act = this.actions[info.signo];
    return act.handler !== SIG_DFL && act.handler !== SIG_IGN && (act.flags & SA_RESTART) !== 0;
  }

  /** Puts back the mask rt_sigsuspend replaced, when no handler frame took it. */
  restoreSavedMask(): void {
    if (this.savedMask === undefined) return;
    this.mask = this.savedMask;
    this.savedMask = undefined;
  }

  /** fork: the child inherits dispositions, mask and alternate stack, not pending signals. */
  copyFrom(parent: SignalState): void {
    parent.actions.forEach((a, i) => {
      this.actions[i] = { ...a };
    });
    this.mask = parent.mask;
    this.altStack = { ...parent.altStack };
  }

  /** execve: handled signals revert to SIG_DFL (ignored ones stay ignored); no alternate stack. */
  resetForExec(): void {
    for (const a of this.actions) {
      if (a.handler !== SIG_IGN) Object.assign(a, { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n });
    }
    this.altStack = { sp: 0, flags: 2, size: 0 };
  }

  hasDeliverable(): boolean {
    return this.pending.some((i) => (this.mask & bit(i.signo)) === 0n);
  }

  /**
   * Delivers the first pending unblocked signal to the state at `pc` (the next instruction).
   * Returns the PC to continue at: the handler's, or `pc` when nothing ran.
   */
  deliverPending(s: CpuState, pc: number): number {
    while (!this.p.exited) {
      const i = this.pending.findIndex((info) => (this.mask & bit(info.signo)) === 0n);
      if (i < 0) break;
      const [info] = this.pending.splice(i, 1);
      const next = this.deliver(s, info, pc, false);
      if (next !== pc) return next;
    }
    return pc;
  }

  /**
   * Delivers `info` to the guest interrupted at `pc`. `sync` (a fault at this instruction): a
   * blocked or ignored signal kills the process, as the kernel's force_sig_fault does.
   */
  deliver(s: CpuState, info: SigInfo, pc: number, sync: boolean): number {
    const act = this.actions[info.signo];
    const blocked = (this.mask & bit(info.signo)) !== 0n;
    if (act.handler === SIG_IGN && !sync) return pc;
    if (act.handler === SIG_DFL || (sync && (blocked || act.handler === SIG_IGN))) {
      if (DEFAULT_IGNORED.has(info.signo) && !sync) return pc;
      this.p.terminateBySignal(info.signo);
      return pc;
    }
    return this.setupFrame(s, info, act, pc);
  }

  private setupFrame(s: CpuState, info: SigInfo, act: SigAction, pc: number): number {
    const um = this.p.um;
    let sp = s.gpr[1] >>> 0;
    const onAltStack =
      this.altStack.flags === 0 && sp > this.altStack.sp && sp <= this.altStack.sp + this.altStack.size;
    if (act.flags & SA_ONSTACK && this.altStack.flags === 0 && !onAltStack) {
      sp = this.altStack.sp + this.altStack.size;
    }
    const frame = (sp - RT_SIGFRAME_SIZE) & ~0xf;
    const uc = frame + SIGINFO_SIZE;
    const mc = uc + UC_MCONTEXT;
    try {
      um.write(frame, this.siginfoImage(info));
      const ucw = new StructWriter(UC_MCONTEXT);
      ucw
        .u32(UC_STACK, this.altStack.sp)
        .u32(UC_STACK + 4, this.altStack.flags)
        .u32(UC_STACK + 8, this.altStack.size);
      // After rt_sigsuspend the frame holds the mask from before it, which sigreturn restores.
      ucw.u32(UC_REGS, mc).u64(UC_SIGMASK, this.savedMask ?? this.mask);
      this.savedMask = undefined;
      um.write(uc, ucw.bytes);
      um.write(mc, this.mcontextImage(s, pc));
      const newSp = frame - (SIGNAL_FRAMESIZE + 16);
      um.setU32(newSp, s.gpr[1]); // back chain
      s.gpr[1] = newSp;
    } catch {
      // The stack is unusable (overflow into the guard): the kernel forces SIGSEGV.
      this.p.terminateBySignal(Sig.SIGSEGV);
      return pc;
    }
    s.gpr[3] = info.signo;
    s.gpr[4] = frame;
    s.gpr[5] = uc;
    s.gpr[6] = frame;
    // Linux uses the vDSO's __kernel_sigtramp_rt32 when mapped: our trampoline page plays it.
    s.r[R.LR] = TRAMPOLINE;
    s.r[R.MSR] &= ~MSR.LE;
    if (!(act.flags & SA_NODEFER)) this.mask |= bit(info.signo);
    this.mask = (this.mask | act.mask) & ~UNBLOCKABLE;
    if (act.flags & SA_RESETHAND) act.handler = SIG_DFL;
    return act.handler >>> 0;
  }

  /** siginfo_t: si_signo, si_errno, si_code, then the union (si_addr or si_pid/si_uid). */
  private siginfoImage(info: SigInfo): Uint8Array {
    const w = new StructWriter(SIGINFO_SIZE);
    w.u32(0, info.signo).u32(4, 0).u32(8, info.code).u32(12, info.addrOrPid);
    if (info.uid !== undefined) w.u32(16, info.uid);
    if (info.status !== undefined) w.u32(20, info.status);
    return w.bytes;
  }

  /** struct mcontext: save_user_regs (signal_32.c) + the trampoline in mc_pad. */
  private mcontextImage(s: CpuState, pc: number): Uint8Array {
    const w = new StructWriter(MC_VREGS + 33 * 16);
    for (let n = 0; n < 32; n++) w.u32(4 * n, s.gpr[n]);
    w.u32(4 * PT.NIP, pc)
      .u32(4 * PT.MSR, s.r[R.MSR])
      .u32(4 * PT.ORIG_R3, s.gpr[3])
      .u32(4 * PT.CTR, s.r[R.CTR])
      .u32(4 * PT.LNK, s.r[R.LR])
      .u32(4 * PT.XER, s.xer)
      .u32(4 * PT.CCR, s.r[R.CR]);
    for (let n = 0; n < 32; n++) {
      w.u32(MC_FREGS + 8 * n, s.fprBits[2 * n + 1]).u32(MC_FREGS + 8 * n + 4, s.fprBits[2 * n]);
    }
    w.u32(MC_FREGS + 8 * 32 + 4, s.r[R.FPSCR]);
    w.u32(MC_PAD, SIGRETURN_CODE[0]).u32(MC_PAD + 4, SIGRETURN_CODE[1]);
    if (this.p.model.altivec) {
      for (let i = 0; i < 128; i++) w.u32(MC_VREGS + 4 * i, s.vr[i]);
      w.u32(MC_VREGS + 32 * 16 + 12, s.r[R.VSCR]);
      w.u32(MC_VREGS + 32 * 16, s.r[R.VRSAVE]);
    }
    return w.bytes;
  }

  /** rt_sigreturn: restores the registers and mask saved in the frame at r1 + 64 + 16. */
  sigreturn(s: CpuState): number {
    const um = this.p.um;
    const frame = ((s.gpr[1] >>> 0) + SIGNAL_FRAMESIZE + 16) >>> 0;
    const uc = frame + SIGINFO_SIZE;
    // uc_sigmask holds sig[0] (signals 1–32) first.
    this.mask = ((BigInt(um.u32(uc + UC_SIGMASK + 4)) << 32n) | BigInt(um.u32(uc + UC_SIGMASK))) & ~UNBLOCKABLE;
    const mc = um.u32(uc + UC_REGS);
    for (let n = 0; n < 32; n++) s.gpr[n] = um.u32(mc + 4 * n);
    const pc = um.u32(mc + 4 * PT.NIP);
    // Only MSR[LE] is taken from the frame (restore_user_regs).
    s.r[R.MSR] = (s.r[R.MSR] & ~MSR.LE) | (um.u32(mc + 4 * PT.MSR) & MSR.LE);
    s.r[R.CTR] = um.u32(mc + 4 * PT.CTR);
    s.r[R.LR] = um.u32(mc + 4 * PT.LNK);
    s.xer = um.u32(mc + 4 * PT.XER);
    s.r[R.CR] = um.u32(mc + 4 * PT.CCR);
    for (let n = 0; n < 32; n++) {
      s.fprBits[2 * n + 1] = um.u32(mc + MC_FREGS + 8 * n);
      s.fprBits[2 * n] = um.u32(mc + MC_FREGS + 8 * n + 4);
    }
    s.r[R.FPSCR] = um.u32(mc + MC_FREGS + 8 * 32 + 4);
    if (this.p.model.altivec) {
      for (let i = 0; i < 128; i++) s.vr[i] = um.u32(mc + MC_VREGS + 4 * i);
      s.r[R.VSCR] = um.u32(mc + MC_VREGS + 32 * 16 + 12);
      s.r[R.VRSAVE] = um.u32(mc + MC_VREGS + 32 * 16);
    }
    return pc;
  }

  /** rt_sigprocmask. */
  setMask(how: number, set: bigint): void {
    if (how === 0) this.mask |= set;
    else if (how === 1) this.mask &= ~set;
    else this.mask = set;
    this.mask &= ~UNBLOCKABLE;
  }
}
