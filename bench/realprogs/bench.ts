// The realprogs group of `npm run bench`: which workloads exist (binaries built by
// bench/realprogs/build.sh), and one workload's runs under ppcjit and qemu-ppc turned into a
// BenchResult. A workload whose stdout is not byte-identical in every run of both (or that fails
// in either) gets an error and no ratio: the bench never reports a speed for wrong output.
import { existsSync } from 'node:fs';
import { type BenchResult, median, resultOfSamples } from '../report.js';
import { describeOutput, type OutputDigest, ppcjitRealSample, qemuRealSample } from './samples.js';
import { REAL_PROGRAMS, REALPROGS_BIN, type RealProgram, realProgramBinary } from './workloads.js';

export { prepareRealprogsWork } from './workloads.js';

/** The group's name for --only. */
export const REALPROGS_GROUP = 'realprogs';

/**
 * The selected realprogs workloads (all of them for `--only realprogs` or no --only) and the
 * one-line notes for those skipped because build.sh has not built their binary.
 */
export function selectRealPrograms(only: string[] | undefined): { programs: RealProgram[]; notes: string[] } {
  const wanted = REAL_PROGRAMS.filter((p) => !only || only.includes(REALPROGS_GROUP) || only.includes(p.name));
  const programs = wanted.filter((p) => existsSync(realProgramBinary(p)));
  const missing = wanted.filter((p) => !programs.includes(p));
  const notes: string[] = [];
  if (missing.length === REAL_PROGRAMS.length) {
    notes.push(`realprogs: skipped (no binaries in ${REALPROGS_BIN}; build them with bench/realprogs/build.sh)`);
  } else if (missing.length) {
    const bins = [...new Set(missing.map((p) => p.bin))].join(', ');
    notes.push(`realprogs: ${missing.map((p) => p.name).join(', ')} skipped (no ${bins} in ${REALPROGS_BIN})`);
  }
  return { programs, notes };
}

const same = (a: OutputDigest, b: OutputDigest) => a.sha256 === b.sha256 && a.bytes === b.bytes;

/** Runs one realprogs workload `runs` times under ppcjit (and qemu-ppc when `qemu` is given). */
export function runRealWorkload(
  childJs: string,
  p: RealProgram,
  runs: number,
  qemu: string | undefined,
  progress: (msg: string) => void,
): BenchResult {
  const samples = [];
  for (let k = 0; k < runs; k++) {
    progress(`${p.name}: ppcjit run ${k + 1}/${runs}`);
    samples.push(ppcjitRealSample(childJs, p));
  }
  const first = samples[0];
  let error = samples.find((s) => s.error)?.error;
  if (!error && !samples.every((s) => same(s.digest, first.digest))) error = 'ppcjit output differs between runs';
  const r = resultOfSamples(p.name, 'real', runs, samples, describeOutput(first.digest), error);
  if (qemu) {
    const q = [];
    for (let k = 0; k < runs; k++) {
      progress(`${p.name}: qemu-ppc run ${k + 1}/${runs}`);
      q.push(qemuRealSample(qemu, p));
    }
    const qerr = q.find((x) => x.error)?.error;
    const qemuMs = median(q.map((x) => x.ms));
    r.qemuMs = qemuMs;
    r.qemuMaxRssKb = q[0].maxRssKb;
    r.outputMatchesQemu =
      q.every((x) => same(x.digest, first.digest)) && samples.every((s) => same(s.digest, first.digest));
    if (!r.error && qerr) r.error = qerr;
    else if (!r.error && !r.outputMatchesQemu) {
      r.error = `stdout differs from qemu-ppc's (ppcjit ${describeOutput(first.digest)}; qemu ${describeOutput(q[0].digest)})`;
    }
    if (!r.error) r.ratio = r.wallMs / qemuMs;
  }
  return r;
}
