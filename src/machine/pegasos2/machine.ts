import { facilitiesOf } from '../../cpu/facilities.js';
import type { CpuModel } from '../../cpu/models.js';
import { Spr } from '../../cpu/spr.js';
import { Engine } from '../../jit/engine.js';
import { type CpuState, R, CpuState as State } from '../../runtime/cpu-state.js';
import { deliverOea, MSR, Vector } from '../../runtime/interrupts.js';
import type { Runtime } from '../../runtime/runtime.js';
import { selectScStub } from '../../runtime/sc.js';
import { vofBootState } from '../../vof/boot.js';
import type { Vof, VofMemory } from '../../vof/client-interface.js';
import { CLIENT_ENTRY_ADDR, type VofEntryMode } from '../../vof/firmware.js';
import { vofHypercalls } from '../../vof/hypercall.js';
import { saveComponents } from '../component.js';
import { Uart16550 } from '../devices/uart16550.js';
import { ViaIde } from '../devices/via-ide.js';
import { type Elf32, PT_LOAD } from '../elf.js';
import { DETERMINISTIC_START_DATE_MS, InstructionClock } from '../system/instruction-clock.js';
import { SystemMemory } from '../system/system-memory.js';
import { createSystemRuntime } from '../system/system-runtime.js';
import { TimeBase } from '../system/time-base.js';
import type { MachineStats, SavedMachine, StopReason, SystemMachine } from '../system-machine.js';
import { pegasos2CpuInfo, pegasos2Tree } from './device-tree.js';
import { IsaIo, SERIAL_PORT } from './isa-io.js';
import { pegasos2Components } from './machine-state.js';
import { MV64361_BASE, MV64361_SIZE, Mv64361 } from './mv64361.js';
import { addHypervisorNode, epaprHandler, osiHandler, type ParavirtMachine } from './paravirt.js';
import { PciConfigSpace } from './pci-config.js';
import { pegasos2Rtas, type RtasMachine } from './rtas.js';

/** Board constants (QEMU 7.2 hw/ppc/pegasos2.c and the device tree it builds). */
export const PEGASOS2 = {
  isaIoBase: 0xfe000000,
  isaIoSize: 0x10000,
  romBase: 0xfff00000,
  romSize: 0x80000,
  timebaseHz: 33_333_333,
  defaultRamMb: 512,
  maxRamMb: 2048,
} as const;

const HID1 = 1009;

/** Blocks run between two looks at pending interrupts and the clock. */
const INTERRUPT_POLL_BLOCKS = 256;

export type { StopReason } from '../system-machine.js';

export interface Pegasos2Options {
  model: CpuModel;
  ramMb: number;
  /** A RAM buffer to reuse (see SystemMemory.recycle); default a new one. */
  ram?: ArrayBuffer;
  kernel?: Elf32;
  initrd?: Uint8Array;
  bootargs?: string;
  vofEntry: VofEntryMode;
  /** Intercept MOL OSI calls (implied by vofEntry 'osi'). */
  osi?: boolean;
  /** Intercept ePAPR hypercalls and advertise them in /hypervisor (implied by vofEntry 'epapr'). */
  epapr?: boolean;
  /** Console bytes from the UART and from VOF `write` on stdout. */
  output: (bytes: Uint8Array) => void;
  traceSc?: (line: string) => void;
  /** Wall-clock time source for the time base (tests pass a fake). */
  nowMs?: () => number;
  /** The RTC's date at power-on (ms since the epoch); default: now (deterministic: 2026-01-01). */
  startDateMs?: number;
  /**
   * Guest time (time base, decrementer, RTC) follows retired guest instructions, not the host
   * clock (src/machine/system/instruction-clock.ts): the same boot gives the same output.
   */
  deterministic?: boolean;
}

/** The options a machine is rebuilt with (the kernel and initrd live on in RAM and the tree). */
export interface Pegasos2Config {
  cpu: string;
  ramMb: number;
  bootargs?: string;
  vofEntry: VofEntryMode;
  osi: boolean;
  epapr: boolean;
  /** Guest time from retired instructions (InstructionClock) rather than the host clock. */
  deterministic: boolean;
}

export function pegasos2Config(options: Pegasos2Options): Pegasos2Config {
  return {
    cpu: options.model.name,
    ramMb: options.ramMb,
    bootargs: options.bootargs,
    vofEntry: options.vofEntry,
    osi: options.osi ?? false,
    epapr: options.epapr ?? false,
    deterministic: options.deterministic ?? false,
  };
}

/** Physical load range and entry of a kernel ELF, loaded as QEMU's load_elf does (at p_paddr). */
function kernelLayout(elf: Elf32) {
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD && p.memsz > 0);
  if (loads.length === 0) return undefined;
  const start = Math.min(...loads.map((p) => p.paddr));
  const end = Math.max(...loads.map((p) => p.paddr + p.memsz));
  const first = loads[0];
  const entry = (elf.entry - first.vaddr + first.paddr) >>> 0;
  return { loads, start, size: end - start, entry };
}

/**
 * The Genesi/bPlan Pegasos II as QEMU 7.2 models it when no -bios is given: RAM at 0, the
 * VT8231 ISA window with the 16550 console at port 0x2f8, an empty ROM, and VOF serving the
 * client interface and RTAS through the vhyp path of the sc stub (or OSI / ePAPR with
 * --vof-entry).
 */
export class Pegasos2 implements SystemMachine {
  readonly name = 'pegasos2';
  readonly s: CpuState = new State();
  readonly memory: SystemMemory;
  readonly engine: Engine;
  readonly uart: Uart16550;
  readonly isa: IsaIo;
  readonly timeBase: TimeBase;
  readonly pci = new PciConfigSpace();
  readonly vof: Vof;
  readonly runtime: Runtime;
  stopReason: StopReason | undefined;
  readonly mv64361: Mv64361;
  /** The RTC's origin: guest ticks and date at power-on (a restored snapshot sets both). */
  startTicks: number;
  startDateMs: number;

  /** Deterministic mode's guest clock (undefined: guest time follows the host clock). */
  readonly clock: InstructionClock | undefined;

  constructor(readonly options: Pegasos2Options) {
    const ramSize = options.ramMb * 1024 * 1024;
    this.memory = new SystemMemory(ramSize, this.s, options.ram);
    // The VT8231 serial port at 0x2f8 is COM2: ISA IRQ 3.
    this.uart = new Uart16550(
      (b) => options.output(Uint8Array.of(b)),
      (level) => this.isa.pic.setLine(3, level),
    );
    // The VT8231 IDE (00:0c.1) decodes its BARs; its channels interrupt on ISA IRQ 14 and 15.
    const ide = new ViaIde({ read: (reg, size) => this.pci.read(0, (97 << 8) | reg, size) }, (irq, level) =>
      this.isa.pic.setLine(irq, level),
    );
    this.isa = new IsaIo(this.uart, ide);
    this.memory.addRegion(PEGASOS2.isaIoBase, PEGASOS2.isaIoSize, this.isa);
    this.mv64361 = new Mv64361(this.isa.pic);
    this.memory.addRegion(MV64361_BASE, MV64361_SIZE, this.mv64361);
    const clock = options.deterministic ? new InstructionClock() : undefined;
    this.clock = clock;
    this.timeBase = new TimeBase(PEGASOS2.timebaseHz, options.nowMs, clock && (() => clock.ticks()));
    this.startTicks = this.timeBase.ticks();
    this.startDateMs = options.startDateMs ?? (clock ? DETERMINISTIC_START_DATE_MS : Date.now());

    const vofMemory: VofMemory = {
      ramSize,
      read: (addr, len) =>
        addr >= 0 && len >= 0 && addr + len <= ramSize ? this.memory.bytes.slice(addr, addr + len) : undefined,
      write: (addr, bytes) => this.memory.load(addr, bytes),
    };
    const kernel = options.kernel && kernelLayout(options.kernel);
    const osi = options.osi || options.vofEntry === 'osi';
    const epapr = options.epapr || options.vofEntry === 'epapr';
    const boot = vofBootState({
      memory: vofMemory,
      console: { write: (bytes) => options.output(bytes) },
      entryMode: options.vofEntry,
      tree: (chosen) => {
        const tree = pegasos2Tree({
          ramSize,
          cpu: pegasos2CpuInfo(options.model),
          bootargs: options.bootargs,
          ...chosen,
        });
        if (epapr) addHypervisorNode(tree);
        return tree;
      },
      kernel: kernel && { start: kernel.start, size: kernel.size, entry: kernel.entry },
      milliseconds: () => Math.floor((this.timeBase.ticks() * 1000) / PEGASOS2.timebaseHz),
      onExit: () => this.stop({ kind: 'exit' }),
    });
    this.vof = boot.vof;
    for (const image of boot.images) this.memory.load(image.addr, image.bytes);
    if (options.kernel && kernel) {
      for (const p of kernel.loads) {
        this.memory.load(p.paddr, options.kernel.bytes.subarray(p.offset, p.offset + p.filesz));
      }
    }

    const rtasMachine: RtasMachine = {
      pciConfigRead: (bus, address, size) => this.pci.read(bus, address, size),
      pciConfigWrite: (bus, address, size, value) => this.pci.write(bus, address, size, value),
      timeOfDay: () => {
        const d = new Date(this.guestDateMs());
        return {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
        };
      },
      powerOff: () => this.stop({ kind: 'power-off' }),
    };

    const paravirt: ParavirtMachine = {
      console: (bytes) => options.output(bytes),
      exit: () => this.stop({ kind: 'exit' }),
      idle: () => this.idle(),
    };
    const calls = vofHypercalls(this.vof, (args) => pegasos2Rtas(vofMemory, rtasMachine, args));
    const sc = selectScStub({
      model: options.model,
      hypercall: calls.hypercall,
      osi: osi ? osiHandler(calls, paravirt) : undefined,
      epapr: epapr ? epaprHandler(calls, paravirt) : undefined,
      trace: options.traceSc,
    });
    const base = createSystemRuntime({
      model: options.model,
      memory: this.memory,
      timeBase: this.timeBase,
      sc,
      engine: () => this.engine,
      onIdle: () => this.idle(),
    });
    this.runtime = this.watchEmptyRom(base);
    this.engine = new Engine(this.s, this.memory, this.runtime);
    this.engine.compileOptions = {
      facilities: facilitiesOf(options.model, true),
      // No inline soft-TLB fast path ('tlb'): loads and stores call SystemMemory. The Linux boot
      // translates ~25,000 mostly cold blocks, and the larger inline code cost more to translate
      // and optimize than it saved: power-off in 3557–3772 ms without it vs 4175–4623 ms with it
      // (3 paired runs of the bench's linux workload on a quiet 2-core host; translation 560–625
      // vs 755–894 ms). The 'tlb' kind stays available and tested (test/jit/memory-fast-path).
    };
    this.memory.onCodeWrite = (pa) => this.engine.invalidate(pa);

    const r = boot.registers;
    this.s.pc = r.pc;
    this.s.gpr[1] = r.r1;
    this.s.gpr[3] = r.r3;
    this.s.gpr[4] = r.r4;
    this.s.gpr[5] = r.r5;
    this.s.r[R.LR] = r.lr;
    this.s.r[R.MSR] = r.msr;
    this.s.r[R.PVR] = options.model.pvr;
    this.s.spr[Spr.PVR] = options.model.pvr;
    this.s.spr[HID1] = 0x70000000; // pegasos2_cpu_reset
    this.s.r[R.CR] = 0x20000000;
    if (CLIENT_ENTRY_ADDR !== r.r5) throw new Error('VOF entry mismatch');
  }

  /**
   * The RTC follows guest time (the time base), not the host clock, so it stays monotonic and
   * consistent with the decrementer when idle time is fast-forwarded.
   */
  guestDateMs(): number {
    return this.startDateMs + ((this.timeBase.ticks() - this.startTicks) * 1000) / PEGASOS2.timebaseHz;
  }

  stop(reason: StopReason = { kind: 'timeout' }): void {
    this.stopReason ??= reason;
    this.engine.stopped = true;
  }

  // ---- SystemMachine ------------------------------------------------------------------------

  get cpu(): CpuState {
    return this.s;
  }
  get model(): CpuModel {
    return this.options.model;
  }
  get deterministic(): boolean {
    return this.clock !== undefined;
  }
  consoleInput(bytes: Uint8Array): void {
    this.uart.receive(bytes);
  }
  consoleInputSource(source: (() => number | undefined) | undefined): void {
    this.uart.setInputSource(source);
  }
  step(): StopReason | undefined {
    if (this.stopReason?.kind === 'timeout') this.stopReason = undefined;
    if (!this.stopReason) {
      if (this.clock) this.runInstructionSlice(this.clock, 1);
      else this.engine.run(1);
      if (!this.stopReason) this.pollInterrupts();
    }
    return this.stopReason;
  }
  guestSeconds(): number {
    return this.timeBase.ticks() / this.timeBase.frequency;
  }
  stats(): MachineStats {
    const e = this.engine;
    return {
      instructions: e.instructions,
      guestSeconds: this.guestSeconds(),
      blocksCompiled: e.blocksCompiled,
      templateInstructions: e.templateInstructions,
    };
  }
  /** The machine's state now (call between runs, not from inside one). */
  save(): SavedMachine {
    const config = pegasos2Config(this.options);
    return {
      machine: this.name,
      cpu: config.cpu,
      ramSize: config.ramMb * 1024 * 1024,
      config,
      components: saveComponents(pegasos2Components(this)),
      ram: this.memory.captureRamPages(),
    };
  }

  /**
   * With MSR[IP]=1 (as VOF leaves it) every interrupt vectors into the ROM at 0xfff00000,
   * which is empty under VOF: QEMU loops on program checks there forever. Stop with a
   * diagnostic naming the interrupt instead.
   */
  private watchEmptyRom(rt: Runtime): Runtime {
    const check = (next: number) => this.checkVector(next);
    return {
      ...rt,
      raise: (s, code, pc, detail) => check(rt.raise(s, code, pc, detail)),
      fault: (s, err, pc) => check(rt.fault(s, err, pc)),
      sc: (s, lev, pc) => check(rt.sc(s, lev, pc)),
    };
  }

  /** Stops the machine when an interrupt vectors into the (empty) ROM; returns `next`. */
  private checkVector(next: number): number {
    if (next - PEGASOS2.romBase >= 0 && next - PEGASOS2.romBase < PEGASOS2.romSize) {
      this.stop({
        kind: 'empty-rom',
        vector: next,
        srr0: this.s.spr[Spr.SRR0] >>> 0,
        srr1: this.s.spr[Spr.SRR1] >>> 0,
      });
    }
    return next;
  }

  /**
   * The guest waits for an interrupt (MSR[POW] power saving, or an OSI/ePAPR idle call): unless
   * an external interrupt is already pending, guest time jumps to the next decrementer event, so
   * idle costs no wall time. The slice ends so the interrupt is taken now.
   */
  idle(): void {
    if (!this.isa.pic.interruptRequested) this.idleTicks += this.timeBase.skipToNextEvent();
    this.engine.stopped = true;
  }
  /** Time-base ticks skipped while the guest idled. */
  idleTicks = 0;

  /** Delivers a pending external or decrementer interrupt when MSR[EE] allows it. */
  private pollInterrupts(): void {
    const s = this.s;
    if (this.isa.pic.interruptRequested && s.r[R.MSR] & MSR.EE) {
      s.pc = this.checkVector(deliverOea(s, this.options.model, Vector.External, s.pc));
      this.runtime.contextChanged(s);
      return;
    }
    if (s.r[R.MSR] & MSR.EE && this.timeBase.takeDecrementerInterrupt()) {
      s.pc = this.checkVector(deliverOea(s, this.options.model, Vector.Decrementer, s.pc));
      this.runtime.contextChanged(s);
    }
  }

  /**
   * Deterministic mode: runs the open slice to its instruction budget (or until the guest idles)
   * and credits it to guest time. Returns false, leaving the slice open, when the machine
   * stopped (power-off, exit, or a host-side stop that a later run or a snapshot continues).
   */
  private runInstructionSlice(clock: InstructionClock, maxBlocks = Number.POSITIVE_INFINITY): boolean {
    const before = this.engine.countedInstructions;
    this.engine.run(maxBlocks, clock.sliceLeft());
    clock.retire(this.engine.countedInstructions - before);
    if (this.stopReason) return false;
    clock.endSlice();
    return true;
  }

  /** Runs until the client exits, RTAS powers off, the empty ROM is hit, or `timeoutMs` passes. */
  run(timeoutMs: number): StopReason {
    // A timeout only pauses the guest: running again continues it.
    if (this.stopReason?.kind === 'timeout') this.stopReason = undefined;
    const deadline = performance.now() + timeoutMs;
    while (!this.stopReason) {
      // Small slices: a self-looping block may run 65536 iterations per call, and pending
      // interrupts are only looked at between slices.
      if (this.clock) {
        if (!this.runInstructionSlice(this.clock)) break;
      } else this.engine.run(INTERRUPT_POLL_BLOCKS);
      if (this.stopReason) break;
      this.pollInterrupts();
      if (performance.now() > deadline) this.stop({ kind: 'timeout' });
    }
    return this.stopReason!;
  }

  /** The UART port the console lives on (for diagnostics). */
  static readonly serialPort = PEGASOS2.isaIoBase + SERIAL_PORT;
}
