/**
 * Web mode: the renderer build and the studio API contract over HTTP from the headless command, so
 * the whole UI runs in any browser (and is tested end to end in Chromium). Same handlers, same
 * validation as Electron's IPC (api/dispatch.ts); only the transport differs.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatch, type Handlers } from '../api/dispatch.ts';
import { rendererCsp } from './renderer-csp.ts';
import { checkHostAndOrigin, checkToken } from './request-guard.ts';

export interface WebServerOptions {
  readonly handlers: Handlers;
  /** The renderer build (dist/renderer). */
  readonly rendererDir: string;
  readonly port?: number;
  /** Fixed token (tests); default: 32 random bytes per launch. */
  readonly token?: string;
  /** Extra routes under /upload etc., tried after the API and before static files. */
  readonly extraRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** Origins of the local streaming endpoint, allowed for media in the page's CSP. */
  readonly mediaOrigins?: readonly string[];
}

export interface WebServer {
  readonly server: Server;
  readonly port: number;
  readonly token: string;
  /** The URL to open: it carries the token. */
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

const MAX_API_BODY = 1 << 20;


function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_API_BODY) throw Object.assign(new Error('Request body too large'), { code: 'too-large' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

async function serveStatic(root: string, url: URL, res: ServerResponse, csp: string): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end('Bad path');
    return;
  }
  if (rel.includes('\0')) {
    res.writeHead(400).end('Bad path');
    return;
  }
  if (rel === '/' || path.posix.extname(rel) === '') rel = '/index.html';
  const file = path.resolve(root, '.' + path.posix.normalize(rel));
  if (!file.startsWith(path.resolve(root) + path.sep)) {
    res.writeHead(404).end('Not found');
    return;
  }
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a file');
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': st.size,
      'x-content-type-options': 'nosniff',
      'cache-control': file.endsWith('index.html') ? 'no-cache' : 'max-age=3600',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = csp;
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404).end(`Not found. Is the renderer built? (npm run build:renderer)`);
  }
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const csp = rendererCsp(options.mediaOrigins ?? []);
  let port = 0;

  const server = createServer((req, res) => {
    const verdict = checkHostAndOrigin(req, port);
    if (!verdict.ok) {
      sendJson(res, verdict.status, { ok: false, error: { code: 'forbidden', message: verdict.reason } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    void (async () => {
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') {
          sendJson(res, 405, { ok: false, error: { code: 'method', message: 'API calls are POST' } });
          return;
        }
        const auth = checkToken(req, token);
        if (!auth.ok) {
          sendJson(res, auth.status, { ok: false, error: { code: 'unauthorized', message: auth.reason } });
          return;
        }
        let input: unknown;
        try {
          input = await readJson(req);
        } catch (err) {
          sendJson(res, 400, { ok: false, error: { code: 'invalid-json', message: (err as Error).message } });
          return;
        }
        const reply = await dispatch(options.handlers, url.pathname.slice('/api/'.length), input);
        const status = reply.ok ? 200 : reply.error.code === 'unknown-operation' ? 404 : reply.error.code === 'invalid-input' ? 400 : 422;
        sendJson(res, status, reply);
        return;
      }
      if (options.extraRoutes && (await options.extraRoutes(req, res, url))) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      await serveStatic(options.rendererDir, url, res, csp);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(err) } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
