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
import { checkUploadStart, DEFAULT_UPLOAD_LIMITS, uploadGuard, UploadLimitError, type UploadLimits } from './upload-limits.ts';

export interface UploadRouteOptions {
  readonly uploadsDir: string;
  /** The web server's token, known only once it has started. */
  readonly token: () => string;
  /** Size limit and free space to keep (defaults: 50 GiB, 1 GiB). */
  readonly limits?: Partial<UploadLimits>;
}

/** Longest kept name, extension included. */
const MAX_NAME = 120;
/** Names Windows reserves for devices, with or without an extension (CON, CON.mp4, com1 …). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³]|conin\$|conout\$)(\.|$)/i;

/** A file name web mode cannot store as given. */
export class UploadNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadNameError';
  }
}

/**
 * Keeps the user's file name recognisable but safe as one path segment on every OS: long names are cut
 * in the stem so the extension (what import and ffprobe go by) survives; Windows device names are refused.
 */
export function safeUploadName(name: string): string {
  const base = path.basename(name.replaceAll('\\', '/'));
  // Trailing dots and spaces are dropped by Windows, which would change the name under us.
  const cleaned = base.replace(/[^\p{L}\p{N}._ -]+/gu, '_').replace(/^\.+/, '').replace(/[. ]+$/, '').trim();
  const ext = path.extname(cleaned).slice(0, 16);
  const stem = cleaned.slice(0, cleaned.length - ext.length);
  const kept = cleaned.length <= MAX_NAME ? cleaned : `${stem.slice(0, MAX_NAME - ext.length).trimEnd()}${ext}`;
  if (WINDOWS_RESERVED.test(kept)) {
    throw new UploadNameError(`"${kept}" is a device name on Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9) and cannot be a file name; rename the file and upload it again.`);
  }
  return kept || 'upload';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Answers an upload that will not be taken and closes the connection (the client may still be sending). */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: { code: string; message: string }): void {
  if (res.headersSent) return void res.destroy();
  res.setHeader('connection', 'close');
  sendJson(res, status, { ok: false, error });
  // Stop reading what is left of the body: nothing more is written to disk.
  res.once('finish', () => req.destroy());
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
    const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, ...options.limits };
    let name: string;
    try {
      name = safeUploadName(url.searchParams.get('name') ?? '');
    } catch (err) {
      refuse(req, res, 400, { code: 'invalid-name', message: (err as Error).message });
      return true;
    }
    const length = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : undefined;
    try {
      await checkUploadStart(options.uploadsDir, Number.isFinite(length) ? length : undefined, limits);
    } catch (err) {
      if (!(err instanceof UploadLimitError)) throw err;
      refuse(req, res, err.status, { code: err.status === 413 ? 'too-large' : 'disk-full', message: err.message });
      return true;
    }
    // A per-upload folder keeps the original name (it becomes the asset's name) without collisions.
    const dir = path.join(options.uploadsDir, `${Date.now()}-${randomBytes(4).toString('hex')}`);
    const target = path.join(dir, name);
    const partial = `${target}.part`;
    try {
      await mkdir(dir, { recursive: true });
      await pipeline(req, uploadGuard(options.uploadsDir, limits), createWriteStream(partial, { flags: 'wx' }));
      await rename(partial, target);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      const message = `Upload of "${name}" failed: ${(err as Error).message}`;
      if (err instanceof UploadLimitError) refuse(req, res, err.status, { code: err.status === 413 ? 'too-large' : 'disk-full', message });
      else if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'upload-failed', message, hint: 'Check free disk space in the library folder and try again.' } });
      return true;
    }
    sendJson(res, 200, { ok: true, value: { path: target } });
    return true;
  };
}
