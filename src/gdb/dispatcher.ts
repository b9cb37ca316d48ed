/**
 * The command side of gdb's remote protocol: turns one packet payload into a reply or an
 * execution request, against a DebugTarget. All-stop mode, one process with one thread, the
 * `multiprocess+` thread ids (`p1.TID`) that QEMU's stub uses, so gdb's messages ("process 1")
 * read as under qemu-ppc. Packets it does not know get the empty reply, as the protocol asks.
 */
import { fromHex, MAX_PACKET_SIZE, toHex, unescapeBinary } from './packet.js';
import { BreakpointType, type DebugTarget, type ResumeAction, type StopEvent } from './target.js';

export type DispatchResult =
  | { kind: 'reply'; payload: string | Uint8Array }
  /** Run the target; the stop reply follows when it stops. */
  | { kind: 'resume'; action: ResumeAction }
  /** Reply OK, then let the guest run on without the debugger. */
  | { kind: 'detach' }
  /** End the guest (`k`, `vKill`); `reply` is sent first when set. */
  | { kind: 'kill'; reply?: string };

/** The process id the stub reports (QEMU's gdbstub numbers its first process 1). */
const PID = 1;
const ERR_INVALID = 'E16'; // EINVAL, as QEMU answers malformed arguments
const ERR_FAULT = 'E0e'; // EFAULT: memory not accessible

const decoder = new TextDecoder('latin1');
const reply = (payload: string | Uint8Array): DispatchResult => ({ kind: 'reply', payload });
const hex8 = (n: number) => n.toString(16).padStart(2, '0');

/** Parses a hex number of at most 8 digits (a 32-bit address or length); undefined otherwise. */
function hexNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9a-fA-F]{1,8}$/.test(text)) return undefined;
  return Number.parseInt(text, 16);
}

export class GdbDispatcher {
  /** The stop reply `?` repeats (the last stop). */
  private lastStop: StopEvent = { kind: 'signal', signal: 5 };

  constructor(private readonly target: DebugTarget) {}

  private get threadId(): string {
    return `p${hex8(PID)}.${this.target.threadId.toString(16)}`;
  }

  /** The stop reply packet for an event (remembered for `?`). */
  stopReply(event: StopEvent): string {
    this.lastStop = event;
    switch (event.kind) {
      case 'exited':
        return `W${hex8(event.status & 0xff)};process:${PID.toString(16)}`;
      case 'terminated':
        return `X${hex8(event.signal & 0xff)};process:${PID.toString(16)}`;
      case 'signal': {
        const watch = event.watch
          ? `${['', '', 'watch', 'rwatch', 'awatch'][event.watch.type]}:${event.watch.address.toString(16)};`
          : '';
        return `T${hex8(event.signal)}${watch}thread:${this.threadId};`;
      }
    }
  }

  handle(payload: Uint8Array): DispatchResult {
    const text = decoder.decode(payload);
    const head = text[0];
    const body = text.slice(1);
    switch (head) {
      case '?':
        return reply(this.stopReply(this.lastStop));
      case 'g':
        return reply(this.readAllRegisters());
      case 'G':
        return reply(this.writeAllRegisters(body));
      case 'p': {
        const n = hexNumber(body);
        const bytes = n === undefined ? undefined : this.target.readRegister(n);
        return reply(bytes ? toHex(bytes) : ERR_INVALID);
      }
      case 'P': {
        const [num, value] = body.split('=');
        const n = hexNumber(num);
        const bytes = value === undefined ? undefined : fromHex(value);
        return reply(n !== undefined && bytes && this.target.writeRegister(n, bytes) ? 'OK' : ERR_INVALID);
      }
      case 'm':
        return reply(this.readMemory(body));
      case 'M':
        return reply(this.writeMemory(body));
      case 'X':
        return reply(this.writeBinary(payload));
      case 'Z':
      case 'z':
        return reply(this.breakpoint(body, head === 'Z'));
      case 'c':
      case 's':
        if (body !== '' && !this.setPc(body)) return reply(ERR_INVALID);
        return { kind: 'resume', action: { step: head === 's', signal: 0 } };
      case 'C':
      case 'S': {
        const [sig, addr] = body.split(';');
        const signal = hexNumber(sig);
        if (signal === undefined || signal > 0xff || (addr !== undefined && !this.setPc(addr)))
          return reply(ERR_INVALID);
        return { kind: 'resume', action: { step: head === 'S', signal } };
      }
      case 'D':
        return { kind: 'detach' };
      case 'k':
        return { kind: 'kill' };
      case 'H':
      case 'T':
        // One thread: selecting or asking about it always succeeds.
        return reply('OK');
      case 'q':
        return this.query(body);
      case 'v':
        return this.vPacket(body);
      default:
        return reply('');
    }
  }

  private query(body: string): DispatchResult {
    if (body.startsWith('Supported')) {
      return reply(`PacketSize=${MAX_PACKET_SIZE.toString(16)};qXfer:features:read+;multiprocess+;vContSupported+`);
    }
    if (body.startsWith('Xfer:features:read:')) return reply(this.features(body.slice('Xfer:features:read:'.length)));
    if (body === 'fThreadInfo') return reply(`m${this.threadId}`);
    if (body === 'sThreadInfo') return reply('l');
    if (body === 'C') return reply(`QC${this.threadId}`);
    if (body === 'Attached' || body.startsWith('Attached:')) return reply(this.target.attached ? '1' : '0');
    if (body === 'Offsets') return reply('Text=00000000;Data=00000000;Bss=00000000');
    if (body.startsWith('Symbol:')) return reply('OK');
    if (body.startsWith('Rcmd,')) {
      const command = fromHex(body.slice(5));
      if (!command) return reply(ERR_INVALID);
      const out = this.target.monitor(decoder.decode(command).trim());
      if (out === undefined)
        return reply(
          toHex(new TextEncoder().encode(`unknown monitor command '${decoder.decode(command)}'; try 'monitor help'\n`)),
        );
      return reply(out === '' ? 'OK' : toHex(new TextEncoder().encode(out)));
    }
    return reply('');
  }

  private vPacket(body: string): DispatchResult {
    if (body === 'Cont?') return reply('vCont;c;C;s;S');
    if (body.startsWith('Cont;')) {
      // The first action for our thread (or for all threads) applies.
      for (const part of body.slice(5).split(';')) {
        const [action, thread] = part.split(':');
        if (thread !== undefined && !this.isOurThread(thread)) continue;
        const kind = action[0];
        if (kind === 'c' || kind === 's') {
          if (action.length !== 1) return reply(ERR_INVALID);
          return { kind: 'resume', action: { step: kind === 's', signal: 0 } };
        }
        if (kind === 'C' || kind === 'S') {
          const signal = hexNumber(action.slice(1));
          if (signal === undefined || signal > 0xff) return reply(ERR_INVALID);
          return { kind: 'resume', action: { step: kind === 'S', signal } };
        }
        return reply(ERR_INVALID);
      }
      return reply(ERR_INVALID);
    }
    if (body === 'Kill' || body.startsWith('Kill;')) return { kind: 'kill', reply: 'OK' };
    if (body === 'MustReplyEmpty') return reply('');
    return reply('');
  }

  /** `p1.-1`, `p1.TID`, `-1`, `TID`, `p-1`: does it name our (only) thread? */
  private isOurThread(thread: string): boolean {
    const m = /^(?:p([0-9a-fA-F]+|-1)\.?)?([0-9a-fA-F]+|-1)?$/.exec(thread);
    if (!m) return false;
    const [, pid, tid] = m;
    const pidOk = pid === undefined || pid === '-1' || Number.parseInt(pid, 16) === PID;
    const tidOk = tid === undefined || tid === '-1' || tid === '0' || Number.parseInt(tid, 16) === this.target.threadId;
    return pidOk && tidOk;
  }

  private features(args: string): string {
    const m = /^([^:]+):([0-9a-fA-F]{1,8}),([0-9a-fA-F]{1,8})$/.exec(args);
    if (!m) return ERR_INVALID;
    const xml = this.target.targetXml(m[1]);
    if (xml === undefined) return 'E00';
    const offset = Number.parseInt(m[2], 16);
    const length = Math.min(Number.parseInt(m[3], 16), MAX_PACKET_SIZE - 16);
    if (offset > xml.length) return ERR_INVALID;
    const chunk = xml.slice(offset, offset + length);
    return (offset + length >= xml.length ? 'l' : 'm') + chunk;
  }

  private readAllRegisters(): string {
    let out = '';
    for (let n = 0; n < this.target.registerCount; n++) {
      const bytes = this.target.readRegister(n);
      if (bytes) out += toHex(bytes);
    }
    return out;
  }

  private writeAllRegisters(hex: string): string {
    const bytes = fromHex(hex);
    if (!bytes) return ERR_INVALID;
    let at = 0;
    for (let n = 0; n < this.target.registerCount && at < bytes.length; n++) {
      const size = this.target.readRegister(n)?.length ?? 0;
      if (size === 0) continue;
      if (at + size > bytes.length) return ERR_INVALID;
      this.target.writeRegister(n, bytes.subarray(at, at + size));
      at += size;
    }
    return 'OK';
  }

  /** `ADDR,LENGTH` → [address, length], or undefined when malformed or longer than a packet holds. */
  private range(text: string): [number, number] | undefined {
    const [a, l] = text.split(',');
    const address = hexNumber(a);
    const length = hexNumber(l);
    if (address === undefined || length === undefined || length > MAX_PACKET_SIZE) return undefined;
    return [address, length];
  }

  private readMemory(body: string): string {
    const r = this.range(body);
    if (!r) return ERR_INVALID;
    // A reply holds two hex digits per byte.
    const bytes = this.target.readMemory(r[0], Math.min(r[1], (MAX_PACKET_SIZE - 4) >> 1));
    if (bytes.length === 0 && r[1] > 0) return ERR_FAULT;
    return toHex(bytes);
  }

  private writeMemory(body: string): string {
    const [where, hex] = body.split(':');
    const r = this.range(where);
    const bytes = hex === undefined ? undefined : fromHex(hex);
    if (!r || !bytes || bytes.length !== r[1]) return ERR_INVALID;
    return this.target.writeMemory(r[0], bytes) ? 'OK' : ERR_FAULT;
  }

  private writeBinary(payload: Uint8Array): string {
    const colon = payload.indexOf(0x3a);
    if (colon < 0) return ERR_INVALID;
    const r = this.range(decoder.decode(payload.subarray(1, colon)));
    const bytes = unescapeBinary(payload.subarray(colon + 1));
    if (!r || !bytes || bytes.length !== r[1]) return ERR_INVALID;
    if (bytes.length === 0) return 'OK'; // gdb's probe for X support
    return this.target.writeMemory(r[0], bytes) ? 'OK' : ERR_FAULT;
  }

  private breakpoint(body: string, insert: boolean): string {
    const [t, a, k] = body.split(/[,;]/);
    const type = Number(t);
    const address = hexNumber(a);
    const length = hexNumber(k);
    if (!/^[0-4]$/.test(t ?? '') || address === undefined || length === undefined) return ERR_INVALID;
    if (type >= BreakpointType.WriteWatch && (length === 0 || length > 0x1000)) return ERR_INVALID;
    return this.target.setBreakpoint(type as BreakpointType, address, length, insert) ? 'OK' : 'E01';
  }

  /** `c ADDR`, `s ADDR`: resume at ADDR (the pc register). */
  private setPc(text: string): boolean {
    const address = hexNumber(text);
    if (address === undefined) return false;
    this.target.setPc(address);
    return true;
  }
}
