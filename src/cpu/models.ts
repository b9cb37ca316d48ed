import { UserError } from '../errors.js';

/**
 * How a CPU family takes interrupts — the part of the exception model that decides what `sc`
 * does (src/runtime/sc.ts). Names follow QEMU's POWERPC_EXCP_* models.
 */
export type ExceptionModel = '6xx' | '7xx' | '74xx' | 'booke' | '970' | 'power7' | 'power9';

export interface CpuModel {
  /** QEMU's -cpu name of the default revision (lower case). */
  name: string;
  /** Other names accepted (QEMU aliases: "g3", "g4", the revision-qualified name). */
  aliases: readonly string[];
  /** Processor Version Register of QEMU's default revision for this name. */
  pvr: number;
  exceptionModel: ExceptionModel;
  fpu: boolean;
  altivec: boolean;
  /** A 64-bit implementation (runs 32-bit code with MSR[SF]=0 here). */
  is64: boolean;
  /** MSR[HV] exists: `sc 1` is a hypervisor call on this part. */
  hypervisor: boolean;
  /** The 970 runs with MSR[HV]=1 always ("Apple mode"): sc 1 delivers 0xC00 with HV kept. */
  alwaysHypervisor: boolean;
  /** AT_HWCAP Linux (and qemu-ppc) report for this model. */
  hwcap: number;
}

// AT_HWCAP bits (linux arch/powerpc/include/uapi/asm/cputable.h).
const HWCAP_ALTIVEC = 0x10000000;
const HWCAP_FPU = 0x08000000;
const HWCAP_SPE = 0x00800000;

/**
 * qemu-ppc reports only the features it models (linux-user/elfload.c get_elf_hwcap): FPU,
 * AltiVec, SPE … and not PPC_32/MMU, so 750 → 0x08000000 and 7450 → 0x18000000.
 */
const hw = (fpu: boolean, altivec: boolean, spe = false) =>
  (fpu ? HWCAP_FPU : 0) | (altivec ? HWCAP_ALTIVEC : 0) | (spe ? HWCAP_SPE : 0);

const model = (
  name: string,
  pvr: number,
  exceptionModel: ExceptionModel,
  features: Partial<Pick<CpuModel, 'altivec' | 'is64' | 'hypervisor' | 'alwaysHypervisor' | 'fpu'>> & {
    aliases?: string[];
    spe?: boolean;
  } = {},
): CpuModel => {
  const fpu = features.fpu ?? true;
  const altivec = features.altivec ?? false;
  return {
    name,
    aliases: features.aliases ?? [],
    pvr: pvr >>> 0,
    exceptionModel,
    fpu,
    altivec,
    is64: features.is64 ?? false,
    hypervisor: features.hypervisor ?? false,
    alwaysHypervisor: features.alwaysHypervisor ?? false,
    hwcap: hw(fpu, altivec, features.spe),
  };
};

/** The CPU models ppcjit knows, PVRs as `qemu-ppc -cpu help` / `qemu-ppc64 -cpu help` (7.2) list them. */
export const CPU_MODELS: readonly CpuModel[] = [
  model('603e', 0x00060401, '6xx', { aliases: ['603e_v4.1'] }),
  model('604e', 0x00090204, '6xx', { aliases: ['604e_v2.4'] }),
  model('750', 0x00080301, '7xx', { aliases: ['750_v3.1', 'g3'] }),
  model('7400', 0x000c0209, '74xx', { altivec: true, aliases: ['7400_v2.9', 'g4'] }),
  model('7410', 0x800c1104, '74xx', { altivec: true, aliases: ['7410_v1.4'] }),
  model('7447a', 0x80030102, '74xx', { altivec: true, aliases: ['7447a_v1.2'] }),
  model('7450', 0x80000201, '74xx', { altivec: true, aliases: ['7450_v2.1'] }),
  model('7455', 0x80010302, '74xx', { altivec: true, aliases: ['7455_v3.2'] }),
  model('7457', 0x80020102, '74xx', { altivec: true, aliases: ['7457_v1.2'] }),
  model('e500v2', 0x80210022, 'booke', { fpu: false, spe: true, aliases: ['e500v2_v22'] }),
  model('970fx', 0x003c0301, '970', {
    altivec: true,
    is64: true,
    hypervisor: true,
    alwaysHypervisor: true,
    aliases: ['970fx_v3.1'],
  }),
  model('power7', 0x003f0203, 'power7', { altivec: true, is64: true, hypervisor: true, aliases: ['power7_v2.3'] }),
  model('power9', 0x004e1200, 'power9', { altivec: true, is64: true, hypervisor: true, aliases: ['power9_v2.0'] }),
];

/** qemu-ppc's default model for 32-bit user mode (linux-user/ppc/target_elf.h). */
export const DEFAULT_USER_CPU = '750';
/** pegasos2's default CPU in QEMU 7.2 (hw/ppc/pegasos2.c). */
export const DEFAULT_PEGASOS2_CPU = '7400';

export function findCpuModel(name: string): CpuModel {
  const key = name.toLowerCase();
  const found = CPU_MODELS.find((m) => m.name === key || m.aliases.includes(key));
  if (!found) {
    throw new UserError(`unknown CPU '${name}'; valid names: ${CPU_MODELS.map((m) => m.name).join(', ')}`);
  }
  return found;
}
