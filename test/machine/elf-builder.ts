/** Builds a minimal ELF32 big-endian PowerPC executable: one PT_LOAD of `words` at `addr`. */
export function tinyElf(words: readonly number[], addr = 0x400000): Uint8Array {
  const code = words.length * 4;
  const bytes = new Uint8Array(52 + 32 + code);
  const dv = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1]);
  dv.setUint16(16, 2); // ET_EXEC
  dv.setUint16(18, 20); // EM_PPC
  dv.setUint32(20, 1);
  dv.setUint32(24, addr); // entry
  dv.setUint32(28, 52); // phoff
  dv.setUint16(40, 52);
  dv.setUint16(42, 32);
  dv.setUint16(44, 1);
  const ph = 52;
  dv.setUint32(ph, 1); // PT_LOAD
  dv.setUint32(ph + 4, 84);
  dv.setUint32(ph + 8, addr);
  dv.setUint32(ph + 12, addr);
  dv.setUint32(ph + 16, code);
  dv.setUint32(ph + 20, code);
  dv.setUint32(ph + 24, 7);
  words.forEach((w, i) => dv.setUint32(84 + i * 4, w >>> 0));
  return bytes;
}
