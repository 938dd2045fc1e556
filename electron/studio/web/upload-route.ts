/**
 * Web mode's file upload: a browser page cannot hand the studio a path on disk (Electron can, with
 * webUtils.getPathForFile), so a dropped or chosen file is streamed here into the library's uploads/
 * folder and then imported by path like any other file. Same token as the API; never buffered.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { checkToken } from './request-guard.ts';

export interface UploadRouteOptions {
  readonly uploadsDir: string;
  /** The web server's token, known only once it has started. */
  readonly token: () => string;
}

/** Keeps the user's file name recognisable but safe as one path segment on every OS. */
export function safeUploadName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/'));
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]+/gu, '_').replace(/^\.+/, '').slice(0, 120).trim();
  return cleaned || 'upload';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** POST /upload?name=<file name> with the raw bytes as body → { ok, value: { path } }. */
export function createUploadRoute(options: UploadRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== '/upload') return false;
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: { code: 'method', message: 'Uploads are POST' } });
      return true;
    }
    const token = options.token();
    const auth = token ? checkToken(req, token) : ({ ok: false, status: 503, reason: 'The studio is still starting' } as const);
    if (!auth.ok) {
      sendJson(res, auth.status, { ok: false, error: { code: 'unauthorized', message: auth.reason } });
      return true;
    }
    const name = safeUploadName(url.searchParams.get('name') ?? '');
    // A per-upload folder keeps the original name (it becomes the asset's name) without collisions.
    const dir = path.join(options.uploadsDir, `${Date.now()}-${randomBytes(4).toString('hex')}`);
    const target = path.join(dir, name);
    const partial = `${target}.part`;
    try {
      await mkdir(dir, { recursive: true });
      await pipeline(req, createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, target);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      const message = `Upload of "${name}" failed: ${(err as Error).message}`;
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'upload-failed', message, hint: 'Check free disk space in the library folder and try again.' } });
      return true;
    }
    sendJson(res, 200, { ok: true, value: { path: target } });
    return true;
  };
}
