import { SourceMapGenerator } from 'source-map';
import { disassemble } from '../decoder/disasm.js';
import type { DecodedInsn } from './block.js';

/** Lines `new Function('s','m','rt','cnt', body)` puts before the body ("function anonymous(s,m,rt,cnt\n) {"). */
export const FUNCTION_HEADER_LINES = 2;

export function blockUrl(start: number): string {
  return `ppc:0x${(start >>> 0).toString(16).padStart(8, '0')}`;
}

/** The guest "source" of a block: one disassembled instruction per line. */
export function blockListing(insns: readonly DecodedInsn[]): string {
  return insns
    .map(
      (i) =>
        `${i.pc.toString(16).padStart(8, '0')}: ${(i.word >>> 0).toString(16).padStart(8, '0')}  ${disassemble(i.word, i.pc)}`,
    )
    .join('\n');
}

/**
 * A source map from the generated function's lines to the guest instructions (line i+1 of
 * the listing is instruction i). `insnLines[i]` is the body line where instruction i starts.
 */
export function blockSourceMap(insns: readonly DecodedInsn[], insnLines: readonly number[], bodyLines: number): string {
  const url = blockUrl(insns[0].pc);
  const source = `${url}.s`;
  const gen = new SourceMapGenerator({ file: url });
  gen.setSourceContent(source, blockListing(insns));
  for (let i = 0; i < insns.length; i++) {
    const from = insnLines[i];
    const to = i + 1 < insns.length ? insnLines[i + 1] : bodyLines;
    for (let line = from; line < to; line++) {
      gen.addMapping({
        generated: { line: line + 1 + FUNCTION_HEADER_LINES, column: 0 },
        original: { line: i + 1, column: 0 },
        source,
        name: `0x${insns[i].pc.toString(16)}`,
      });
    }
  }
  return gen.toString();
}

export function inlineSourceMapComment(json: string): string {
  return `//# sourceMappingURL=data:application/json;base64,${utf8Base64(json)}`;
}

/** Base64 of the UTF-8 bytes through btoa (no Buffer: the core runs outside Node too). */
function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
