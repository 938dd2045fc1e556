/**
 * The studio's public face for its hosts: the desktop shell and the `origin-studio` command. They open
 * a studio (studio.ts, the facade: catalog, queue, endpoint, storage, the contract's handlers) and
 * serve it — IPC, web mode, the AMS v3 API, a storage-only origin — with the pieces below. Hosts
 * import only this file and the contract (api/); lint (.eslint-plugin-local/layers.ts) refuses deeper.
 */

// The facade and the contract's dispatcher.
export { openStudio, type OpenStudioOptions, type Studio } from './studio.ts';
export { dispatch, type CallReply, type Handlers } from './api/dispatch.ts';
export type { JobProgress } from './catalog/types.ts';
export { defaultLibraryDir } from './catalog/library-dir.ts';
// How the endpoint starts its origin processes (the shell gives Electron's utilityProcess).
export type { OriginSpawner } from './endpoint/origin-worker-pool.ts';
export { ORIGIN_MALLOC_ENV, originV8Flags } from './endpoint/origin-worker-pool.ts';

// What the command line offers besides the contract: the demo's sample and its policy.
export { makeSampleMezzanine } from './app/sample-mezzanine.ts';
export { PREDEFINED_POLICIES } from './publishing/streaming-policies.ts';

// Web mode: the renderer's build and CSP, the HTTP server for the contract, uploads.
export { rendererCsp } from './web/renderer-csp.ts';
export { buildRenderer, rendererBuildNeeded } from './web/renderer-build.ts';
export { startWebServer } from './web/web-server.ts';
export { createUploadRoute } from './web/upload-route.ts';

// The AMS v3 management API and its bearer tokens.
export { AccessTokens, DEFAULT_TOKEN_LIFETIME_SEC } from './ams-api/access-tokens.ts';
export { apiDataDir, startAmsApi } from './ams-api/api-server.ts';

// A stateless origin over a storage account (serve --storage), and how the account is named.
export { startStorageOrigin } from './storage/storage-origin.ts';
export { STORAGE_CONNECTION_ENV } from './storage/studio-storage.ts';
