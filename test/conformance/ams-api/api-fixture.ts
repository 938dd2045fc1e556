/**
 * One studio + one AMS API server over a temp library, and the official SDK client pointed at it
 * with a TokenCredential — the way AMS code is configured, with only endpoint and credential changed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { AzureMediaServices } from '@azure/arm-mediaservices';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { startAmsApi, type AmsApiServer } from '../../../electron/studio/ams-api/api-server.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const RESOURCE_GROUP = 'my-rg';
export const ACCOUNT = 'myaccount';

export interface ApiFixture {
  readonly library: string;
  readonly studio: Studio;
  readonly api: AmsApiServer;
  readonly ca: string;
  readonly client: AzureMediaServices;
  /** A client whose credential returns `token` (forged, expired …). */
  clientWithToken(token: string): AzureMediaServices;
  /** A raw HTTPS request to the API (for what the SDK cannot send, e.g. no Authorization header). */
  raw(method: string, pathAndQuery: string, headers?: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}

/** A TokenCredential over `origin-studio api token`'s tokens: what the README shows. */
function credentialOf(getToken: () => Promise<AccessToken>): TokenCredential {
  return { getToken };
}

export async function startApiFixture(options: { blobStorage?: boolean } = {}): Promise<ApiFixture> {
  const library = await mkdtemp(path.join(os.tmpdir(), 'ams-api-'));
  const studio = await openStudio({ libraryDir: library, runJobs: true });
  const api = await startAmsApi({ handlers: studio.handlers, libraryDir: library, port: 0, ...(options.blobStorage && { storage: studio.storage }) });
  const ca = await readFile(api.certFile, 'utf8');
  const make = (credential: TokenCredential) =>
    new AzureMediaServices(credential, SUBSCRIPTION, {
      endpoint: api.url,
      tlsOptions: { ca },
      // Errors are asserted, not retried.
      retryOptions: { maxRetries: 0 },
    });
  const client = make(
    credentialOf(async () => {
      const t = await api.tokens.issue(3600);
      return { token: t.token, expiresOnTimestamp: t.expiresOn.getTime() };
    }),
  );
  return {
    library,
    studio,
    api,
    ca,
    client,
    clientWithToken: (token) => make(credentialOf(async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }))),
    raw: (method, pathAndQuery, headers = {}, body) =>
      new Promise((resolve, reject) => {
        const req = request(new URL(pathAndQuery, api.url), { method, ca, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(body);
      }),
    close: async () => {
      await api.close();
      await studio.close();
      await rm(library, { recursive: true, force: true });
    },
  };
}

export const accountPath = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Media/mediaServices/${ACCOUNT}`;

/** The RestError the SDK throws, as { statusCode, code, message }. */
export async function restError(p: Promise<unknown>): Promise<{ statusCode: number | undefined; code: string | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { statusCode?: number; code?: string; message: string };
    return { statusCode: e.statusCode, code: e.code, message: e.message };
  }
  throw new Error('expected the call to fail');
}
