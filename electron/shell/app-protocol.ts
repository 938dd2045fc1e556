import path from 'node:path';
import type { Protocol } from 'electron';
import { rendererCsp } from '../studio/index.ts';

/** The privileged scheme the renderer build is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://studio`;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Maps an app:// URL to a file inside `root`, or null when it would leave it (`..`, encoded
 * separators, another host). `/` and unknown routes without an extension serve index.html (SPA).
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== 'studio') return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || path.posix.extname(pathname) === '') pathname = '/index.html';
  const resolved = path.resolve(root, '.' + path.posix.normalize(pathname));
  const rootWithSep = path.resolve(root) + path.sep;
  return resolved.startsWith(rootWithSep) ? resolved : null;
}

export function mimeTypeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Serves the renderer build under app://studio/ with the CSP header; anything outside → 404. */
export function registerAppProtocol(protocol: Protocol, root: string, readFile: (p: string) => Promise<Uint8Array>): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(Buffer.from(body), {
        headers: {
          'content-type': mimeTypeOf(file),
          'content-security-policy': rendererCsp(),
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
