import { MFSPR_NAMES, MTSPR_NAMES, numberedSpr } from '../../cpu/spr.js';
import * as F from '../fields.js';
import type { OperandKind } from '../operands.js';
import { Flag, type InsnDef } from '../types.js';
import { dotLong, insnText } from './branch.js';
import { D, X, X0 } from './forms.js';

// System instructions: sc, rfi, isync, traps, CR/MSR/SPR/SR moves, TLB and cache control,
// sync/eieio and the AltiVec data-stream hints. Reserved-bit masks are the bits objdump -M 7450
// rejects (measured bit by bit against objdump 2.40; see test/decoder/system.test.ts).

/** Operand-less X-form: every operand bit is reserved. */
const NO_OPERANDS = 0x03fff800;

/**
 * Trap conditions with a simplified mnemonic (binutils ppc-opc.c "tweq" … "twu" rows,
 * TO = lt gt eq lgt llt from the most significant bit).
 */
const TRAP_NAMES: Record<number, string> = {
  1: 'lgt',
  2: 'llt',
  4: 'eq',
  5: 'lge',
  6: 'lle',
  8: 'gt',
  12: 'ge',
  16: 'lt',
  20: 'le',
  24: 'ne',
  31: 'u',
};
const trapAliases = (immediate: boolean) =>
  Object.entries(TRAP_NAMES).map(([to, cond]) => ({
    name: `tw${cond}${immediate ? 'i' : ''}`,
    when: (w: number) => F.rt(w) === Number(to),
    operands: (immediate ? ['ra', 'si'] : ['ra', 'rb']) as OperandKind[],
  }));

function formatMfspr(w: number): string {
  const spr = F.spr(w);
  const rd = `r${F.rt(w)}`;
  const name = MFSPR_NAMES[spr];
  if (name) return insnText(`mf${name}`, rd);
  const numbered = numberedSpr(spr);
  if (numbered) return insnText(`mf${numbered[0]}`, `${rd},${numbered[1]}`);
  return insnText('mfspr', `${rd},${spr}`);
}

function formatMtspr(w: number): string {
  const spr = F.spr(w);
  const rs = `r${F.rt(w)}`;
  const name = MTSPR_NAMES[spr];
  if (name) return insnText(`mt${name}`, rs);
  const numbered = numberedSpr(spr);
  if (numbered) return insnText(`mt${numbered[0]}`, `${numbered[1]},${rs}`);
  return insnText('mtspr', `${spr},${rs}`);
}

/** An optional trailing one-bit operand (mtmsr L, tlbie L, dcbf L): printed only when set. */
const optionalBit = (bit: number, base: (w: number) => string) => (w: number) => (w & bit ? `${base(w)},1` : undefined);

/**
 * Bit 11 of mfcr/mtcrf selects the one-field forms mfocrf/mtocrf (PowerPC 2.01), which objdump
 * prints when exactly one FXM bit is set; the 7450 ignores the bit (mfcr/mtcrf semantics).
 * mfcr without it must have FXM = 0.
 */
const ONE_FIELD = 0x00100000;
function formatOneField(w: number, oneField: (fxm: number) => string): string | undefined {
  const fxm = F.crm(w);
  if (!(w & ONE_FIELD)) return fxm === 0 ? undefined : dotLong(w);
  return fxm !== 0 && (fxm & (fxm - 1)) === 0 ? oneField(fxm) : dotLong(w);
}

/** dcbf L (bits 9–10): objdump accepts 0, 1 and 3 and prints a non-zero L. */
function formatDcbf(w: number): string | undefined {
  const l = (w >>> 21) & 3;
  if (l === 0) return undefined;
  if (l === 2) return dotLong(w);
  return insnText('dcbf', `${F.ra(w) === 0 ? '0' : `r${F.ra(w)}`},r${F.rb(w)},${l}`);
}

const PRIV = Flag.Privileged;
const CACHE = 'cache' as const;

export const system: InsnDef[] = [
  {
    name: 'sc',
    // Bit 30 is 1 in sc; bits 6–15 and 31 are reserved (objdump rejects them), LEV is bits 20–26.
    match: 0x44000002,
    mask: (0xfc000000 | 0x03ff0003) >>> 0,
    operands: ['lev'],
    family: 'system',
    flags: Flag.EndsBlock,
    aliases: [{ name: 'sc', when: (w) => F.lev(w) === 0, operands: [] }],
  },
  {
    name: 'rfi',
    ...X0(19, 50, NO_OPERANDS),
    operands: [],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
  },
  {
    name: 'isync',
    ...X0(19, 150, NO_OPERANDS),
    operands: [],
    family: 'system',
    flags: Flag.EndsBlock | Flag.ContextSync,
  },
  {
    name: 'twi',
    ...D(3),
    operands: ['to', 'ra', 'si'],
    family: 'system',
    flags: Flag.EndsBlock,
    aliases: trapAliases(true),
  },
  {
    name: 'tw',
    ...X0(31, 4),
    operands: ['to', 'ra', 'rb'],
    family: 'system',
    flags: Flag.EndsBlock,
    aliases: [{ name: 'trap', when: (w) => (w & 0x03fff800) === 0x03e00000, operands: [] }, ...trapAliases(false)],
  },
  {
    name: 'mfcr',
    ...X0(31, 19, 0x00000800),
    operands: ['rt'],
    family: 'system',
    flags: Flag.ReadsCR,
    format: (w) => formatOneField(w, (fxm) => insnText('mfocrf', `r${F.rt(w)},${fxm}`)),
  },
  {
    name: 'mtcrf',
    ...X0(31, 144, 0x00000800),
    operands: ['crm', 'rs'],
    family: 'system',
    // Fields FXM leaves out keep their value: a read-modify-write of CR.
    flags: Flag.ReadsCR | Flag.WritesCR,
    aliases: [{ name: 'mtcr', when: (w) => F.crm(w) === 0xff, operands: ['rs'] }],
    format: (w) => (w & ONE_FIELD ? formatOneField(w, (fxm) => insnText('mtocrf', `${fxm},r${F.rt(w)}`)) : undefined),
  },
  {
    name: 'mcrxr',
    ...X0(31, 512, 0x007ff800),
    operands: ['crfd'],
    family: 'system',
    flags: Flag.ReadsCR | Flag.WritesCR | Flag.ReadsCA | Flag.WritesCA,
  },
  { name: 'mfmsr', ...X0(31, 83, 0x001ff800), operands: ['rt'], family: 'system', flags: PRIV },
  {
    name: 'mtmsr',
    // Bit 15 is L (mtmsr rS,1: only EE and RI change — 64-bit ISA; printed by objdump).
    ...X0(31, 146, 0x001ef800),
    operands: ['rs'],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
    format: optionalBit(0x10000, (w) => insnText('mtmsr', `r${F.rt(w)}`)),
  },
  {
    name: 'mfspr',
    ...X0(31, 339),
    operands: ['rt', 'spr'],
    family: 'system',
    flags: Flag.CanFault | Flag.ReadsLR | Flag.ReadsCTR | Flag.ReadsCA,
    format: formatMfspr,
  },
  {
    name: 'mtspr',
    ...X0(31, 467),
    operands: ['spr', 'rs'],
    family: 'system',
    flags: Flag.CanFault | Flag.WritesLR | Flag.WritesCTR | Flag.WritesCA,
    format: formatMtspr,
  },
  {
    name: 'mftb',
    // TBR 268 (TBL) or 269 (TBU): the halves are swapped, so the two differ in bit 15 only.
    match: ((31 << 26) | (12 << 16) | (8 << 11) | (371 << 1)) >>> 0,
    mask: (0xfc000000 | 0x001ef800 | 0x7ff) >>> 0,
    operands: ['rt'],
    family: 'system',
    flags: Flag.None,
    aliases: [{ name: 'mftbu', when: (w) => (w & 0x10000) !== 0, operands: ['rt'] }],
  },
  { name: 'mfsr', ...X0(31, 595, 0x0010f800), operands: ['rt', 'sr'], family: 'system', flags: PRIV },
  { name: 'mfsrin', ...X0(31, 659, 0x001f0000), operands: ['rt', 'rb'], family: 'system', flags: PRIV },
  {
    name: 'mtsr',
    ...X0(31, 210, 0x0010f800),
    operands: ['sr', 'rs'],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
  },
  {
    name: 'mtsrin',
    ...X0(31, 242, 0x001f0000),
    operands: ['rs', 'rb'],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
  },
  {
    name: 'tlbie',
    ...X0(31, 306, 0x03df0000),
    operands: ['rb'],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
    format: optionalBit(0x200000, (w) => insnText('tlbie', `r${F.rb(w)}`)),
  },
  {
    name: 'tlbia',
    ...X0(31, 370, NO_OPERANDS),
    operands: [],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
  },
  { name: 'tlbsync', ...X0(31, 566, NO_OPERANDS), operands: [], family: 'system', flags: PRIV },
  // MPC7450 software table-search reloads (MPC7450 RM §5.5.5): privileged.
  {
    name: 'tlbld',
    ...X0(31, 978, 0x03ff0000),
    operands: ['rb'],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
  },
  {
    name: 'tlbli',
    ...X0(31, 1010, 0x03ff0000),
    operands: ['rb'],
    family: 'system',
    flags: Flag.EndsBlock | PRIV | Flag.ContextSync,
  },
  {
    name: 'sync',
    ...X0(31, 598, 0x03dff800),
    operands: [],
    family: 'system',
    flags: Flag.None,
    aliases: [{ name: 'lwsync', when: (w) => (w & 0x200000) !== 0, operands: [] }],
  },
  { name: 'eieio', ...X0(31, 854, NO_OPERANDS), operands: [], family: 'system', flags: Flag.None },
  // Cache-block operations (EA = (RA|0) + RB). dcbt/dcbtst ignore the RT field (TH), as objdump does.
  { name: 'dcbst', ...X0(31, 54, 0x03e00000), operands: ['ra0', 'rb'], family: CACHE, flags: Flag.None },
  {
    name: 'dcbf',
    ...X0(31, 86, 0x03800000),
    operands: ['ra0', 'rb'],
    family: CACHE,
    flags: Flag.None,
    format: formatDcbf,
  },
  { name: 'dcbtst', ...X0(31, 246), operands: ['ra0', 'rb'], family: CACHE, flags: Flag.None },
  { name: 'dcbt', ...X0(31, 278), operands: ['ra0', 'rb'], family: CACHE, flags: Flag.None },
  { name: 'dcbi', ...X0(31, 470, 0x03e00000), operands: ['ra0', 'rb'], family: CACHE, flags: PRIV },
  { name: 'dcba', ...X0(31, 758, 0x03e00000), operands: ['ra0', 'rb'], family: CACHE, flags: Flag.None },
  {
    name: 'dcbz',
    ...X0(31, 1014, 0x03e00000),
    operands: ['ra0', 'rb'],
    family: CACHE,
    flags: Flag.CanFault | Flag.Store,
  },
  { name: 'icbi', ...X0(31, 982, 0x03e00000), operands: ['ra0', 'rb'], family: CACHE, flags: Flag.CanFault },
  // External control (eciwx/ecowx): word load/store through EAR; treated as plain accesses.
  { name: 'eciwx', ...X0(31, 310), operands: ['rt', 'ra0', 'rb'], family: 'system', flags: Flag.CanFault | Flag.Load },
  { name: 'ecowx', ...X0(31, 438), operands: ['rs', 'ra0', 'rb'], family: 'system', flags: Flag.CanFault | Flag.Store },
  // AltiVec data-stream hints: bit 31 is ignored, T (bit 6) selects the transient form. They exist
  // only on AltiVec CPUs but do not depend on MSR[VEC].
  {
    name: 'dst',
    ...X(31, 342),
    operands: ['ra', 'rb', 'strm'],
    family: CACHE,
    feature: 'altivec',
    flags: Flag.IgnoresMsrEnable,
    aliases: [{ name: 'dstt', when: (w) => (w & 0x02000000) !== 0, operands: ['ra', 'rb', 'strm'] }],
  },
  {
    name: 'dstst',
    ...X(31, 374),
    operands: ['ra', 'rb', 'strm'],
    family: CACHE,
    feature: 'altivec',
    flags: Flag.IgnoresMsrEnable,
    aliases: [{ name: 'dststt', when: (w) => (w & 0x02000000) !== 0, operands: ['ra', 'rb', 'strm'] }],
  },
  {
    name: 'dss',
    ...X(31, 822),
    operands: ['strm'],
    family: CACHE,
    feature: 'altivec',
    flags: Flag.IgnoresMsrEnable,
    aliases: [{ name: 'dssall', when: (w) => (w & 0x02000000) !== 0, operands: [] }],
  },
];
