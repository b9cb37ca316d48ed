import { DEFAULT_PEGASOS2_CPU, findCpuModel } from '../../cpu/models.js';
import { UserError } from '../../errors.js';
import { FIRMWARE_SIZE, VOF_ENTRY_MODES, type VofEntryMode } from '../../vof/firmware.js';
import { loadComponents } from '../component.js';
import type { MachineDefinition, MachineIo, MachineOptions, SavedMachine } from '../system-machine.js';
import { PEGASOS2, Pegasos2, type Pegasos2Config } from './machine.js';
import { pegasos2Components } from './machine-state.js';

const DEFAULT_CPU = DEFAULT_PEGASOS2_CPU;

function validate(o: MachineOptions): void {
  const vofEntry = o.vofEntry ?? 'vhyp';
  if (!VOF_ENTRY_MODES.includes(vofEntry as VofEntryMode)) {
    throw new UserError(`invalid --vof-entry '${vofEntry}'; valid: ${VOF_ENTRY_MODES.join(', ')}`);
  }
  const memory = o.memoryMb ?? PEGASOS2.defaultRamMb;
  if (!Number.isInteger(memory) || memory < 16 || memory > PEGASOS2.maxRamMb) {
    throw new UserError(`invalid --memory ${memory}: pegasos2 takes 16 to ${PEGASOS2.maxRamMb} MB`);
  }
  const model = findCpuModel(o.cpu ?? DEFAULT_CPU);
  if (model.is64 || model.exceptionModel === 'booke') {
    throw new UserError(`pegasos2 takes a 6xx/7xx/74xx CPU, not '${model.name}'`);
  }
  if (model.exceptionModel === '6xx' && vofEntry === 'vhyp') {
    // QEMU hangs here: its 6xx interrupt path never consults the virtual hypervisor.
    throw new UserError(
      `VOF's 'sc 1' entry needs a 7xx/74xx CPU ('${model.name}' takes it as a system call); use --vof-entry osi or epapr`,
    );
  }
}

/**
 * A new machine in the saved state: built from the saved options (no kernel), then every
 * component overwritten. The stop reason starts cleared; guest time continues from the saved
 * tick count.
 */
export function restorePegasos2(saved: SavedMachine, io: MachineIo): Pegasos2 {
  const c = saved.config as Pegasos2Config;
  if (c.cpu !== saved.cpu || c.ramMb * 1024 * 1024 !== saved.ramSize) throw new Error('configuration differs');
  // A snapshot's options pass the checks `boot` makes of them (a crafted file asked for 16.5 MB).
  validate({ cpu: c.cpu, memoryMb: c.ramMb, vofEntry: c.vofEntry });
  const m = new Pegasos2({
    model: findCpuModel(c.cpu),
    ramMb: c.ramMb,
    bootargs: c.bootargs,
    vofEntry: c.vofEntry,
    osi: c.osi,
    epapr: c.epapr,
    deterministic: c.deterministic,
    ...io,
  });
  // The constructor loaded VOF's firmware image at 0; RAM must hold only the snapshot's pages.
  m.memory.bytes.fill(0, 0, FIRMWARE_SIZE);
  m.memory.restoreRamPages(saved.ram.pages, saved.ram.data);
  loadComponents(pegasos2Components(m), saved.components);
  m.stopReason = undefined;
  return m;
}

/** The Genesi/bPlan Pegasos II with Virtual Open Firmware, as QEMU 7.2's `-M pegasos2 -kernel`. */
export const pegasos2Machine: MachineDefinition = {
  name: 'pegasos2',
  description: 'Genesi/bPlan Pegasos II (MV64361, VT8231) with Virtual Open Firmware',
  defaultCpu: DEFAULT_CPU,
  defaultMemoryMb: PEGASOS2.defaultRamMb,
  validate,
  create(o, io) {
    validate(o);
    return new Pegasos2({
      model: findCpuModel(o.cpu ?? DEFAULT_CPU),
      ramMb: o.memoryMb ?? PEGASOS2.defaultRamMb,
      kernel: o.kernel,
      initrd: o.initrd,
      bootargs: o.bootargs,
      vofEntry: (o.vofEntry ?? 'vhyp') as VofEntryMode,
      osi: o.osi,
      epapr: o.epapr,
      deterministic: o.deterministic,
      startDateMs: o.startDateMs,
      ...io,
    });
  },
  restore: restorePegasos2,
};
