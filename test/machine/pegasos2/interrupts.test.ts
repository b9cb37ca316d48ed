import { describe, expect, it } from 'vitest';
import { findCpuModel } from '../../../src/cpu/models.js';
import { CascadedPic } from '../../../src/machine/devices/i8259.js';
import { parseElf } from '../../../src/machine/elf.js';
import { Pegasos2, type Pegasos2Options } from '../../../src/machine/pegasos2/machine.js';
import { R } from '../../../src/runtime/cpu-state.js';
import { tinyElf } from '../elf-builder.js';

const d = (op: number, rt: number, ra: number, imm: number) =>
  ((op << 26) | (rt << 21) | (ra << 16) | (imm & 0xffff)) >>> 0;
const li = (rt: number, v: number) => d(14, rt, 0, v);
const lis = (rt: number, v: number) => d(15, rt, 0, v);
const ori = (ra: number, rs: number, v: number) => d(24, rs, ra, v);
const stb = (rs: number, off: number, ra: number) => d(38, rs, ra, off);
const stw = (rs: number, off: number, ra: number) => d(36, rs, ra, off);
const lbz = (rt: number, off: number, ra: number) => d(34, rt, ra, off);
const mtmsr = (rs: number) => ((31 << 26) | (rs << 21) | (146 << 1)) >>> 0;
const SC = 0x44000002;
const MTDEC_R10 = 0x7d5603a6;
const SPIN = 0x48000000; // b .

/** Stores `words` at physical `addr` (real mode) with lis/ori/stw. */
const poke = (addr: number, words: number[]) =>
  words.flatMap((w, i) => [lis(10, w >>> 16), ori(10, 10, w & 0xffff), stw(10, addr + 4 * i, 0)]);
/** MOL OSI call 54 (exit): r3/r4 the OSI magic, r5 the call number. */
const OSI_EXIT = [lis(3, 0x1137), ori(3, 3, 0x24fa), lis(4, 0x7781), ori(4, 4, 0x0f9b), li(5, 54), SC];
/** A 7400 pegasos2 running `program` as its client, with MOL OSI calls intercepted. */
const osiClient = (program: number[], extra: Partial<Pegasos2Options> = {}) =>
  new Pegasos2({
    model: findCpuModel('7400'),
    ramMb: 64,
    kernel: parseElf(tinyElf(program)),
    vofEntry: 'vhyp',
    osi: true,
    output: () => {},
    ...extra,
  });
const isaOut = (port: number, value: number) => [li(10, value), stb(10, port, 9)];

describe('external interrupts on pegasos2', () => {
  it('the i8259 pair prioritises, masks, cascades and takes EOIs', () => {
    const pic = new CascadedPic();
    for (const [port, v] of [
      [0, 0x11],
      [1, 0x20],
      [1, 0x04],
      [1, 0x01],
    ] as const)
      pic.master.write(port, v);
    for (const [port, v] of [
      [0, 0x11],
      [1, 0x28],
      [1, 0x02],
      [1, 0x01],
    ] as const)
      pic.slave.write(port, v);
    pic.master.write(1, 0xf3); // IRQ2 (cascade) and IRQ3 unmasked
    pic.slave.write(1, 0xfe); // IRQ8 unmasked
    pic.setLine(4, true);
    expect(pic.interruptRequested).toBe(false); // masked
    pic.setLine(8, true);
    pic.setLine(3, true);
    expect(pic.acknowledge()).toBe(0x28); // slave IRQ8 through the cascade on IRQ2 beats IRQ3
    expect(pic.interruptRequested).toBe(false); // IRQ2 in service blocks IRQ3
    pic.slave.write(0, 0x20);
    pic.master.write(0, 0x20);
    expect(pic.acknowledge()).toBe(0x23);
  });

  it('a UART receive interrupt reaches the CPU at 0x500 and the vector comes from interrupt-acknowledge', () => {
    const handler = [
      lis(9, 0xf100),
      lbz(20, 0xcb4, 9), // INTA: the vector
      lis(9, 0xfe00),
      lbz(21, 0x2f8, 9), // the received byte
      ...OSI_EXIT,
    ];
    const program = [
      ...poke(0x500, handler),
      lis(9, 0xfe00),
      ...isaOut(0x20, 0x11),
      ...isaOut(0x21, 0x00),
      ...isaOut(0x21, 0x04),
      ...isaOut(0x21, 0x01),
      ...isaOut(0x21, 0xf7),
      ...isaOut(0x2f9, 0x01), // UART: receive interrupt enable
      lis(10, 0x7fff),
      ori(10, 10, 0xffff),
      MTDEC_R10, // no decrementer interrupt for a while
      lis(11, 0),
      ori(11, 11, 0x9000),
      mtmsr(11), // EE|ME, IP cleared: vectors at 0
      SPIN,
    ];
    const machine = osiClient(program);
    expect(machine.run(200)).toEqual({ kind: 'timeout' });
    machine.uart.receive([0x78]);
    expect(machine.run(5_000)).toEqual({ kind: 'exit' });
    const s = machine.s;
    expect([s.gpr[20], s.gpr[21]]).toEqual([3, 0x78]);
    expect(s.spr[26] >>> 0).toBe(0x400000 + 4 * (program.length - 1)); // SRR0 = the spin loop
    expect(s.spr[27] & 0x9000).toBe(0x9000); // SRR1 kept EE|ME
    expect(s.r[R.MSR] & 0x8000).toBe(0); // EE off in the handler
  });

  it('a CPU dozing with MSR[POW] skips guest time to the decrementer instead of waiting for it', () => {
    const mtHid0 = (rs: number) => ((31 << 26) | (rs << 21) | (16 << 16) | (31 << 11) | (467 << 1)) >>> 0;
    const program = [
      ...poke(0x900, OSI_EXIT),
      lis(10, 0x0080),
      mtHid0(10), // HID0[DOZE]
      lis(10, 0x7fff),
      ori(10, 10, 0xffff),
      MTDEC_R10, // 64 s at 33.3 MHz
      lis(11, 0x0004),
      ori(11, 11, 0x9000),
      mtmsr(11), // POW|EE|ME: doze until the decrementer
      SPIN,
    ];
    // The host clock stands still: only the skip can move guest time.
    const machine = osiClient(program, { nowMs: () => 0 });
    expect(machine.run(5_000)).toEqual({ kind: 'exit' });
    expect(machine.idleTicks).toBeGreaterThanOrEqual(0x7fffffff);
    expect(machine.timeBase.ticks()).toBeGreaterThanOrEqual(0x80000000);
    expect(machine.s.spr[26] >>> 0).toBe(0x400000 + 4 * (program.length - 1)); // SRR0: the instruction after mtmsr
  });
});
