import { beforeAll, describe, expect, it } from 'vitest';
import { Pegasos2, type StopReason } from '../../../src/machine/pegasos2/machine.js';
import { nodeSnapshotCodec } from '../../../src/machine/snapshot/node-codec.js';
import { restoreSnapshot, takeSnapshot } from '../../../src/machine/snapshot/snapshot.js';
import {
  consoleLines,
  LINUX_INIT_MARKER,
  linuxGuestPresent,
  linuxOptions,
  normaliseLines,
} from '../../support/linux-guest.js';
import { bootToMarker, latin1 } from '../snapshot/helpers.js';

if (!linuxGuestPresent) console.warn('linux snapshot: ../shared/guests/linux-pegasos2 is absent — skipped');

interface SplitBoot {
  before: string;
  /** The restored run's output, the snapshot's console tail first. */
  after: string;
  reason: StopReason;
  restored: Pegasos2;
  fileBytes: number;
}

/** Boots to the /init marker, snapshots to bytes, restores them into a new machine, runs to the end. */
function splitBoot(deterministic: boolean): SplitBoot {
  const first = bootToMarker(linuxOptions(deterministic), LINUX_INIT_MARKER, 180_000);
  if (!first.split.found) throw new Error(`no marker: ${first.reason.kind}`);
  const file = takeSnapshot(first.machine, nodeSnapshotCodec, first.split.after);
  const chunks: Uint8Array[] = [];
  const { machine, consoleTail } = restoreSnapshot(file.bytes, 'linux.snap', nodeSnapshotCodec, {
    output: (b) => chunks.push(b.slice()),
  });
  chunks.push(consoleTail); // printed first, as `ppcjit boot --restore` does
  const reason = machine.run(180_000);
  return { before: first.before, after: latin1(chunks), reason, restored: machine, fileBytes: file.bytes.length };
}

describe.skipIf(!linuxGuestPresent)('Linux snapshot at /init → restore → power-off', () => {
  let full: { text: string; machine: Pegasos2; reason: StopReason };
  let det: SplitBoot;
  let host: SplitBoot;
  beforeAll(() => {
    const chunks: Uint8Array[] = [];
    const machine = new Pegasos2({ ...linuxOptions(true), output: (b) => chunks.push(b.slice()) });
    const reason = machine.run(180_000);
    full = { text: latin1(chunks), machine, reason };
    det = splitBoot(true);
    host = splitBoot(false);
  }, 600_000);

  it('deterministic: prints after the marker exactly the bytes the uninterrupted boot prints after it', () => {
    expect(full.reason).toEqual({ kind: 'power-off' });
    expect(det.reason).toEqual({ kind: 'power-off' });
    const cut = full.text.indexOf(LINUX_INIT_MARKER) + LINUX_INIT_MARKER.length;
    expect(det.before).toBe(full.text.slice(0, cut));
    expect(det.after).toBe(full.text.slice(cut));
    expect(consoleLines(det.after)).toContain('ppcjit-guest: powering off\r');
  });

  it('deterministic: ends at the same guest instruction count and guest time as the uninterrupted boot', () => {
    expect(det.restored.clock?.instructions).toBe(full.machine.clock?.instructions);
    expect(det.restored.timeBase.ticks()).toBe(full.machine.timeBase.ticks());
  });

  it('host clock: the restored run prints the same kernel log after the marker (run-dependent lines aside)', () => {
    expect(host.reason).toEqual({ kind: 'power-off' });
    const cut = full.text.indexOf(LINUX_INIT_MARKER) + LINUX_INIT_MARKER.length;
    // Both start right after the marker, in the middle of the /init output: compare every line
    // from there to power-down, normalised as kernelLog does.
    const toPowerDown = (t: string) => normaliseLines(t.slice(0, t.indexOf('reboot: Power down')).split('\n'));
    expect(toPowerDown(host.after)).toEqual(toPowerDown(full.text.slice(cut)));
    expect(host.before.endsWith(LINUX_INIT_MARKER)).toBe(true);
  });
});
