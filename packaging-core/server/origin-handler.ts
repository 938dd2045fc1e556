/**
 * The origin as a plain `node:http` request handler: AMS URL → locator → asset → just-in-time
 * package → HTTP response with the semantics players, ffmpeg and CDNs need (GET/HEAD, Range, ETag,
 * Cache-Control, CORS). Stateless per request but for caches, so any number of processes can serve
 * one library behind a CDN.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { FilteredPresentations } from '../presentation/filters/filtered-presentations.ts';
import { requestFilters } from '../presentation/filters/request-filters.ts';
import { serveKeyDelivery } from './key-delivery.ts';
import { isKeyPath } from '../protection/key-paths.ts';
import { LruCache } from '../presentation/lru-cache.ts';
import { presentationId } from '../presentation/presentation-id.ts';
import { createPackagingCaches, packageRequest, type PresentationSource } from '../packager/package-request.ts';
import type { Body } from '../types/body.ts';
import { MediaError, OriginError } from '../types/errors.ts';
import { FORMATS } from '../formats/format-table.ts';
import type { LocatorResolver, OriginRequest, ResolvedLocator } from '../types/request.ts';
import { parseOriginPath } from '../url/parse-url.ts';
import { bodyFromString } from '../io/body-slice.ts';
import { sharedBufferPool } from '../io/buffer-pool.ts';
import { BYTE_ARENA_BYTES, byteArena } from '../io/copy-arena.ts';
import { ORIGIN_MEMORY } from '../io/memory-budget.ts';
import { containedFile, RecentlyContained } from '../io/contained-file.ts';
import { statSource } from '../io/byte-source.ts';
import { corsHeaders, preflightHeaders } from './cors.ts';
import { FileReader } from '../io/file-reader.ts';
import { CLIENT_ACCESS_POLICY, CROSS_DOMAIN_POLICY } from './policy-files.ts';
import { parseRange } from './range.ts';
import { redactSecrets } from './redact-secrets.ts';
import type { RequestLogEntry } from './request-log.ts';
import { writeBody } from './write-body.ts';

export interface OriginOptions {
  readonly resolveLocator: LocatorResolver;
  /** Opens (and caches) presentations; the default keeps a bounded LRU per process. */
  readonly presentations: PresentationSource;
  /** `Cache-Control: max-age` of manifests and playlists, seconds (default 60). */
  readonly manifestMaxAge?: number;
  /** `Cache-Control: max-age` of segments, init segments and downloads (default one year). */
  readonly segmentMaxAge?: number;
  /** Origins allowed by CORS; empty or ['*'] = any (default). */
  readonly corsOrigins?: readonly string[];
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /** Unexpected failures (bugs, I/O): logged by the host, answered as a bare 500. */
  readonly onError?: (err: unknown, path: string) => void;
  readonly now?: () => Date;
  /**
   * Bytes of built MPEG-TS segments kept for the next viewer (default ORIGIN_MEMORY.tsSegments, 8 MiB; 0 = none). fMP4
   * segments are not kept: only their header is built, the samples stream from the files.
   */
  readonly segmentCacheBytes?: number;
  /**
   * Bytes of rendered answers kept: manifests, playlists and init segments as sent (body, headers,
   * ETag) per presentation version and URL (default 4 MiB).
   */
  readonly replyCacheBytes?: number;
  /**
   * The base (`http://name:port`) of the absolute URLs the origin writes into manifests (the ClearKey
   * licence URL): the endpoint's configured host name. Without it, the address the connection reached
   * (the socket's own address). Never the request's Host header: a manifest is cached and shared, and
   * one forged Host must not send other viewers' licence requests and tokens elsewhere.
   */
  readonly baseUrl?: string | (() => string);
}

export interface OriginMemory {
  /** Built TS segments held by the segment cache. */
  readonly segmentCacheBytes: number;
  /** Manifests, playlists and init segments as the packager wrote them (clear). */
  readonly textCacheBytes: number;
  /** Rendered answers (mostly the same bytes as the texts, plus protected ones). */
  readonly replyCacheBytes: number;
  /** Presentations reduced by filters (their sample tables, estimated). */
  readonly filteredPresentationBytes: number;
  /** Idle buffers of the shared pool (built TS segments out of the cache, bursts past the byte arena). */
  readonly idleBufferBytes: number;
  /**
   * The byte arena (file chunks, TS samples and packets on their way to sockets; copy-arena.ts): its
   * fixed size (resident once used), and the part in use now.
   */
  readonly byteArenaBytes: number;
  readonly byteArenaUsedBytes: number;
}

export interface OriginHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Closes pooled file handles. */
  close(): Promise<void>;
  /** What the handler's own caches and pools hold (for memory reports). */
  memory(): OriginMemory;
}

interface Reply {
  readonly status: number;
  readonly body: Body;
  readonly headers: OutgoingHttpHeaders;
  /** Entity tag for conditional and range requests; absent on errors. */
  readonly etag?: string;
  /** Ends the body's loan from the segment cache (see Packaged.release). */
  readonly release?: ((reusable: boolean) => void) | undefined;
}

/** Gives loaned bytes back once the socket has taken the whole response, or it closed first. */
function releaseWhenDone(res: ServerResponse, release: (reusable: boolean) => void): void {
  // Gone while we packaged: nothing was handed to the socket.
  if (res.destroyed) return release(true);
  res.once('finish', () => release(true));
  res.once('close', () => release(res.writableFinished));
}

function errorReply(status: number, code: string, message: string): Reply {
  const body = bodyFromString(`${code}: ${message}\n`);
  return {
    status,
    body,
    // Errors are cached briefly (a CDN would otherwise hammer the origin) and never stored long.
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': status === 404 ? 'max-age=10' : 'no-store' },
  };
}

/** FNV-1a over a string: a cheap, stable tag for (asset version, request). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function checkLocatorValid(locator: ResolvedLocator | null, id: string, now: Date): ResolvedLocator {
  const invalid = (why: string): never => {
    throw new OriginError(404, 'MPE_RESOURCE_NOT_FOUND', `Streaming locator ${id} ${why}`);
  };
  if (!locator) return invalid('does not exist');
  if (locator.start && now < locator.start) invalid(`is not valid before ${locator.start.toISOString()}`);
  if (locator.end && now >= locator.end) invalid(`expired at ${locator.end.toISOString()}`);
  return locator;
}

export function createOriginHandler(options: OriginOptions): OriginHandler {
  const files = new FileReader();
  // Read chunks of file ranges on their way to sockets (up to 2 MiB each), from the byte arena.
  const chunks = byteArena();
  const caches = createPackagingCaches({ segmentBytes: options.segmentCacheBytes });
  /**
   * Manifests, playlists and init segments as answered, by presentation object (a new one when the
   * asset or a filter changes), origin and path: a hit skips the packager, its JSON tag and the
   * protection pass, and reuses the headers. Segments are not kept here (the TS cache holds those).
   */
  const replies = new LruCache<string, Reply>({
    maxEntries: Number.MAX_SAFE_INTEGER,
    maxBytes: options.replyCacheBytes ?? ORIGIN_MEMORY.replies,
    sizeOf: (r) => r.body.length + 512,
  });
  const manifests = new RecentlyContained();
  const filtered = new FilteredPresentations();
  const manifestMaxAge = options.manifestMaxAge ?? 60;
  const segmentMaxAge = options.segmentMaxAge ?? 31_536_000;
  const cors = options.corsOrigins ?? [];
  const now = options.now ?? (() => new Date());

  function baseUrlFor(req: IncomingMessage): string {
    const configured = typeof options.baseUrl === 'function' ? options.baseUrl() : options.baseUrl;
    if (configured) return configured.replace(/\/+$/, '');
    const address = req.socket.localAddress ?? '127.0.0.1';
    const host = address.startsWith('::ffff:') ? address.slice(7) : address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort ?? 80}`;
  }

  async function route(request: OriginRequest, origin: string, pathname: string): Promise<Reply> {
    if (request.kind === 'policy-file') {
      const xml = request.name === 'crossdomain.xml' ? CROSS_DOMAIN_POLICY : CLIENT_ACCESS_POLICY;
      return {
        status: 200,
        body: bodyFromString(xml),
        headers: { 'content-type': 'text/xml; charset=utf-8', 'cache-control': `max-age=${manifestMaxAge}` },
        etag: `"${hash(xml)}"`,
      };
    }
    const locator = checkLocatorValid(await options.resolveLocator(request.locator), request.locator, now());

    if (request.kind === 'download') {
      if (!locator.protocols.has('download')) {
        throw new OriginError(403, 'MPE_OUTPUT_FORMAT_BLOCKED', 'The streaming policy of this locator does not allow download');
      }
      const file = await containedFile(locator.folder, request.file);
      const st = await statSource(file);
      if (!st?.isFile()) throw new OriginError(404, 'MPE_RESOURCE_NOT_FOUND', `${request.file} is not a file`);
      return {
        status: 200,
        body: { parts: [{ path: file, offset: 0, length: st.size }], length: st.size },
        headers: { 'content-type': 'video/mp4', 'cache-control': `max-age=${segmentMaxAge}` },
        etag: `"${st.size.toString(36)}-${Math.trunc(st.mtimeMs).toString(36)}"`,
      };
    }

    const { protocol } = FORMATS[request.format];
    if (!locator.protocols.has(protocol)) {
      throw new OriginError(403, 'MPE_OUTPUT_FORMAT_BLOCKED', `The streaming policy of this locator does not allow ${protocol.toUpperCase()}`);
    }
    await manifests.resolve(locator.folder, request.ism);
    // One filtered presentation serves the manifest and every playlist and fragment it lists.
    const source = await options.presentations(locator.folder, request.ism);
    const presentation = filtered.get(source, await requestFilters(locator, request.options.filters));
    const keep = request.kind !== 'fragment' || request.time === 'init';
    const key = keep ? `${presentationId(presentation)}\0${locator.protection?.keyId ?? ''}\0${origin}\0${pathname}` : '';
    const kept = keep ? replies.get(key) : undefined;
    if (kept) return kept;
    const packaged = await packageRequest(
      request,
      presentation,
      { locator: request.locator, protection: locator.protection, origin },
      caches,
    );
    // Manifests and playlists may change (a filter, a republished asset); segments never do.
    const isManifest = request.kind !== 'fragment';
    const answer: Reply = {
      status: 200,
      body: packaged.body,
      headers: {
        'content-type': packaged.contentType,
        'cache-control': `max-age=${isManifest ? manifestMaxAge : segmentMaxAge}`,
      },
      etag: `"${presentation.version}-${hash(packaged.tag)}"`,
      release: packaged.release,
    };
    // Only bytes in memory and not on loan (a streamed or leased body is per response).
    if (keep && !packaged.release && packaged.body.parts.every((part) => part instanceof Uint8Array)) replies.set(key, answer);
    return answer;
  }

  async function reply(req: IncomingMessage, pathname: string): Promise<Reply> {
    try {
      return await route(parseOriginPath(pathname), baseUrlFor(req), pathname);
    } catch (err) {
      if (err instanceof OriginError) return errorReply(err.status, err.code, err.message);
      if (err instanceof MediaError) {
        return errorReply(415, 'MPE_FORMAT_NOT_SUPPORTED', `The asset cannot be packaged: ${err.message}`);
      }
      options.onError?.(err, pathname);
      return errorReply(500, 'MPE_INTERNAL_ERROR', 'The origin failed to answer this request');
    }
  }

  async function send(req: IncomingMessage, res: ServerResponse, r: Reply): Promise<number> {
    const headers: OutgoingHttpHeaders = { ...corsHeaders(req, cors), ...r.headers };
    const head = req.method === 'HEAD';
    if (r.etag) {
      headers['etag'] = r.etag;
      headers['accept-ranges'] = 'bytes';
      // If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x" (caches and CDNs weaken tags).
      const inm = req.headers['if-none-match'];
      const strong = (tag: string) => tag.trim().replace(/^W\//, '');
      if (inm && inm.split(',').some((t) => strong(t) === r.etag || t.trim() === '*')) {
        res.writeHead(304, headers).end();
        return 0;
      }
    }
    let status = r.status;
    let start = 0;
    let end = r.body.length - 1;
    if (r.etag && r.status === 200) {
      const ifRange = req.headers['if-range'];
      const range = ifRange && ifRange !== r.etag ? null : parseRange(req.headers.range, r.body.length);
      if (range === 'unsatisfiable') {
        const e = errorReply(416, 'MPE_STORAGE_INVALID_RANGE', `Range ${req.headers.range} is outside 0-${r.body.length - 1}`);
        res.writeHead(416, { ...headers, ...e.headers, 'content-range': `bytes */${r.body.length}` });
        res.end(head ? undefined : (e.body.parts[0] as Uint8Array));
        return 0;
      }
      if (range) {
        status = 206;
        start = range.start;
        end = range.end;
        headers['content-range'] = `bytes ${start}-${end}/${r.body.length}`;
      }
    }
    headers['content-length'] = end - start + 1;
    if (head || r.body.length === 0) {
      res.writeHead(status, headers).end();
      return 0;
    }
    res.writeHead(status, headers);
    return writeBody(res, r.body, start, end, files, chunks);
  }

  const handler = ((req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const rawUrl = req.url ?? '/';
    const pathname = rawUrl.split('?')[0] ?? '/';
    const log = (status: number, bytes: number): void =>
      options.onRequest?.({
        time: new Date().toISOString(),
        method: req.method ?? '?',
        path: redactSecrets(rawUrl),
        status,
        bytes,
        ms: Math.round((performance.now() - started) * 100) / 100,
        client: req.socket.remoteAddress ?? '',
      });

    if (isKeyPath(pathname)) {
      serveKeyDelivery(req, res, pathname, { resolveLocator: options.resolveLocator, corsOrigins: cors, now, onRequest: options.onRequest, onError: options.onError });
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, preflightHeaders(req, cors)).end();
      log(204, 0);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const e = errorReply(405, 'MPE_METHOD_NOT_ALLOWED', `${req.method} is not supported; use GET or HEAD`);
      res.writeHead(405, { ...corsHeaders(req, cors), ...e.headers, allow: 'GET, HEAD, OPTIONS' });
      res.end(e.body.parts[0] as Uint8Array);
      log(405, 0);
      return;
    }
    reply(req, pathname)
      .then((r) => {
        if (r.release) releaseWhenDone(res, r.release);
        return send(req, res, r).then((bytes) => log(res.statusCode, bytes));
      })
      .catch((err: unknown) => {
        // A failure while sending (client gone, file vanished mid-read): answer if we still can.
        options.onError?.(err, pathname);
        if (!res.headersSent) {
          res.writeHead(500, { ...corsHeaders(req, cors), 'content-type': 'text/plain' }).end('MPE_INTERNAL_ERROR\n');
        } else {
          res.destroy();
        }
        log(500, 0);
      });
  }) as OriginHandler;
  handler.close = () => files.close();
  handler.memory = () => ({
    segmentCacheBytes: caches.segments.bytes,
    textCacheBytes: caches.texts.bytes,
    replyCacheBytes: replies.bytes,
    filteredPresentationBytes: filtered.bytes,
    idleBufferBytes: sharedBufferPool.idleBytes,
    byteArenaBytes: BYTE_ARENA_BYTES,
    byteArenaUsedBytes: chunks.usedBytes,
  });
  return handler;
}
