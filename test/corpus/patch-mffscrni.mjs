#!/usr/bin/env node
// Usage: node patch-mffscrni.mjs IN OUT
// Copies a big-endian PowerPC ELF, rewriting every mffscrn/mffscrni in executable sections to
// plain mffs. Why: glibc 2.36's double sin/cos/tan run `mffscrni` (POWER9, ISA 3.0); pre-3.0 cores
// such as the G4 decode it as `mffs` (the RM/FRB field sits in bits they ignore, Power ISA 3.0B
// §4.6.2 "mffs" extended opcodes), but qemu-ppc 7.2 raises SIGILL (see
// /work/shared/spec/qemu-oracle-gaps.md). Running the patched copy under qemu-ppc gives the
// architecture's (the G4's) answer, which is what the corpus expectation must hold.
// Encoding: primary 63, XO(21:30)=583, bits 11:15 = 22 (mffscrn) or 23 (mffscrni); mffs has 0 there.
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const bytes = readFileSync(input);
const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const shoff = dv.getUint32(32, false);
const shentsize = dv.getUint16(46, false);
const shnum = dv.getUint16(48, false);
const SHF_EXECINSTR = 4;
const SHT_NOBITS = 8;
let patched = 0;
for (let i = 0; i < shnum; i++) {
  const sh = shoff + i * shentsize;
  const type = dv.getUint32(sh + 4, false);
  const flags = dv.getUint32(sh + 8, false);
  const offset = dv.getUint32(sh + 16, false);
  const size = dv.getUint32(sh + 20, false);
  if (!(flags & SHF_EXECINSTR) || type === SHT_NOBITS) continue;
  for (let at = offset; at + 4 <= offset + size; at += 4) {
    const w = dv.getUint32(at, false);
    const sub = (w >>> 16) & 0x1f;
    if (w >>> 26 === 63 && ((w >>> 1) & 0x3ff) === 583 && (sub === 22 || sub === 23)) {
      // keep FRT (bits 6:10) and Rc; clear bits 11:20 → mffs FRT
      dv.setUint32(at, (w & ~0x001ff800) >>> 0, false);
      patched++;
    }
  }
}
writeFileSync(output, bytes, { mode: 0o755 });
process.stderr.write(`patched ${patched} mffscrn/mffscrni → mffs\n`);
