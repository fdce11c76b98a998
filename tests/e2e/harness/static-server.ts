import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Where the page fetches the bridge's large answers (see `answers` below). */
export const ANSWER_PATH = '/__gloss/answer/';

/**
 * Serves the built renderer (out/renderer) on a loopback port, as the browser host of the e2e
 * tests. `answers` holds the bridge's large answers, JSON by one-time id: the page fetches each
 * once, at {@link ANSWER_PATH}, and it is gone (see `fixtures.ts`).
 */
export async function serveRenderer(
  root: string,
  answers: Map<string, string> = new Map(),
): Promise<{ url: string; close: () => Promise<void> }> {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(
      `No built renderer in ${root}: run \`npx electron-vite build\` first (npm run test:e2e does).`,
    );
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith(ANSWER_PATH)) {
      const id = path.slice(ANSWER_PATH.length);
      const answer = answers.get(id);
      answers.delete(id);
      if (answer === undefined || req.method !== 'GET') res.writeHead(404).end();
      else
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(answer);
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
