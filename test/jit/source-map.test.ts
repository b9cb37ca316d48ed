import { SourceMapConsumer } from 'source-map';
import { describe, expect, it } from 'vitest';
import { findBlock } from '../../src/jit/block.js';
import { compileBlock } from '../../src/jit/compile.js';
import { FUNCTION_HEADER_LINES } from '../../src/jit/source-map.js';
import { FlatMemory, Prot } from '../../src/runtime/flat-memory.js';

describe('block source maps', () => {
  it('map each generated instruction line back to its guest instruction', async () => {
    const m = new FlatMemory();
    m.map(0x4000, 0x1000, Prot.RWX);
    // li r3,1; addi r4,r3,2; addi r5,r4,3; then an invalid word ends the block
    [0x38600001, 0x38830002, 0x38a40003, 0].forEach((w, i) => m.w32(0x4000 + i * 4, w));
    const insns = findBlock(0x4000, (ea) => m.fetch(ea));
    const compiled = compileBlock(insns, { sourceMap: true, keepSource: true });
    const body = compiled.source!.body.split('\n');
    const consumer = await new SourceMapConsumer(JSON.parse(compiled.sourceMap!));
    try {
      for (let i = 0; i < insns.length; i++) {
        const bodyLine = compiled.source!.insnLines[i];
        expect(body[bodyLine]).toContain(`0x${insns[i].pc.toString(16)}`);
        const pos = consumer.originalPositionFor({ line: bodyLine + 1 + FUNCTION_HEADER_LINES, column: 0 });
        expect(pos.line).toBe(i + 1);
        expect(pos.name).toBe(`0x${insns[i].pc.toString(16)}`);
      }
      const listing = consumer.sourceContentFor('ppc:0x00004000.s')!.split('\n');
      expect(listing[1]).toBe('00004004: 38830002  addi    r4,r3,2');
    } finally {
      consumer.destroy();
    }
  });

  it('puts the body where new Function says it is', () => {
    const fn = new Function('s', 'm', 'rt', 'return 1;');
    expect(fn.toString().split('\n').indexOf('return 1;')).toBe(FUNCTION_HEADER_LINES);
  });
});
