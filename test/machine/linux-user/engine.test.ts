import { describe, expect, it } from 'vitest';
import { Pipe } from '../../../src/machine/linux-user/pipe.js';
import { Prot } from '../../../src/runtime/flat-memory.js';
import { testProcess } from './helpers.js';

const CODE = 0x10000000;
const DATA = 0x10010000;
const li = (rd: number, imm: number) => ((14 << 26) | (rd << 21) | (imm & 0xffff)) >>> 0;
const lis = (rd: number, imm: number) => ((15 << 26) | (rd << 21) | (imm & 0xffff)) >>> 0;
const ori = (ra: number, rs: number, imm: number) => ((24 << 26) | (rs << 21) | (ra << 16) | (imm & 0xffff)) >>> 0;
const sc = (lev = 0) => (0x44000002 | (lev << 5)) >>> 0;

/** Loads `words` at CODE, a string at DATA, a stack, and runs the JIT until the guest ends. */
function runWords(words: number[], data = '') {
  const messages: string[] = [];
  const p = testProcess('750', messages);
  p.mem.map(CODE, 0x1000, Prot.Read | Prot.Exec);
  p.mem.load(CODE, Uint8Array.from(words.flatMap((w) => [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255])));
  p.mem.map(DATA, 0x1000, Prot.RW);
  p.mem.load(DATA, Buffer.from(data));
  p.mem.map(0x30000000, 0x10000, Prot.RW);
  p.s.gpr[1] = 0x3000fff0;
  p.s.pc = CODE;
  const pipe = new Pipe();
  const fd = p.fds.add({
    hostFd: -1,
    path: undefined,
    isDirectory: false,
    flags: 1,
    position: 0,
    stream: true,
    dirCursor: 0,
    refs: 1,
    pipe,
  });
  const status = p.run();
  const out = new Uint8Array(256);
  let text = '';
  try {
    text = Buffer.from(out.subarray(0, pipe.read(out, p, true))).toString();
  } catch {
    // nothing written
  }
  return { status, text, messages, fd };
}

describe('user-mode runtime under the JIT', () => {
  it('write(fd, DATA, 6) then exit(7); `sc 1` is a syscall too', () => {
    const r = runWords(
      [
        li(0, 4), // write
        li(3, 3), // the pipe fd installed by runWords (0–2 are stdio)
        lis(4, DATA >>> 16),
        ori(4, 4, DATA & 0xffff),
        li(5, 6),
        sc(1),
        li(0, 234), // exit_group
        li(3, 7),
        sc(),
      ],
      'hello\n',
    );
    expect(r.fd).toBe(3);
    expect(r).toMatchObject({ status: 7, text: 'hello\n', messages: [] });
  });
  it('an invalid instruction word ends in SIGILL (status 132)', () => {
    expect(runWords([li(3, 1), 0]).status).toBe(132);
  });
  it('a jump into unmapped memory ends in SIGSEGV (status 139)', () => {
    const mtctr = (rs: number) => ((31 << 26) | (rs << 21) | (9 << 16) | (467 << 1)) >>> 0;
    const r = runWords([lis(3, 0x5000), mtctr(3), 0x4e800420 /* bctr */]);
    expect(r.status).toBe(139);
    expect(r.messages).toEqual(['ppcjit: guest terminated by signal 11 (Segmentation fault)']);
  });
  it('a store to read-only code ends in SIGSEGV', () => {
    const stw = (rs: number, d: number, ra: number) => ((36 << 26) | (rs << 21) | (ra << 16) | (d & 0xffff)) >>> 0;
    expect(runWords([lis(3, CODE >>> 16), stw(0, 0, 3)]).status).toBe(139);
  });
});
