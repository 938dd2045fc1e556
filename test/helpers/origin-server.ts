import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOriginHandler, PresentationCache, type FilterDefinition, type Protocol, type RequestLogEntry, type ResolvedLocator } from '../../packaging-core/index.ts';
import type { AbrFixture } from './fixtures.ts';

export const TEST_LOCATOR = '0e7c4c7e-2b8c-4a0e-9d5a-6f1e2a3b4c5d';

export interface TestOrigin {
  /** http://127.0.0.1:port */
  readonly base: string;
  /** base + /{locator}/{name}.ism */
  readonly ismUrl: string;
  readonly log: RequestLogEntry[];
  readonly errors: unknown[];
  /** Locators the resolver knows, editable by tests. */
  readonly locators: Map<string, ResolvedLocator>;
  close(): Promise<void>;
}

/** The requests the origin answered with an error (`status path`), from entry `since` of its log on. */
export function failedRequests(origin: Pick<TestOrigin, 'log'>, since = 0): string[] {
  return origin.log
    .slice(since)
    .filter((e) => e.status >= 400)
    .map((e) => `${e.status} ${e.path}`);
}

const ALL: ReadonlySet<Protocol> = new Set(['hls', 'dash', 'smooth', 'download']);

/**
 * The real origin handler on a loopback port, serving one fixture under TEST_LOCATOR. `filters`: the
 * named filters its URLs may use. `segmentCacheBytes` 0: no TS segment cache, so every TS segment is
 * streamed as it is built.
 */
export async function startTestOrigin(
  fx: Pick<AbrFixture, 'folder' | 'ismName'>,
  options: { protocols?: ReadonlySet<Protocol>; filters?: Readonly<Record<string, FilterDefinition>>; segmentCacheBytes?: number } = {},
): Promise<TestOrigin> {
  const filters = options.filters;
  const locator: ResolvedLocator = {
    folder: fx.folder,
    protocols: options.protocols ?? ALL,
    ...(filters && { resolveFilter: (name: string) => filters[name] ?? null }),
  };
  const locators = new Map<string, ResolvedLocator>([[TEST_LOCATOR, locator]]);
  const log: RequestLogEntry[] = [];
  const errors: unknown[] = [];
  const cache = new PresentationCache();
  const handler = createOriginHandler({
    resolveLocator: (id) => locators.get(id) ?? null,
    presentations: (folder, ism) => cache.get(folder, ism),
    onRequest: (e) => log.push(e),
    onError: (err) => errors.push(err),
    ...(options.segmentCacheBytes === undefined ? {} : { segmentCacheBytes: options.segmentCacheBytes }),
  });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    ismUrl: `${base}/${TEST_LOCATOR}/${fx.ismName}`,
    log,
    errors,
    locators,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handler.close();
    },
  };
}
