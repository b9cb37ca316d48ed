// A static server for the browser tests: dist/web (what `npm run build:web` writes) on
// 127.0.0.1 at an ephemeral port, plus test guests under guest/ inside the same folder, so the
// page loads them with ?kernel=guest/NAME as it would any file next to it.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

export interface PageServer {
  url: string;
  /** Every path the page asked for, in order (to check it stays inside its folder). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `root`; `guests` maps a name to a file served as guest/NAME. */
export async function servePage(root: string, guests: Record<string, string> = {}): Promise<PageServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const guest = path.startsWith('/guest/') ? guests[path.slice('/guest/'.length)] : undefined;
    const file = guest ?? join(root, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(root) && !guest) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
