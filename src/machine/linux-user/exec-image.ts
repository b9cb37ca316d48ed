import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { PT_INTERP, parseElf } from '../elf.js';
import { AT_FDCWD, Errno, SyscallError } from './abi.js';
import type { LinuxProcess } from './linux-process.js';

const MAX_INTERPRETER_DEPTH = 4; // binfmt_script's BINPRM_MAX_RECURSION
const EM_PPC = 20;

export interface ExecImage {
  bytes: Uint8Array;
  hostPath: string;
  argv: string[];
}

/**
 * What execve would load: a static big-endian PowerPC ELF, or a `#!` script run by its
 * interpreter (binfmt_script). Errors are the kernel's: ENOENT, EACCES (directory, no x bit),
 * ENOEXEC (not an ELF for this machine), ELOOP (interpreters nested too deep); a dynamic ELF
 * fails with ENOENT when its interpreter is not on the host (as the kernel's open of it would)
 * and ENOEXEC otherwise (no ld.so emulation here).
 */
export function resolveExec(p: LinuxProcess, path: string, argv: string[], depth = 0): ExecImage {
  // /proc/self/exe is our own executable (busybox re-executes itself through it; qemu-ppc too).
  const hostPath = path === '/proc/self/exe' ? p.exePath : p.resolvePath(AT_FDCWD, path);
  if (statSync(hostPath).isDirectory()) throw new SyscallError(Errno.EACCES);
  accessSync(hostPath, constants.X_OK);
  const bytes = readFileSync(hostPath);
  if (bytes[0] === 0x23 && bytes[1] === 0x21) {
    if (depth >= MAX_INTERPRETER_DEPTH) throw new SyscallError(Errno.ELOOP);
    const line = bytes.subarray(2, 256).toString('latin1').split('\n')[0].trim();
    const [interp, ...rest] = line.split(/[ \t]+/);
    if (!interp) throw new SyscallError(Errno.ENOEXEC);
    const optional = rest.join(' ');
    return resolveExec(p, interp, [interp, ...(optional ? [optional] : []), path, ...argv.slice(1)], depth + 1);
  }
  const isElf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (!isElf || bytes[4] !== 1 || bytes[5] !== 2 || ((bytes[18] << 8) | bytes[19]) !== EM_PPC) {
    throw new SyscallError(Errno.ENOEXEC);
  }
  let elf: ReturnType<typeof parseElf>;
  try {
    elf = parseElf(bytes, path);
  } catch {
    throw new SyscallError(Errno.ENOEXEC);
  }
  const interp = elf.programHeaders.find((ph) => ph.type === PT_INTERP);
  if (interp) {
    const name = bytes
      .subarray(interp.offset, interp.offset + interp.filesz)
      .toString('latin1')
      .replace(/\0.*$/s, '');
    throw new SyscallError(existsSync(name) ? Errno.ENOEXEC : Errno.ENOENT);
  }
  return { bytes, hostPath, argv };
}
