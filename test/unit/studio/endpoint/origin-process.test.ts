/**
 * The desktop app's origin runs in a child process (an Electron utility process there), off the
 * process driving the window; its requests reach the main request log. The Electron call is a thin
 * wrapper (electron/shell/origin-process.ts) around what is tested here: the bundled worker entry the
 * app ships (dist-electron/origin-worker.cjs, built with the app's bundle options) forked under Node,
 * driven by the same pool.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../electron/studio/catalog/open-catalog.ts';
import { forkSpawner } from '../../../../electron/studio/endpoint/origin-worker-pool.ts';
import { StreamingEndpoint } from '../../../../electron/studio/endpoint/streaming-endpoint.ts';
import { shellBundleOptions } from '../../../../scripts/shell-bundle-options.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'os-origin-process-'));
const catalog = openCatalog(path.join(dir, 'library'));
let endpoint: StreamingEndpoint | undefined;
afterAll(async () => {
  await endpoint?.stop();
  catalog.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the origin in a child process (the desktop app)', () => {
  it('serves from the bundled worker entry, and its requests reach the main log', async () => {
    const entry = path.join(dir, 'origin-worker.cjs');
    await build({ ...shellBundleOptions, logLevel: 'warning', sourcemap: false, entryPoints: ['electron/studio/endpoint/origin-worker.ts'], outfile: entry });
    endpoint = new StreamingEndpoint(catalog, { spawner: forkSpawner(entry) });
    const status = await endpoint.start({ host: '127.0.0.1', port: 0 });
    const [worker] = await endpoint.workerStats();
    expect(worker?.pid).toBeGreaterThan(0);
    expect(worker?.pid).not.toBe(process.pid);
    expect(endpoint.memory()).toEqual({}); // this process serves nothing itself

    const res = await fetch(`${status.url}/crossdomain.xml`);
    expect([res.status, (await res.text()).includes('cross-domain-policy')]).toEqual([200, true]);
    const missing = await fetch(`${status.url}/00000000-0000-4000-8000-000000000000/a.ism/manifest`);
    expect(missing.status).toBe(404);
    await expect
      .poll(() => endpoint!.requestLog.list().map((e) => `${e.status} ${e.path}`), { timeout: 10_000 })
      .toEqual(['200 /crossdomain.xml', '404 /00000000-0000-4000-8000-000000000000/a.ism/manifest']);

    await endpoint.stop();
    await expect(fetch(`${status.url}/crossdomain.xml`)).rejects.toThrow();
  }, 60_000);
});
