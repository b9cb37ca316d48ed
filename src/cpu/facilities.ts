import type { CpuModel } from './models.js';

/**
 * What the CPU model implements and whether MSR[FP]/MSR[VEC] gate the units (system mode;
 * Linux user mode keeps both enabled). An instruction of a missing unit is an illegal
 * instruction; one of a disabled unit raises the unit's unavailable interrupt.
 */
export interface Facilities {
  fpu: boolean;
  altivec: boolean;
  checkMsr: boolean;
}

export const ALL_FACILITIES: Facilities = { fpu: true, altivec: true, checkMsr: false };

/** The units `model` implements; `checkMsr` when MSR[FP]/MSR[VEC] gate them (system mode). */
export const facilitiesOf = (model: CpuModel, checkMsr: boolean): Facilities => ({
  fpu: model.fpu,
  altivec: model.altivec,
  checkMsr,
});
