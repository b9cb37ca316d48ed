/**
 * Replays every traced client call of a Linux 6.1 boot on QEMU 7.2 pegasos2 (the `vof_*` trace
 * events of ../shared/guests/linux-pegasos2/vof-trace.log, copied to fixtures/) against our VOF,
 * and checks each return value — and, for getprop, the value QEMU's trace shows — against the
 * logged one. After every claim the `vof_avail` ranges QEMU logged (it logs only non-empty ones)
 * must equal our `/memory@0/available`.
 * Untraced calls (peer, child, nextprop, call-method, interpret, quiesce …) cannot be replayed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootHarness } from './harness.js';

const BUF = 0x30000;
const VALUE = 0x38000;

/** QEMU vof.c `prop_format` into a 64-byte buffer. */
function propFormat(bytes: Uint8Array): string {
  const len = bytes.length;
  for (let i = 0; i < len; i++) {
    if (bytes[i] === 0 && i === len - 1) return String.fromCharCode(...bytes.subarray(0, Math.min(63, len - 1)));
    if (bytes[i] < 0x20 || bytes[i] >= 0x80) break;
  }
  let t = '';
  for (let i = 0; i < len; i++) {
    if (t.length >= 64 - 4 - 1 - 2 - 1) return `${t}...`;
    if (i && i % 4 === 0 && i !== len - 1) t += ' ';
    t += bytes[i].toString(16).toUpperCase().padStart(2, '0');
  }
  return t;
}

/** Inverse of propFormat for setprop values (not truncated ones). */
function parseValue(text: string, len: number): Uint8Array | undefined {
  if (/^[0-9A-F ]*$/.test(text) && text.replace(/ /g, '').length === 2 * len) {
    return new Uint8Array(
      text
        .replace(/ /g, '')
        .match(/../g)
        ?.map((h) => Number.parseInt(h, 16)) ?? [],
    );
  }
  if (text.length + 1 === len) return new TextEncoder().encode(`${text}\0`);
  return undefined;
}

const num = (s: string) => Number(s) >>> 0;

describe('Linux prom_init client calls (QEMU trace replay)', () => {
  const lines = readFileSync(new URL('./fixtures/linux-pegasos2-vof-trace.log', import.meta.url), 'utf8').split(
    /\r?\n/,
  );
  const h = bootHarness({ bootargs: 'console=ttyS0', kernel: { start: 0x400000, size: 0x665094, entry: 0x400000 } });
  const available = () => {
    const n = h.ci('getprop', 4, 1, 4, 'available', BUF, 4096).rets[0];
    const cells = h.cellsAt(BUF, n / 4);
    const out: string[] = [];
    for (let i = 0; i < cells.length; i += 2) {
      const [start, size] = [cells[i], cells[i + 1]];
      out.push(`0x${start.toString(16)}..0x${(start + size).toString(16)} size=0x${size.toString(16)}`);
    }
    return out;
  };

  const mismatches: string[] = [];
  const counts: Record<string, number> = {};
  let bootClaims = 3; // fw, stack, kernel: done by vofBootState
  let availGroup: string[] | undefined;
  const flushAvail = () => {
    if (availGroup) {
      const ours = available();
      if (ours.join(';') !== availGroup.join(';'))
        mismatches.push(`avail: QEMU ${availGroup.join(';')} ours ${ours.join(';')}`);
      counts.avail = (counts.avail ?? 0) + 1;
    }
    availGroup = undefined;
  };
  const check = (event: string, line: string, ok: boolean) => {
    counts[event] = (counts[event] ?? 0) + 1;
    if (!ok) mismatches.push(line);
  };

  for (const line of lines) {
    const avail = /^vof_avail (\S+) size=(\S+)$/.exec(line);
    if (avail) {
      availGroup = [...(availGroup ?? []), `${avail[1]} size=${avail[2]}`];
      continue;
    }
    flushAvail();
    let m: RegExpExecArray | null;
    if ((m = /^vof_claim virt=(\S+) size=(\S+) align=(\S+) => (\S+)$/.exec(line))) {
      if (bootClaims > 0) {
        bootClaims--;
        continue;
      }
      check('claim', line, h.ci('claim', 3, 1, num(m[1]), num(m[2]), num(m[3])).rets[0] === num(m[4]));
    } else if ((m = /^vof_finddevice "(.*)" => ph=(\S+)$/.exec(line))) {
      check('finddevice', line, h.ci('finddevice', 1, 1, m[1]).rets[0] === num(m[2]));
    } else if ((m = /^vof_getprop ph=(\S+) "(.*)" => len=(-?\d+) \[(.*)\]$/.exec(line))) {
      h.ram.fill(0, BUF, BUF + 4096);
      const ret = h.ci('getprop', 4, 1, num(m[1]), m[2], BUF, 4096).rets[0];
      const ok = ret === num(m[3]) && (ret === 0xffffffff || propFormat(h.get(BUF, ret)) === m[4]);
      check('getprop', line, ok);
    } else if ((m = /^vof_getproplen ph=(\S+) "(.*)" => len=(-?\d+)$/.exec(line))) {
      check('getproplen', line, h.ci('getproplen', 2, 1, num(m[1]), m[2]).rets[0] === num(m[3]));
    } else if ((m = /^vof_setprop ph=(\S+) "(.*)" \[(.*)\] len=(\d+) => ret=(-?\d+)$/.exec(line))) {
      const value = parseValue(m[3], Number(m[4]));
      if (!value) throw new Error(`cannot rebuild setprop value: ${line}`);
      h.put(VALUE, value);
      check('setprop', line, h.ci('setprop', 4, 1, num(m[1]), m[2], VALUE, value.length).rets[0] === num(m[5]));
    } else if ((m = /^vof_open (\S+) ph=(\S+) => ih=(\S+)$/.exec(line))) {
      if (m[1] === '/failsafe' && m[3] === '0x1') continue; // stdout, opened at boot
      check('open', line, h.ci('open', 1, 1, m[1]).rets[0] === num(m[3]));
    } else if ((m = /^vof_instance_to_package ih=(\S+) => ph=(\S+)$/.exec(line))) {
      check('instance-to-package', line, h.ci('instance-to-package', 1, 1, num(m[1])).rets[0] === num(m[2]));
    } else if ((m = /^vof_instance_to_path ih=(\S+) ph=\S+ => (\S+) len=(\d+)$/.exec(line))) {
      const ret = h.ci('instance-to-path', 3, 1, num(m[1]), BUF, 256).rets[0];
      check('instance-to-path', line, ret === num(m[3]) && h.cstr(BUF) === m[2]);
    } else if ((m = /^vof_package_to_path ph=(\S+) => (\S+) len=(\d+)$/.exec(line))) {
      const ret = h.ci('package-to-path', 3, 1, num(m[1]), BUF, 256).rets[0];
      check('package-to-path', line, ret === num(m[3]) && h.cstr(BUF) === m[2]);
    }
  }
  flushAvail();

  it('replays every traced call with QEMU’s results', () => {
    expect(mismatches).toEqual([]);
  });
  it('covers the services prom_init uses', () => {
    expect(counts).toMatchObject({
      finddevice: 8,
      getprop: 331,
      getproplen: 223,
      setprop: 6,
      claim: 2,
      open: 1,
      'instance-to-package': 2,
      'instance-to-path': 1,
      'package-to-path': 54,
    });
    expect(counts.avail).toBeGreaterThanOrEqual(3);
  });
});
