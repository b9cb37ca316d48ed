// Worker thread of `--gdb PORT`: owns the listening socket so that the guest, which runs
// synchronously on the main thread and blocks there while stopped in gdb, still hears from gdb.
// Bytes go to the main thread through a MessagePort it reads synchronously (receiveMessageOnPort),
// each message announced by bumping ctl[0] (Atomics.notify wakes a main thread waiting on it).
import { createServer, type Socket } from 'node:net';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';

export interface GdbWorkerData {
  port: number;
  ctl: SharedArrayBuffer;
  toMain: MessagePort;
}

/** Worker → main. */
export type GdbWorkerEvent =
  | { kind: 'listening'; port: number }
  | { kind: 'error'; message: string }
  | { kind: 'connected'; peer: string }
  | { kind: 'refused'; peer: string }
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'disconnected' }
  | { kind: 'closed' };

/** Main → worker. */
export type GdbWorkerCommand = { kind: 'send'; bytes: Uint8Array } | { kind: 'close-client' } | { kind: 'shutdown' };

/** What a second client reads before it is closed: a gdb error reply (`E.text`) it prints. */
export const REFUSAL = 'E.ppcjit: another gdb is already connected (one client at a time)';

const { port, ctl, toMain } = workerData as GdbWorkerData;
const seq = new Int32Array(ctl);

function post(event: GdbWorkerEvent): void {
  toMain.postMessage(event);
  Atomics.add(seq, 0, 1);
  Atomics.notify(seq, 0);
}

function frame(payload: string): string {
  let sum = 0;
  for (const c of Buffer.from(payload, 'latin1')) sum = (sum + c) & 0xff;
  return `$${payload}#${sum.toString(16).padStart(2, '0')}`;
}

let client: Socket | undefined;
const peerOf = (s: Socket) => `${s.remoteAddress}:${s.remotePort}`;

const server = createServer((socket) => {
  if (client) {
    post({ kind: 'refused', peer: peerOf(socket) });
    socket.end(`+${frame(REFUSAL)}`);
    return;
  }
  client = socket;
  socket.setNoDelay(true);
  post({ kind: 'connected', peer: peerOf(socket) });
  socket.on('data', (bytes) => {
    if (client === socket) post({ kind: 'data', bytes: new Uint8Array(bytes) });
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    if (client !== socket) return;
    client = undefined;
    post({ kind: 'disconnected' });
  });
});
server.on('error', (e: NodeJS.ErrnoException) => post({ kind: 'error', message: e.code ?? e.message }));
// Loopback only: a debugger can read and write everything in the guest.
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  post({ kind: 'listening', port: typeof address === 'object' && address ? address.port : port });
});

parentPort?.on('message', (command: GdbWorkerCommand) => {
  switch (command.kind) {
    case 'send':
      client?.write(command.bytes);
      break;
    case 'close-client':
      client?.end();
      client = undefined;
      break;
    case 'shutdown':
      server.close();
      if (client) client.end(() => post({ kind: 'closed' }));
      else post({ kind: 'closed' });
      break;
  }
});
