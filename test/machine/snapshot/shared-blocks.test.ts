import { describe, expect, it } from 'vitest';
import { SharedBlocks } from '../../../src/jit/shared-blocks.js';
import { nodeSnapshotCodec } from '../../../src/machine/snapshot/node-codec.js';
import { restoreSnapshot, takeSnapshot } from '../../../src/machine/snapshot/snapshot.js';
import { SystemMemory } from '../../../src/machine/system/system-memory.js';
import { CpuState } from '../../../src/runtime/cpu-state.js';
import { bootToMarker, latin1, OFCLIENT_MARKER, ofclientOptions } from './helpers.js';

const dropClock = (text: string) => text.replace(/^milliseconds: .*$/m, 'milliseconds: <clock>');

describe('guests restored from one snapshot share translations', () => {
  it('the second guest reuses the first one’s blocks and prints the same', () => {
    const first = bootToMarker(ofclientOptions(), OFCLIENT_MARKER);
    const file = takeSnapshot(first.machine, nodeSnapshotCodec, first.split.after);
    const shared = new SharedBlocks();
    const runGuest = () => {
      const chunks: Uint8Array[] = [];
      const { machine, consoleTail } = restoreSnapshot(file.bytes, 'mem', nodeSnapshotCodec, {
        output: (b) => chunks.push(b.slice()),
      });
      machine.engine.shared = shared;
      machine.memory.trackWrites();
      expect(machine.run(30_000)).toEqual({ kind: 'exit' });
      return { engine: machine.engine, text: dropClock(latin1([consoleTail, ...chunks])) };
    };
    const a = runGuest();
    const b = runGuest();
    expect(b.text).toBe(a.text);
    expect(a.engine.blocksShared).toBe(0);
    expect(shared.size).toBeGreaterThan(50);
    // Everything the second guest ran on unmodified pages came translated.
    expect(b.engine.blocksShared).toBeGreaterThan(0.9 * b.engine.cache.compiled);
    expect(b.engine.translateMs).toBeLessThan(a.engine.translateMs);
  });

  it('a page written after the image was loaded is no longer shareable', () => {
    const memory = new SystemMemory(1 << 20, new CpuState());
    expect(memory.pristinePage(3)).toBe(false); // not tracking yet
    memory.trackWrites();
    expect(memory.pristinePage(3)).toBe(true);
    memory.w32(0x3004, 1); // MMU off: EA = PA
    expect(memory.pristinePage(3)).toBe(false);
    expect(memory.pristinePage(4)).toBe(true);
    memory.load(0x4ff0, new Uint8Array(0x20)); // loaders too, across a page boundary
    expect([memory.pristinePage(4), memory.pristinePage(5), memory.pristinePage(6)]).toEqual([false, false, true]);
  });
});

describe('RAM recycling between guests of one image', () => {
  it('zeroes exactly the pages written since tracking started', () => {
    const memory = new SystemMemory(1 << 20, new CpuState());
    memory.load(0x1000, Uint8Array.of(7)); // the image: kept
    memory.trackWrites();
    memory.w32(0x5000, 0x12345678);
    memory.w8(0x1001, 9); // a page of the image written by the guest: zeroed whole
    const ram = new Uint8Array(memory.recycle());
    expect([ram[0x1000], ram[0x1001], ram[0x5000]]).toEqual([0, 0, 0]);
    const again = new SystemMemory(1 << 20, new CpuState(), ram.buffer);
    expect(again.bytes.every((b) => b === 0)).toBe(true);
  });
});
