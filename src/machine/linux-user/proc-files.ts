import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_SIZE, Prot } from '../../runtime/flat-memory.js';
import { Errno, SyscallError } from './abi.js';
import type { LinuxProcess } from './linux-process.js';

/**
 * The /proc files qemu-ppc makes up for its guest (linux-user/syscall.c, do_openat's fakes): what
 * the host's /proc would say about the emulator itself is replaced by the guest's view. Others
 * (/proc/cpuinfo among them: qemu-ppc has no fake for it) are the host's files.
 */
const FAKES: Record<string, (p: LinuxProcess) => Uint8Array> = { maps: selfMaps, auxv: selfAuxv };

/** /proc/self/NAME or /proc/PID/NAME of the calling process: NAME, else undefined. */
function procSelfName(p: LinuxProcess, path: string): string | undefined {
  const m = /^\/proc\/(self|\d+)\/([a-z]+)$/.exec(path);
  if (!m || (m[1] !== 'self' && Number(m[1]) !== p.pid)) return undefined;
  return m[2] in FAKES ? m[2] : undefined;
}

let serial = 0;

/**
 * open() of a faked /proc file: a host descriptor on an unlinked temporary file holding the
 * contents, as qemu-ppc does (read, lseek and fstat then work as on any file); undefined for
 * every other path.
 */
export function openProcFake(p: LinuxProcess, path: string, accessMode: number): number | undefined {
  const name = procSelfName(p, path);
  if (name === undefined) return undefined;
  if (accessMode !== 0) throw new SyscallError(Errno.EACCES);
  const contents = FAKES[name](p);
  const file = join(tmpdir(), `ppcjit-proc-${process.pid}-${serial++}`);
  const fd = openSync(file, 'w+', 0o400);
  try {
    unlinkSync(file);
    writeSync(fd, contents, 0, contents.length, 0);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/** The auxiliary vector of the current image, as big-endian (type, value) words ending in AT_NULL. */
function selfAuxv(p: LinuxProcess): Uint8Array {
  const out = new Uint8Array(p.auxv.length * 8);
  const dv = new DataView(out.buffer);
  p.auxv.forEach(([type, value], i) => {
    dv.setUint32(8 * i, type);
    dv.setUint32(8 * i + 4, value >>> 0);
  });
  return out;
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** "major:minor inode" of a host file as /proc/PID/maps prints them (glibc's dev_t split). */
function deviceAndInode(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    const major = Number(((st.dev >> 8n) & 0xfffn) | ((st.dev >> 32n) & ~0xfffn));
    const minor = Number((st.dev & 0xffn) | ((st.dev >> 12n) & ~0xffn));
    return `${hex2(major)}:${hex2(minor)} ${st.ino}`;
  } catch {
    return '00:00 0';
  }
}

/**
 * /proc/self/maps as qemu-ppc 7.2 prints it (open_self_maps): one line per run of pages with the
 * same protection and name, `start-end rwxp offset dev inode`, padded to column 73, then the
 * file or `[stack]` (nothing for anonymous memory). PROT_NONE pages of mmap regions show `---p`.
 * Addresses are ours (see README "Known differences"), so the lines differ from qemu-ppc's.
 */
function selfMaps(p: LinuxProcess): Uint8Array {
  const { mem, as } = p;
  const lines: string[] = [];
  let run: { start: number; prot: number; label: ReturnType<typeof as.labelAt> } | undefined;
  const flush = (end: number) => {
    if (!run) return;
    const { start, prot, label } = run;
    const perms = `${prot & Prot.Read ? 'r' : '-'}${prot & Prot.Write ? 'w' : '-'}${prot & Prot.Exec ? 'x' : '-'}p`;
    const offset = label?.isFile ? label.offset + (start - label.start) : 0;
    const device = label?.isFile ? deviceAndInode(label.name) : '00:00 0';
    const head = `${hex8(start)}-${hex8(end)} ${perms} ${hex8(offset)} ${device}`;
    lines.push(`${head}${' '.repeat(Math.max(0, 73 - head.length))}${label?.name ?? ''}\n`);
    run = undefined;
  };
  const pages = 2 ** 32 / PAGE_SIZE;
  for (let page = 0; page < pages; page++) {
    const addr = page * PAGE_SIZE;
    const prot = mem.prot[page];
    const mapped = prot !== Prot.None || as.inRegion(addr);
    if (!mapped) {
      flush(addr);
      continue;
    }
    const label = as.labelAt(addr);
    if (run && run.prot === prot && run.label === label) continue;
    flush(addr);
    run = { start: addr, prot, label };
  }
  flush(2 ** 32);
  return new TextEncoder().encode(lines.join(''));
}
