import { describe, expect, it } from 'vitest';
import { Pegasos2 } from '../../../src/machine/pegasos2/machine.js';
import { nodeSnapshotCodec } from '../../../src/machine/snapshot/node-codec.js';
import { restoreSnapshot, takeSnapshot } from '../../../src/machine/snapshot/snapshot.js';
import type { TimeBaseState } from '../../../src/machine/system/time-base.js';
import { bootToMarker, latin1, OFCLIENT_MARKER, ofclientOptions, runToEnd } from './helpers.js';

/** The demo client prints `milliseconds: a -> b` from the time base: run-dependent. */
const dropClock = (text: string) => text.replace(/^milliseconds: .*$/m, 'milliseconds: <clock>');

describe('snapshot → restore → run on the demo Open Firmware client', () => {
  it('prints after the marker exactly what the uninterrupted boot prints after it', () => {
    const full = runToEnd((output) => new Pegasos2({ ...ofclientOptions(), output }));
    expect(full.reason).toEqual({ kind: 'exit' });
    const cut = full.text.indexOf(OFCLIENT_MARKER) + OFCLIENT_MARKER.length;

    const first = bootToMarker(ofclientOptions(), OFCLIENT_MARKER);
    expect(first.reason).toEqual({ kind: 'timeout' });
    expect(first.before).toBe(full.text.slice(0, cut));
    const file = takeSnapshot(first.machine, nodeSnapshotCodec, first.split.after);

    const chunks: Uint8Array[] = [];
    const restored = restoreSnapshot(file.bytes, 'mem', nodeSnapshotCodec, { output: (b) => chunks.push(b.slice()) });
    chunks.unshift(restored.consoleTail);
    expect(restored.machine.run(30_000)).toEqual({ kind: 'exit' });
    expect(dropClock(latin1(chunks))).toBe(dropClock(full.text.slice(cut)));
  });

  it('restores a machine whose captured state equals the original (RAM, CPU, devices, VOF)', () => {
    const { machine } = bootToMarker(ofclientOptions(), OFCLIENT_MARKER);
    const a = machine.save();
    const file = takeSnapshot(machine, nodeSnapshotCodec);
    const restored = restoreSnapshot(file.bytes, 'mem', nodeSnapshotCodec, { output: () => {} }).machine;
    const b = restored.save();
    // Guest time moves on with the host clock between the captures, and never back.
    const { timeBase: ta, ...restA } = a.components as { timeBase: TimeBaseState };
    const { timeBase: tb, ...restB } = b.components as { timeBase: TimeBaseState };
    expect(restB).toEqual(restA);
    expect(b.config).toEqual(a.config);
    expect(tb.ticks).toBeGreaterThanOrEqual(ta.ticks);
    expect([tb.decrementerBase, tb.decrementerSetAt, tb.decrementerArmed]).toEqual([
      ta.decrementerBase,
      ta.decrementerSetAt,
      ta.decrementerArmed,
    ]);
    expect([...b.ram.pages]).toEqual([...a.ram.pages]);
    expect(Buffer.from(b.ram.data).equals(Buffer.from(a.ram.data))).toBe(true);
    expect(restored.stopReason).toBeUndefined();
    expect(restored.engine.cache.all().next().done).toBe(true); // empty translation cache
  });
});
