/** pegasos2 RTAS through `sc 1` r3=0xF000 (spec sc-vof-hcall.md §3.6, vectors 44–46). */
import { describe, expect, it } from 'vitest';
import { PEGASOS2_RTAS_TOKENS } from '../../../src/machine/pegasos2/device-tree.js';
import { pegasos2Rtas, type RtasMachine } from '../../../src/machine/pegasos2/rtas.js';
import { arrayMemory, H_PARAMETER } from '../../../src/vof/client-interface.js';
import { cells, readCell } from '../../../src/vof/device-tree.js';

const A = 0x1000;

function setup() {
  const ram = new Uint8Array(0x10000);
  const memory = arrayMemory(ram);
  const log: string[] = [];
  const machine: RtasMachine = {
    pciConfigRead: (bus, address, size) => {
      log.push(`read ${bus} ${address.toString(16)} ${size}`);
      if (bus === 0 && address === 0x6000) return 0x82311106; // VT8231 ISA bridge
      if (bus === 1 && address === 0) return 0x646011ab; // MV64361
      return 0xffffffff;
    },
    pciConfigWrite: (bus, address, size, value) =>
      log.push(`write ${bus} ${address.toString(16)} ${size} ${value.toString(16)}`),
    timeOfDay: () => ({ year: 2026, month: 11, day: 25, hour: 8, minute: 16, second: 25 }),
    powerOff: () => log.push('power-off'),
    displayCharacter: (ch) => log.push(`char ${String.fromCharCode(ch)}`),
    unimplemented: (token) => log.push(`unimplemented ${token}`),
  };
  const call = (token: number, nargs: number, nret: number, ...args: number[]) => {
    ram.fill(0xcc, A, A + 64);
    ram.set(cells(token, nargs, nret, ...args), A);
    const status = pegasos2Rtas(memory, machine, A);
    const rets = Array.from({ length: nret }, (_, i) => readCell(ram.subarray(A + 12 + 4 * nargs), i));
    return { status, rets };
  };
  return { call, log, memory, machine };
}

describe('pegasos2 RTAS', () => {
  it('token numbers come from the /rtas node', () => {
    expect(PEGASOS2_RTAS_TOKENS['get-time-of-day']).toBe(3);
    expect(PEGASOS2_RTAS_TOKENS['read-pci-config']).toBe(8);
    expect(PEGASOS2_RTAS_TOKENS['power-off']).toBe(17);
  });
  it('get-time-of-day 0/8 → 0, year … sec, 0; wrong counts → -1 with H_PARAMETER (vector 44)', () => {
    const { call } = setup();
    expect(call(3, 0, 8)).toEqual({ status: 0, rets: [0, 2026, 11, 25, 8, 16, 25, 0] });
    expect(call(3, 0, 1)).toEqual({ status: H_PARAMETER, rets: [0xffffffff] });
  });
  it('read-pci-config selects the bus by addr >> 24 (vector 45)', () => {
    const { call, log } = setup();
    expect(call(8, 2, 2, 0x6000, 4)).toEqual({ status: 0, rets: [0, 0x82311106] });
    expect(call(8, 2, 2, 0x01000000, 4)).toEqual({ status: 0, rets: [0, 0x646011ab] });
    expect(log).toEqual(['read 0 6000 4', 'read 1 0 4']);
  });
  it('write-pci-config, display-character, power-off', () => {
    const { call, log } = setup();
    expect(call(9, 3, 1, 0x6004, 2, 7)).toEqual({ status: 0, rets: [0] });
    expect(call(10, 1, 1, 0x58)).toEqual({ status: 0, rets: [0] });
    expect(call(17, 2, 1, 0, 0)).toEqual({ status: 0, rets: [0] });
    expect(log).toEqual(['write 0 6004 2 7', 'char X', 'power-off']);
  });
  it('unknown tokens pretend success; nret 0 → H_PARAMETER and nothing written (vector 46)', () => {
    const { call, log } = setup();
    expect(call(99, 0, 1)).toEqual({ status: 0, rets: [0] });
    expect(call(4, 0, 1)).toEqual({ status: 0, rets: [0] });
    expect(call(3, 0, 0)).toEqual({ status: H_PARAMETER, rets: [] });
    expect(log).toEqual(['unimplemented 99', 'unimplemented 4']);
  });
  it('a block outside RAM → H_PARAMETER, never a host exception', () => {
    const { memory, machine } = setup();
    expect(pegasos2Rtas(memory, machine, 0xfff8)).toBe(H_PARAMETER);
    expect(pegasos2Rtas(memory, machine, 0xfffffff0)).toBe(H_PARAMETER);
  });
});
