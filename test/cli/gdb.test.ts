// `ppcjit run/boot --gdb` over a real socket, without gdb: the flags' bad values, a second client,
// broken and oversized packets, a client that leaves mid-packet (the guest runs on to its end).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { framePacket } from '../../src/gdb/packet.js';
import { tinyElf } from '../machine/elf-builder.js';

const PPCJIT = fileURLToPath(new URL('../../bin/ppcjit.js', import.meta.url));
const demo = fileURLToPath(new URL('../../demo/demo.elf', import.meta.url));
const ppcjit = (...args: string[]) =>
  spawnSync(process.execPath, [PPCJIT, ...args], { encoding: 'utf8', timeout: 60_000 });

const frame = (payload: string) => Buffer.from(framePacket(payload)).toString('latin1');

/** A connected client that collects what it reads. */
async function client(port: number): Promise<{ socket: Socket; read: () => string; closed: Promise<void> }> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (d) => {
    text += d.toString('latin1');
  });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('error', reject);
  });
  return { socket, read: () => text, closed };
}

/** Waits until `read()` has at least `n` characters. */
async function until(read: () => string, n: number): Promise<string> {
  for (let i = 0; i < 600 && read().length < n; i++) await new Promise((r) => setTimeout(r, 50));
  return read();
}

describe('ppcjit --gdb: bad flag values (one line, exit 2)', () => {
  it.each([
    [['run', '--gdb', '-1', demo], 'ppcjit: invalid --gdb -1: expected a TCP port 0-65535\n'],
    [['run', '--gdb', '70000', demo], 'ppcjit: invalid --gdb 70000: expected a TCP port 0-65535\n'],
    [['run', '--gdb-no-wait', demo], 'ppcjit: --gdb-no-wait needs --gdb PORT\n'],
    [['boot', '--gdb', '1.5'], 'ppcjit: invalid --gdb 1.5: expected a TCP port 0-65535\n'],
    [
      ['boot', '--restore', 'x', '--instances', '2', '--gdb', '1'],
      'ppcjit: Arguments gdb and instances are mutually exclusive\n',
    ],
  ])('%j', (args, stderr) => {
    const r = ppcjit(...args);
    expect(r.stderr).toBe(stderr);
    expect(r.status).toBe(2);
  });

  it('a port already taken', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const r = spawn(process.execPath, [PPCJIT, 'run', '--gdb', String(port), demo], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    r.stderr.on('data', (d) => {
      stderr += d;
    });
    const status = await new Promise((resolve) => r.on('close', resolve));
    server.close();
    expect(stderr).toBe(`ppcjit: --gdb: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
    expect(status).toBe(2);
  });
});

describe('ppcjit run --gdb over a socket', () => {
  it('refuses a second client, survives broken packets, runs on when the client leaves mid-packet', async () => {
    const child = spawn(process.execPath, [PPCJIT, 'run', '--gdb', '0', demo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const portText = await until(() => /listening on 127\.0\.0\.1:(\d+)\n/.exec(stderr)?.[1] ?? '', 1);
    const port = Number(portText);

    const first = await client(port);
    first.socket.write('$?#3f');
    const stop = `+${frame(`T05thread:p01.${child.pid?.toString(16)};`)}`;
    expect(await until(first.read, stop.length)).toBe(stop);

    const second = await client(port);
    await second.closed;
    expect(second.read()).toBe(`+${frame('E.ppcjit: another gdb is already connected (one client at a time)')}`);

    // A wrong checksum, noise, an oversized packet: each a nack; then a good packet still works.
    first.socket.write(`$g#00xyz$${'a'.repeat(0x5000)}#00$qC#b4`);
    const expected = `${stop}--+${frame(`QCp01.${child.pid?.toString(16)}`)}`;
    expect(await until(first.read, expected.length)).toBe(expected);
    // Unknown commands get the empty reply.
    first.socket.write(`${frame('qNotAThing')}`);
    expect(await until(first.read, expected.length + 5)).toBe(`${expected}+$#00`);

    // Half a packet, then gone: the guest is no longer stopped and runs to its end.
    first.socket.end('$m100');
    expect(await exited).toBe(0);
    const plain = ppcjit('run', demo);
    expect(stdout).toBe(plain.stdout);
    const lines = stderr.split('\n');
    expect(lines[0]).toBe(`ppcjit: gdb stub listening on 127.0.0.1:${port}`);
    expect(lines[1]).toMatch(/^ppcjit: gdb connected from 127\.0\.0\.1:\d+$/);
    expect(lines[2]).toMatch(
      /^ppcjit: refused a second gdb connection from 127\.0\.0\.1:\d+ \(one client at a time\)$/,
    );
    expect(lines.length).toBe(4);
  });

  it('Ctrl-C stops a running guest (SIGINT), vKill ends it', async () => {
    // loop: addi r4,r4,1; b loop — runs until gdb stops it.
    const elf = join(mkdtempSync(join(tmpdir(), 'ppcjit-gdb-')), 'spin.elf');
    writeFileSync(elf, tinyElf([0x38840001, 0x4bfffffc]));
    const child = spawn(process.execPath, [PPCJIT, 'run', '--gdb', '0', elf], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const port = Number(await until(() => /listening on 127\.0\.0\.1:(\d+)\n/.exec(stderr)?.[1] ?? '', 1));
    const gdb = await client(port);
    gdb.socket.write(frame('vCont;c'));
    await new Promise((r) => setTimeout(r, 300));
    gdb.socket.write('\x03');
    const stop = `+${frame(`T02thread:p01.${child.pid?.toString(16)};`)}`;
    expect(await until(gdb.read, stop.length)).toBe(stop);
    gdb.socket.write(frame('p40'));
    const pc = await until(gdb.read, stop.length + 13);
    expect([`${stop}+${frame('00400000')}`, `${stop}+${frame('00400004')}`]).toContain(pc);
    gdb.socket.write(frame('vKill;1'));
    expect(await exited).toBe(0);
    expect(gdb.read()).toBe(`${pc}+${frame('OK')}`);
    expect(stderr.split('\n').slice(2)).toEqual(['ppcjit: terminated by gdb (kill)', '']);
  });

  it('--gdb-no-wait: the guest runs at once; a client connecting later stops it and asks why', async () => {
    const elf = join(mkdtempSync(join(tmpdir(), 'ppcjit-gdb-')), 'spin.elf');
    writeFileSync(elf, tinyElf([0x38840001, 0x4bfffffc]));
    const child = spawn(process.execPath, [PPCJIT, 'run', '--gdb', '0', '--gdb-no-wait', elf], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const port = Number(await until(() => /listening on 127\.0\.0\.1:(\d+)\n/.exec(stderr)?.[1] ?? '', 1));
    await new Promise((r) => setTimeout(r, 300));
    const gdb = await client(port);
    // Nothing arrives unasked: the first bytes are the answers to our packets.
    gdb.socket.write(frame('?'));
    const stop = `+${frame(`T05thread:p01.${child.pid?.toString(16)};`)}`;
    expect(await until(gdb.read, stop.length)).toBe(stop);
    // r4 counts the loop's iterations: it ran before gdb came.
    gdb.socket.write(frame('p4'));
    const r4 = (await until(gdb.read, stop.length + 13)).slice(stop.length);
    expect(r4).toMatch(/^\+\$[0-9a-f]{8}#[0-9a-f]{2}$/);
    expect(Number.parseInt(r4.slice(2, 10), 16)).toBeGreaterThan(0);
    gdb.socket.write(frame('vKill;1'));
    expect(await exited).toBe(0);
  });
});
