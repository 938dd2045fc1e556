/**
 * Scale-out proof: two stateless `origin-studio serve --storage` processes over one storage account
 * (Azurite), behind nginx (upstream + proxy_cache + proxy_next_upstream), serve a locator the studio
 * published; a bounded load runs through the proxy while one origin is killed, and no viewer request
 * fails. Also: a new locator is served by the origins within the stated propagation time, a deleted
 * one stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetFolderPath, insertAsset } from '../../../electron/studio/catalog/assets-repo.ts';
import { saveFilter } from '../../../electron/studio/filters/filter-store.ts';
import { contentKeyIdOf } from '../../../electron/studio/protection/content-keys.ts';
import { createLocator, deleteLocator } from '../../../electron/studio/publishing/locators.ts';
import { startAzurite, type RunningAzurite } from '../../../electron/studio/storage/azurite.ts';
import { moveAssetToBlob } from '../../../electron/studio/storage/move-asset.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { NGINX, startNginxProxy, type NginxProxy } from '../../helpers/nginx-proxy.ts';

if (!NGINX) console.warn('SKIP scale-out: nginx is not installed (apt-get install nginx-light; .ci/run does)');
const CLI = path.resolve(import.meta.dirname, '../../../electron/cli.ts');
const LOAD_MS = 6000;
const KILL_AT_MS = 2000;

interface OriginProcess {
  readonly child: ChildProcess;
  readonly url: string;
}

async function startOriginProcess(connectionString: string): Promise<OriginProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--storage', connectionString, '--port', '0', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => resolve(l));
    child.once('exit', (code) => reject(new Error(`serve --storage exited (${code}) before it printed its URL`)));
  });
  child.stdout!.resume();
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

describe.skipIf(!NGINX)('scale-out: two origins over one storage account behind nginx', () => {
  let dir = '';
  let azurite: RunningAzurite;
  let studio: Studio;
  let fx: AbrFixture;
  let locatorId = '';
  const origins: OriginProcess[] = [];
  let nginx: NginxProxy | undefined;
  let proxy = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'os-scale-out-'));
    [fx, azurite] = await Promise.all([abrFixture(), startAzurite({ dataDir: path.join(dir, 'azurite') })]);
    studio = await openStudio({ libraryDir: path.join(dir, 'library'), storageConnectionString: azurite.connectionString, runJobs: false });
    // The fixture's ABR set as a finished desktop asset, moved into its blob container.
    const asset = insertAsset(studio.catalog, { name: 'fixture', ismName: fx.ismName, state: 'Finished' });
    const folder = assetFolderPath(studio.catalog, asset);
    await mkdir(folder, { recursive: true });
    for (const e of await readdir(fx.folder, { withFileTypes: true })) if (e.isFile()) await copyFile(path.join(fx.folder, e.name), path.join(folder, e.name));
    await moveAssetToBlob(studio.catalog, studio.storage, asset.id);
    expect(existsSync(folder)).toBe(false);
    locatorId = createLocator(studio.catalog, { assetId: asset.id, policyName: 'Predefined_ClearStreamingOnly' }).id;
    await studio.publisher.syncNow();

    origins.push(...(await Promise.all([startOriginProcess(azurite.connectionString), startOriginProcess(azurite.connectionString)])));
    nginx = await startNginxProxy({
      dir: path.join(dir, 'nginx'),
      origins: origins.map((o) => o.url),
      cacheZoneMb: 4,
      workerConnections: 256,
      locationDirectives: [
        'proxy_connect_timeout 1s;',
        // A dead origin (refused or reset connection, 5xx) is retried on the other one.
        'proxy_next_upstream error timeout http_502 http_503 http_504;',
        'proxy_next_upstream_tries 2;',
        'proxy_cache_lock on;',
        'add_header X-Upstream $upstream_addr always;',
      ],
    });
    proxy = nginx.url;
  });

  afterAll(async () => {
    nginx?.stop();
    for (const o of origins) o.child.kill('SIGTERM');
    await Promise.all(origins.map((o) => (o.child.exitCode === null && o.child.signalCode === null ? new Promise((r) => o.child.once('exit', r)) : null)));
    await studio?.close();
    await azurite?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every URL an HLS and a DASH viewer fetch for this asset: manifests, playlists, segments. */
  async function viewerUrls(base: string): Promise<string[]> {
    const ism = `/${locatorId}/${fx.ismName}`;
    const urls = [`${ism}/manifest(format=m3u8-aapl)`, `${ism}/manifest(format=mpd-time-cmaf)`];
    const lines = (t: string): string[] => t.split('\n').filter((l) => l && !l.startsWith('#'));
    for (const playlist of lines(await (await fetch(`${base}${urls[0]}`)).text())) {
      const p = `${ism}/${playlist}`;
      urls.push(p);
      for (const seg of lines(await (await fetch(`${base}${p}`)).text())) urls.push(`${ism}/${path.posix.join(path.posix.dirname(playlist), seg)}`);
    }
    return urls;
  }

  it('serves the same bytes from every origin, and loses no viewer request when one origin is killed mid-load', async () => {
    const [a, b] = origins;
    const urls = await viewerUrls(a!.url);
    expect(urls.length).toBeGreaterThan(10);
    // The reference: every URL from origin A and origin B directly, byte-equal.
    const expected = new Map<string, Buffer>();
    for (const u of urls) {
      const [ra, rb] = await Promise.all([fetch(`${a!.url}${u}`), fetch(`${b!.url}${u}`)]);
      expect([ra.status, rb.status], u).toEqual([200, 200]);
      const [ba, bb] = [Buffer.from(await ra.arrayBuffer()), Buffer.from(await rb.arrayBuffer())];
      expect(ba.equals(bb), u).toBe(true);
      expect(ba.length).toBeGreaterThan(0);
      expect(expected.has(u) || (expected.set(u, ba), true)).toBe(true);
    }

    // A bounded load through the proxy: 8 viewers for LOAD_MS; one request in three is a cache miss
    // (a query the origin ignores makes a new cache key), so the origins keep working throughout.
    let n = 0;
    let failed = 0;
    let hits = 0;
    let total = 0;
    const upstreams = new Set<string>();
    const failures: string[] = [];
    const started = performance.now();
    let killed = false;
    let beforeKill = 0;
    let afterKill = 0;
    const viewer = async (): Promise<void> => {
      while (performance.now() - started < LOAD_MS) {
        if (!killed && performance.now() - started >= KILL_AT_MS) {
          killed = true;
          a!.child.kill('SIGKILL');
        }
        const i = n++;
        const u = urls[i % urls.length]!;
        const url = i % 3 === 0 ? `${proxy}${u}?viewer=${i}` : `${proxy}${u}`;
        total++;
        if (killed) afterKill++;
        else beforeKill++;
        try {
          const r = await fetch(url);
          const body = Buffer.from(await r.arrayBuffer());
          if (r.headers.get('x-cache-status') === 'HIT') hits++;
          for (const up of (r.headers.get('x-upstream') ?? '').split(/,\s*/)) if (up) upstreams.add(up);
          if (r.status !== 200 || !body.equals(expected.get(u)!)) {
            failed++;
            failures.push(`${r.status} ${u}`);
          }
        } catch (err) {
          failed++;
          failures.push(`${(err as Error).message} ${u}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, viewer));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `scale-out: ${total} viewer requests in ${seconds.toFixed(1)} s through nginx, ${failed} failed; cache hit ratio ${((100 * hits) / total).toFixed(1)}% ` +
        `(${hits} hits); origin ${new URL(a!.url).host} killed at ${KILL_AT_MS / 1000} s (${beforeKill} requests before, ${afterKill} after); upstreams used: ${[...upstreams].join(', ')}`,
    );
    expect(killed).toBe(true);
    expect(failures).toEqual([]);
    expect(failed).toBe(0);
    // The kill fell inside the load: requests went through before it and after it (how many depends
    // on the machine; the proof is that none failed).
    expect(beforeKill).toBeGreaterThan(0);
    expect(afterKill).toBeGreaterThan(0);
    expect(upstreams).toContain(new URL(a!.url).host);
    expect(upstreams).toContain(new URL(b!.url).host);
    expect(hits).toBeGreaterThan(0);
  });

  it('a locator created in the studio serves from the origins within seconds of being created; a deleted one stops', async () => {
    const b = origins[1]!;
    const assetId = studio.catalog.db.prepare('SELECT id FROM assets LIMIT 1').get()!.id as string;
    const created = performance.now();
    const fresh = createLocator(studio.catalog, { assetId, policyName: 'Predefined_ClearStreamingOnly' }).id;
    // The running studio publishes on its own (every second); no syncNow here.
    const manifest = `${b.url}/${fresh}/${fx.ismName}/manifest(format=mpd-time-csf)`;
    let status = 0;
    while (performance.now() - created < 6000) {
      status = (await fetch(manifest).then(async (r) => (await r.arrayBuffer(), r.status))) as number;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - created;
    console.log(`scale-out: a new locator served by a storage origin ${ms.toFixed(0)} ms after it was created`);
    expect(status).toBe(200);
    // Publish every 1 s + list on a miss: 1–2 s; the bound leaves room for a loaded CI machine.
    expect(ms).toBeLessThan(5000);

    deleteLocator(studio.catalog, fresh);
    const deleted = performance.now();
    while (performance.now() - deleted < 8000) {
      status = (await fetch(manifest).then(async (r) => (await r.arrayBuffer(), r.status))) as number;
      if (status === 404) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const gone = performance.now() - deleted;
    console.log(`scale-out: a deleted locator stopped serving ${gone.toFixed(0)} ms after it was deleted`);
    expect(status).toBe(404);
    // Publish every 1 s + the origins' 2 s listing: ≤ 3 s, plus room for a loaded machine.
    expect(gone).toBeLessThan(6000);
  });

  it('a protected locator and a filter serve from a storage origin exactly as from the studio', async () => {
    const b = origins[1]!;
    const assetId = studio.catalog.db.prepare('SELECT id FROM assets LIMIT 1').get()!.id as string;
    saveFilter(studio.catalog, { name: 'first6s', assetId, definition: { presentationTimeRange: { startTimestamp: 0, endTimestamp: 60_000_000 } } });
    const locator = createLocator(studio.catalog, { assetId, policyName: 'Predefined_ClearKey' }).id;
    const kid = contentKeyIdOf(studio.catalog, locator)!;
    await studio.publisher.syncNow();
    const endpoint = (await studio.endpoint.start({ port: 0 })).url!.replace(/\/+$/, '');
    try {
      const master = `/${locator}/${fx.ismName}/manifest(format=m3u8-aapl,filter=first6s)`;
      const get = async (base: string, p: string): Promise<[number, Buffer]> => {
        const r = await fetch(`${base}${p}`);
        return [r.status, Buffer.from(await r.arrayBuffer())];
      };
      // Within the propagation time (an origin re-lists on a miss at most every 0.5 s).
      let [status, fromOrigin] = await get(b.url, master);
      for (const until = performance.now() + 6000; status === 404 && performance.now() < until; ) {
        await new Promise((r) => setTimeout(r, 100));
        [status, fromOrigin] = await get(b.url, master);
      }
      expect(status).toBe(200);
      expect((await get(endpoint, master))[1].equals(fromOrigin)).toBe(true);
      const playlist = fromOrigin.toString().split('\n').find((l) => l && !l.startsWith('#'))!;
      const media = (await get(b.url, `/${locator}/${fx.ismName}/${playlist}`))[1].toString();
      expect(media).toContain('#EXT-X-KEY:METHOD=AES-128');
      const segments = media.split('\n').filter((l) => l && !l.startsWith('#'));
      expect(segments.length).toBeLessThan(4); // the filter kept the first 6 s
      const segment = `/${locator}/${fx.ismName}/${path.posix.join(path.posix.dirname(playlist), segments[0]!)}`;
      const [segStatus, encrypted] = await get(b.url, segment);
      expect(segStatus).toBe(200);
      expect((await get(endpoint, segment))[1].equals(encrypted)).toBe(true);
      const [keyStatus, key] = await get(b.url, `/keys/${locator}/${kid}`);
      expect(keyStatus).toBe(200);
      expect(key.equals((await get(endpoint, `/keys/${locator}/${kid}`))[1])).toBe(true);
      expect(key.length).toBe(16);
      // A clear request for protected content is refused there as here.
      const clear = `/${locator}/${fx.ismName}/manifest(format=mpd-time-csf)`;
      expect((await get(b.url, clear))[0]).toBe((await get(endpoint, clear))[0]);
    } finally {
      await studio.endpoint.stop();
    }
  });
});
