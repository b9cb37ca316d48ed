/**
 * Robustness: random argument blocks (services, counts, pointers and lengths anywhere in the
 * 32-bit space) never throw on the host and always answer 0 or H_PARAMETER; RTAS likewise.
 */
import { describe, expect, it } from 'vitest';
import { pegasos2Rtas } from '../../src/machine/pegasos2/rtas.js';
import { arrayMemory, H_PARAMETER } from '../../src/vof/client-interface.js';
import { xorshift32 } from '../support/xorshift.js';
import { bootHarness, MiB } from './harness.js';

const SERVICES = [
  'finddevice',
  'getprop',
  'getproplen',
  'setprop',
  'nextprop',
  'peer',
  'child',
  'parent',
  'open',
  'close',
  'instance-to-package',
  'package-to-path',
  'instance-to-path',
  'write',
  'claim',
  'release',
  'call-method',
  'interpret',
  'milliseconds',
  'quiesce',
  'read',
  'canon',
];

/** xorshift32 */
const rng = xorshift32;

describe('random client calls', () => {
  it('never throw and return 0 or -4', () => {
    const h = bootHarness({ ramSize: 32 * MiB, kernel: null });
    const next = rng(0x5eed);
    const ramEnd = 32 * MiB;
    const pick = () => {
      // pointers: in RAM, at its end, or anywhere
      const r = next() % 4;
      if (r === 0) return 0x22000 + (next() % 0x1000);
      if (r === 1) return ramEnd - (next() % 16);
      if (r === 2) return next() % 0x100;
      return next();
    };
    h.put(0x22000, new TextEncoder().encode('/chosen\0bootargs\0/rtas\0instantiate-rtas\0'));
    const statuses = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const service = SERVICES[next() % SERVICES.length];
      const nargs = next() % 11;
      const nret = next() % 11;
      const args = Array.from({ length: Math.min(nargs, 10) }, pick);
      const { status } = h.ci(service, nargs, nret, ...args);
      statuses.add(status);
    }
    expect([...statuses].every((s) => s === 0 || s === H_PARAMETER)).toBe(true);
    expect(statuses.size).toBe(2);
  });
  it('RTAS blocks anywhere never throw', () => {
    const h = bootHarness({ ramSize: 32 * MiB, kernel: null });
    const memory = arrayMemory(h.ram);
    const machine = {
      pciConfigRead: () => 0,
      pciConfigWrite: () => {},
      timeOfDay: () => ({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 }),
      powerOff: () => {},
    };
    const next = rng(42);
    for (let i = 0; i < 2000; i++) {
      const at = next() % 3 === 0 ? next() >>> 0 : h.ram.length - (next() % 64);
      const status = pegasos2Rtas(memory, machine, at);
      expect(status === 0 || status === H_PARAMETER).toBe(true);
    }
  });
});
