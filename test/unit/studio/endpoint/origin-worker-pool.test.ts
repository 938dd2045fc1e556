/**
 * serve --workers N: N origin processes on one port, each answering from the library on its own, their
 * requests in the main request log; a worker that dies is replaced while the port keeps answering.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../electron/studio/catalog/open-catalog.ts';
import { StreamingEndpoint } from '../../../../electron/studio/endpoint/streaming-endpoint.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'os-workers-'));
const catalog = openCatalog(dir);
const endpoint = new StreamingEndpoint(catalog, { workers: 2 });
afterAll(async () => {
  await endpoint.stop();
  catalog.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A request on a new connection (so the cluster hands it to the next worker). */
async function get(url: string): Promise<Response> {
  return fetch(url, { headers: { connection: 'close' } });
}

describe('the streaming endpoint in worker processes', () => {
  it('answers on one port from two worker processes and replaces one that dies', async () => {
    // 400 MiB in this process when the workers fork: Linux's getrusage carries it into a forked
    // child's max RSS, so a worker reporting that would report this process's memory, not its own.
    const ballast = Buffer.alloc(400 << 20, 1);
    const status = await endpoint.start({ host: '127.0.0.1', port: 0 });
    expect(status.state).toBe('Running');
    const base = status.url!;
    const stats = await endpoint.workerStats();
    expect(stats).toHaveLength(2);
    expect(new Set(stats.map((s) => s.pid)).size).toBe(2);
    expect(stats.every((s) => s.pid !== process.pid)).toBe(true);
    for (const s of stats) expect(s.peakRss).toBeGreaterThanOrEqual(s.rss);
    for (const s of stats) expect(s.peakRss).toBeLessThan(ballast.length);

    for (let i = 0; i < 4; i++) {
      const res = await get(`${base}/crossdomain.xml`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/cross-domain-policy/);
    }
    // An unknown locator is the origin's own answer (the worker opened the library's catalog).
    const missing = await get(`${base}/00000000-0000-4000-8000-000000000000/a.ism/manifest`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/MPE_RESOURCE_NOT_FOUND/);
    // This process serves nothing itself: its origin caches are empty. Its request log has the
    // requests both workers answered (they report them in batches).
    expect(endpoint.memory()).toEqual({});
    await expect
      .poll(() => endpoint.requestLog.list().map((e) => e.status).sort(), { timeout: 10_000 })
      .toEqual([200, 200, 200, 200, 404]);

    process.kill(stats[0]!.pid, 'SIGKILL');
    await expect
      .poll(async () => (await endpoint.workerStats()).map((s) => s.pid).filter((p) => p !== stats[0]!.pid).length, { timeout: 30_000 })
      .toBe(2);
    expect((await get(`${base}/crossdomain.xml`)).status).toBe(200);
    await endpoint.stop();
    await expect(get(`${base}/crossdomain.xml`)).rejects.toThrow();
  }, 60_000);
});
