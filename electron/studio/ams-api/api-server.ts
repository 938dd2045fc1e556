/**
 * The AMS v3 management API over HTTPS: TLS with the machine's certificate, bearer tokens of the
 * local account, ARM routing, the error envelope, request ids. Bound to loopback unless the caller
 * names another interface. Logs method, path and status only — never a header, token or key.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Handlers } from '../api/dispatch.ts';
import { AccessTokens } from './access-tokens.ts';
import { ArmError, badRequest, errorBody, toArmError } from './arm-error.ts';
import type { ArmResponse, ArmServices, BlobStorageAccess } from './arm-context.ts';
import { ArmStore } from './arm-store.ts';
import { AsyncOperations } from './async-operations.ts';
import { ALL_ROUTES } from './resources/index.ts';
import { recoverStagingJobs } from './resources/jobs.ts';
import { ArmRouter } from './router.ts';
import { studioCalls } from './studio-calls.ts';
import { loadOrCreateCertificate } from './tls-certificate.ts';
import { bodyEtag, checkIfMatch } from './etags.ts';

export const DEFAULT_API_PORT = 8443;
const MAX_BODY = 4 << 20;

export interface AmsApiOptions {
  readonly handlers: Handlers;
  /** The library folder: the API keeps its certificate, signing key and ARM metadata in `<library>/ams-api`. */
  readonly libraryDir: string;
  /** Default 127.0.0.1; another interface is an explicit choice of the caller. */
  readonly host?: string;
  /** Default 8443; 0 = any free port. */
  readonly port?: number;
  /** The studio's blob storage (`studio.storage`): assets made through the API live there, as in AMS. */
  readonly storage?: BlobStorageAccess | null;
  /** One line per request (method, path, status, ms); default: nothing. */
  readonly log?: (line: string) => void;
}

export interface AmsApiServer {
  /** https://host:port — the SDK's `endpoint`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The certificate a client trusts (NODE_EXTRA_CA_CERTS, or tlsOptions.ca). */
  readonly certFile: string;
  readonly tokens: AccessTokens;
  close(): Promise<void>;
}

export function apiDataDir(libraryDir: string): string {
  return path.join(libraryDir, 'ams-api');
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ArmError(413, 'RequestEntityTooLarge', `The request body is larger than ${MAX_BODY} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

function send(res: ServerResponse, r: ArmResponse, requestId: string, clientRequestId: string | undefined): void {
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
    ...(clientRequestId && { 'x-ms-client-request-id': clientRequestId }),
    'cache-control': 'no-cache',
    ...r.headers,
  };
  if (r.body === undefined) {
    res.writeHead(r.status, { ...headers, 'content-length': '0' }).end();
    return;
  }
  const json = JSON.stringify(r.body);
  res.writeHead(r.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)) });
  res.end(json);
}

export async function startAmsApi(options: AmsApiOptions): Promise<AmsApiServer> {
  const host = options.host ?? '127.0.0.1';
  const dir = apiDataDir(options.libraryDir);
  const tls = await loadOrCreateCertificate(dir, host);
  const tokens = await AccessTokens.open(dir);
  const store = new ArmStore(dir);
  const services: ArmServices = {
    call: studioCalls(options.handlers),
    store,
    operations: new AsyncOperations(),
    staging: new Map(),
    endpointState: { scaleUnits: 0, transition: null, lastModified: new Date().toISOString() },
    storage: options.storage ?? null,
    downloadsDir: path.join(options.libraryDir, 'uploads'),
    libraryDir: options.libraryDir,
  };
  recoverStagingJobs(services);
  const router = new ArmRouter(ALL_ROUTES);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = randomUUID();
    const clientRequestId = typeof req.headers['x-ms-client-request-id'] === 'string' ? req.headers['x-ms-client-request-id'] : undefined;
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `https://${req.headers.host ?? `${host}:${String(port)}`}`);
    } catch {
      url = new URL(`https://${host}/`);
    }
    let reply: ArmResponse;
    try {
      // Authentication first, as ARM does: an unauthenticated client learns nothing about resources.
      await tokens.verify(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
      if (!url.searchParams.get('api-version')) {
        throw new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      }
      const match = router.match(method, url.pathname);
      const body = method === 'PUT' || method === 'POST' || method === 'PATCH' ? await readBody(req) : undefined;
      const armReq = { method, url, account: match.account, params: match.params, body, headers: req.headers };
      if (method === 'PUT' || method === 'DELETE' || method === 'PATCH') await checkIfMatch(armReq, router, services);
      reply = await match.route.handler(armReq, services);
      if (reply.status < 300 && reply.body !== undefined && method !== 'POST') {
        reply = { ...reply, headers: { etag: bodyEtag(reply.body), ...reply.headers } };
      }
    } catch (err) {
      const e = toArmError(err);
      if (e.status === 500) console.error(`ams-api: ${method} ${url.pathname}:`, err);
      reply = {
        status: e.status,
        body: errorBody(e),
        headers: {
          'x-ms-failure-cause': e.status >= 500 ? 'service' : 'gateway',
          ...(e.status === 401 && { 'www-authenticate': 'Bearer error="invalid_token"' }),
        },
      };
    }
    if (!req.readableEnded) req.resume();
    send(res, reply, requestId, clientRequestId);
    options.log?.(`${method} ${url.pathname} ${reply.status} ${(performance.now() - started).toFixed(0)}ms`);
  };

  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => void handle(req, res));
  let port = options.port ?? DEFAULT_API_PORT;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    store.close();
    throw err;
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `https://${urlHost}:${port}`,
    host,
    port,
    certFile: tls.certFile,
    tokens,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
