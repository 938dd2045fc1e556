/**
 * Key delivery on the origin (see key-paths.ts for the URLs): the raw key for HLS and a W3C EME
 * ClearKey licence for DASH/CMAF players, each behind the locator's content key policy. Answers are
 * never cached (no-store) and CORS lets any allowed player page send Authorization and Content-Type.
 * Keys and tokens never reach the request log: the logged path has no query.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { corsHeaders } from './cors.ts';
import type { RequestLogEntry } from './request-log.ts';
import type { LocatorResolver, ResolvedLocator } from '../types/request.ts';
import { keyIdFromBase64, toBase64Url } from '../protection/key-id.ts';
import { parseKeyPath, type KeyRoute } from '../protection/key-paths.ts';
import { checkToken } from './verify-token.ts';
import { redactSecrets } from './redact-secrets.ts';

export interface KeyDeliveryOptions {
  readonly resolveLocator: LocatorResolver;
  readonly corsOrigins: readonly string[];
  readonly now: () => Date;
  readonly onRequest?: ((entry: RequestLogEntry) => void) | undefined;
  readonly onError?: ((err: unknown, path: string) => void) | undefined;
}

interface KeyReply {
  readonly status: number;
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly extra?: Record<string, string>;
}

const MAX_LICENCE_REQUEST = 64 * 1024;

function fail(status: number, code: string, message: string, extra?: Record<string, string>): KeyReply {
  return { status, body: Buffer.from(`${code}: ${message}\n`), contentType: 'text/plain; charset=utf-8', ...(extra && { extra }) };
}

function bearer(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    return match?.[1];
  }
  return url.searchParams.get('token') ?? undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_LICENCE_REQUEST) throw new RangeError('too large');
    chunks.push(b);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

function validLocator(locator: ResolvedLocator | null, now: Date): ResolvedLocator | null {
  if (!locator) return null;
  if (locator.start && now < locator.start) return null;
  if (locator.end && now >= locator.end) return null;
  return locator;
}

/** The key ids a ClearKey licence request asks for (W3C EME §9.1.3), or null when malformed. */
function requestedKeyIds(body: unknown): string[] | null {
  if (typeof body !== 'object' || body === null) return null;
  const kids = (body as { kids?: unknown }).kids;
  if (!Array.isArray(kids) || kids.length === 0 || kids.length > 64) return null;
  const out: string[] = [];
  for (const kid of kids) {
    const id = typeof kid === 'string' ? keyIdFromBase64(kid) : null;
    if (!id) return null;
    out.push(id);
  }
  return out;
}

async function answer(req: IncomingMessage, route: KeyRoute, url: URL, options: KeyDeliveryOptions): Promise<KeyReply> {
  const method = req.method ?? 'GET';
  const wanted = route.kind === 'raw-key' ? ['GET', 'HEAD'] : ['POST'];
  if (!wanted.includes(method)) {
    return fail(405, 'MPE_METHOD_NOT_ALLOWED', `${method} is not supported here; use ${wanted.join(' or ')}`, {
      allow: [...wanted, 'OPTIONS'].join(', '),
    });
  }
  const now = options.now();
  const locator = validLocator(await options.resolveLocator(route.locator), now);
  const protection = locator?.protection;
  if (!protection) return fail(404, 'MPE_RESOURCE_NOT_FOUND', `Streaming locator ${route.locator} has no content key (unknown, expired or not encrypted)`);
  const check = await checkToken(protection.keyPolicy, bearer(req, url), protection.keyId, now);
  if (!check.ok) {
    const extra: Record<string, string> =
      check.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {};
    return fail(check.status, check.status === 401 ? 'MPE_KEY_UNAUTHORIZED' : 'MPE_KEY_FORBIDDEN', check.reason, extra);
  }
  if (route.kind === 'raw-key') {
    if (route.keyId !== protection.keyId.toLowerCase()) {
      return fail(404, 'MPE_RESOURCE_NOT_FOUND', `Key ${route.keyId} is not the content key of locator ${route.locator}`);
    }
    return { status: 200, body: protection.contentKey(), contentType: 'application/octet-stream' };
  }
  let kids: string[] | null;
  try {
    kids = requestedKeyIds(await readJson(req));
  } catch {
    kids = null;
  }
  if (!kids) return fail(400, 'MPE_BAD_LICENSE_REQUEST', 'Send the EME ClearKey licence request JSON: {"kids":["<base64url key id>"],"type":"temporary"}');
  const keys = kids
    .filter((kid) => kid === protection.keyId.toLowerCase())
    .map((kid) => ({ kty: 'oct', kid: toBase64Url(Buffer.from(kid.replaceAll('-', ''), 'hex')), k: toBase64Url(protection.contentKey()) }));
  if (keys.length === 0) return fail(404, 'MPE_RESOURCE_NOT_FOUND', `None of the requested key ids is the content key of locator ${route.locator}`);
  return { status: 200, body: Buffer.from(JSON.stringify({ keys, type: 'temporary' })), contentType: 'application/json' };
}

export function serveKeyDelivery(req: IncomingMessage, res: ServerResponse, pathname: string, options: KeyDeliveryOptions): void {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://origin');
  const cors = corsHeaders(req, options.corsOrigins);
  const log = (status: number, bytes: number): void =>
    options.onRequest?.({
      time: new Date().toISOString(),
      method: req.method ?? '?',
      path: redactSecrets(pathname),
      status,
      bytes,
      ms: Math.round((performance.now() - started) * 100) / 100,
      // Who asked for a key: the endpoint's log shows it beside every request.
      client: req.socket.remoteAddress ?? '',
    });
  if (req.method === 'OPTIONS') {
    res
      .writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
        'access-control-allow-headers': 'Authorization, Content-Type',
        'access-control-max-age': '86400',
      })
      .end();
    log(204, 0);
    return;
  }
  const route = parseKeyPath(pathname);
  const pending = route
    ? answer(req, route, url, options)
    : Promise.resolve(fail(404, 'MPE_RESOURCE_NOT_FOUND', 'Key URLs are /keys/{locator}/{key id} and /keys/{locator}/clearkey'));
  pending
    .catch((err: unknown) => {
      options.onError?.(err, pathname);
      return fail(500, 'MPE_INTERNAL_ERROR', 'Key delivery failed to answer this request');
    })
    .then((r) => {
      res.writeHead(r.status, {
        ...cors,
        'content-type': r.contentType,
        'content-length': r.body.length,
        'cache-control': 'no-store',
        ...r.extra,
      });
      res.end(req.method === 'HEAD' ? undefined : r.body);
      log(r.status, req.method === 'HEAD' ? 0 : r.body.length);
    })
    .catch((err: unknown) => options.onError?.(err, pathname));
}
