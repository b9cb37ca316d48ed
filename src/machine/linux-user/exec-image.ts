import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { parseElf } from '../elf.js';
import { AT_FDCWD, Errno, SyscallError } from './abi.js';
import type { LinuxProcess } from './linux-process.js';
import { interpreterOf } from './loader.js';

const MAX_INTERPRETER_DEPTH = 4; // binfmt_script's BINPRM_MAX_RECURSION
const EM_PPC = 20;

/** An ELF32 big-endian PowerPC file (by its header)? */
function isPpcElf(bytes: Uint8Array): boolean {
  const isElf = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  return isElf && bytes[4] === 1 && bytes[5] === 2 && ((bytes[18] << 8) | bytes[19]) === EM_PPC;
}

export interface ExecImage {
  bytes: Uint8Array;
  hostPath: string;
  argv: string[];
}

/**
 * What execve would load: a big-endian PowerPC ELF (static or dynamic), or a `#!` script run by its
 * interpreter (binfmt_script). Errors are the kernel's: ENOENT, EACCES (directory, no x bit),
 * ENOEXEC (not an ELF for this machine), ELOOP (interpreters nested too deep); a dynamic ELF
 * fails with ENOENT when its interpreter is found neither under the -L prefix nor on the host,
 * ELIBBAD when that is no PowerPC ELF.
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
  if (!isPpcElf(bytes)) throw new SyscallError(Errno.ENOEXEC);
  let elf: ReturnType<typeof parseElf>;
  try {
    elf = parseElf(bytes, path);
  } catch {
    throw new SyscallError(Errno.ENOEXEC);
  }
  // A dynamic ELF: its interpreter must open (ENOENT as the kernel's open) and be an ELF for
  // this machine (load_elf_binary: ELIBBAD), checked before the point of no return.
  const interp = interpreterOf(elf);
  if (interp !== undefined) {
    const interpBytes = readFileSync(p.hostPath(interp));
    if (!isPpcElf(interpBytes)) throw new SyscallError(Errno.ELIBBAD);
  }
  return { bytes, hostPath, argv };
}
