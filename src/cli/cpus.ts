import { CPU_MODELS, type CpuModel, DEFAULT_PEGASOS2_CPU, DEFAULT_USER_CPU } from '../cpu/models.js';
import { CpuState } from '../runtime/cpu-state.js';
import { type ScMachine, selectScStub } from '../runtime/sc.js';
import { BufferedOut } from './output.js';

/**
 * What `sc 1` does on each machine for this model, found by running the real sc stub on a
 * probe state, so this table cannot drift from src/runtime/sc.ts.
 */
function scPolicy(model: CpuModel): { user: string; pegasos2: string; bare: string } {
  const probe = (extra: Partial<ScMachine>) => {
    let path = '';
    const s = new CpuState();
    s.gpr[3] = 0xf005;
    const next = selectScStub({ model, trace: (line) => (path = /path=(\S+)/.exec(line)?.[1] ?? '?'), ...extra })(
      s,
      1,
      0x1000,
    );
    if (!path.endsWith('interrupt')) return path;
    if (model.exceptionModel === 'booke') return 'IVOR8';
    return `${path === 'hv-interrupt' ? 'hv-call ' : ''}0x${next.toString(16)}`;
  };
  return {
    user: probe({ linuxSyscall: (_s, pc) => pc + 4 }),
    pegasos2: probe({ hypercall: () => {} }),
    bare: probe({}),
  };
}

export function runCpus(): void {
  const out = new BufferedOut();
  out.line('name    PVR       features                exceptions  sc 1 (r3=0xf005): user / vhyp / no vhyp   aliases');
  for (const m of CPU_MODELS) {
    const features = [
      m.fpu ? 'fpu' : 'spe',
      m.altivec ? 'altivec' : '',
      m.is64 ? '64-bit' : '',
      m.hypervisor ? 'hv' : '',
    ]
      .filter(Boolean)
      .join(',');
    const p = scPolicy(m);
    const defaults = [
      m.name === DEFAULT_USER_CPU ? 'default for run' : '',
      m.name === DEFAULT_PEGASOS2_CPU ? 'default for pegasos2' : '',
    ]
      .filter(Boolean)
      .join(', ');
    out.line(
      `${m.name.padEnd(7)} ${m.pvr.toString(16).padStart(8, '0')}  ${features.padEnd(23)} ${m.exceptionModel.padEnd(11)} ${`${p.user} / ${p.pegasos2} / ${p.bare}`.padEnd(40)} ${m.aliases.join(', ')}${defaults ? ` (${defaults})` : ''}`,
    );
  }
  out.line('');
  out.line('sc (LEV 0) is a Linux system call in user mode and the system call interrupt elsewhere;');
  out.line('--osi and --epapr add MOL OSI and ePAPR hypercall interception (see README).');
  out.flush();
}
