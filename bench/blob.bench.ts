/**
 * npm run bench:blob — the origin reading from blob storage (Azurite on this machine) against the
 * same files in a library folder. Prints numbers; asserts nothing.
 *
 * Three origins, each in its own process: the studio's endpoint serving a folder asset, the same
 * endpoint serving the blob copy (range reads through the mounted blob volume), and a stateless
 * `serve --storage` origin over the account. For each: the first CMAF segment of a never-opened asset
 * (moov/index read and parsed), then p50/p99 latency of sequential CMAF segment requests (fMP4 media
 * segments are not cached by the origin, so every one reads storage), then throughput with
 * BENCH_CONNECTIONS keep-alive connections for BENCH_SECONDS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { assetFolderPath, insertAsset } from '../electron/studio/catalog/assets-repo.ts';
import { createLocator } from '../electron/studio/publishing/locators.ts';
import { startAzurite } from '../electron/studio/storage/azurite.ts';
import { moveAssetToBlob } from '../electron/studio/storage/move-asset.ts';
import { openStudio } from '../electron/studio/studio.ts';
import { abrFixture } from '../test/helpers/fixtures.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const CLI = path.resolve(import.meta.dirname, '../electron/cli.ts');

function get(url: string, agent?: Agent): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { agent: agent ?? false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

async function text(url: string): Promise<string> {
  return (await fetch(url)).text();
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function spawnOrigin(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, ...args, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`origin exited (${code})`)));
  });
  child.stdout!.resume();
  return { child, url: (JSON.parse(line) as { url: string }).url.replace(/\/+$/, '') };
}

async function segmentUrls(base: string, locator: string, ism: string): Promise<string[]> {
  const root = `${base}/${locator}/${ism}`;
  const lines = (t: string): string[] => t.split('\n').filter((l) => l && !l.startsWith('#'));
  const out: string[] = [];
  for (const playlist of lines(await text(`${root}/manifest(format=m3u8-cmaf)`))) {
    const dir = path.posix.dirname(playlist);
    for (const seg of lines(await text(`${root}/${playlist}`))) out.push(`${root}/${path.posix.join(dir, seg)}`);
  }
  return out.filter((u) => !/Fragments\([^=]+=i/.test(u)); // media segments, not init
}

async function measure(name: string, base: string, locator: string, ism: string): Promise<void> {
  // The process itself warmed up first (JIT, sockets), so "cold" is the asset's, not the process's.
  for (let i = 0; i < 50; i++) await get(`${base}/crossdomain.xml`);
  const coldStart = performance.now();
  const urls = await segmentUrls(base, locator, ism);
  const cold = await get(urls[0]!);
  const coldMs = performance.now() - coldStart;
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const lat: number[] = [];
  for (let round = 0; round < 3; round++) for (const u of urls) lat.push((await get(u, agent)).ms);
  lat.sort((a, b) => a - b);
  let bytes = 0;
  let count = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let i = c; performance.now() < until; i += CONNECTIONS) {
        const r = await get(urls[i % urls.length]!, agent);
        bytes += r.bytes;
        count++;
      }
    }),
  );
  agent.destroy();
  console.log(
    `${name.padEnd(26)} cold (playlists + 1st segment) ${coldMs.toFixed(1).padStart(6)} ms (${cold.status}) | ` +
      `segment p50 ${pct(lat, 50).toFixed(2).padStart(6)} ms p99 ${pct(lat, 99).toFixed(2).padStart(6)} ms (${lat.length} req) | ` +
      `${(count / SECONDS).toFixed(0).padStart(5)} seg/s ${((bytes * 8) / SECONDS / 1e6).toFixed(0).padStart(5)} Mbit/s (${CONNECTIONS} conn)`,
  );
}

const dir = await mkdtemp(path.join(tmpdir(), 'blob-bench-'));
const children: ChildProcess[] = [];
const azurite = await startAzurite({ dataDir: path.join(dir, 'azurite') });
try {
  const fx = await abrFixture();
  const library = path.join(dir, 'library');
  const studio = await openStudio({ libraryDir: library, storageConnectionString: azurite.connectionString, runJobs: false });
  const assets: Record<'local' | 'blob', string> = { local: '', blob: '' };
  const locators: Record<'local' | 'blob', string> = { local: '', blob: '' };
  for (const kind of ['local', 'blob'] as const) {
    const asset = insertAsset(studio.catalog, { name: kind, ismName: fx.ismName, state: 'Finished' });
    const folder = assetFolderPath(studio.catalog, asset);
    await mkdir(folder, { recursive: true });
    for (const e of await readdir(fx.folder, { withFileTypes: true })) if (e.isFile()) await copyFile(path.join(fx.folder, e.name), path.join(folder, e.name));
    if (kind === 'blob') await moveAssetToBlob(studio.catalog, studio.storage, asset.id);
    assets[kind] = asset.id;
    locators[kind] = createLocator(studio.catalog, { assetId: asset.id, policyName: 'Predefined_ClearStreamingOnly' }).id;
  }
  await studio.publisher.syncNow();
  await studio.close();
  const env = { ...process.env, ORIGIN_STUDIO_STORAGE: azurite.connectionString };
  console.log(`blob bench: ${fx.ismName} (13 s, 3 video rungs + audio), Azurite on loopback, ${SECONDS} s throughput runs, Node ${process.version}`);

  const endpoint = await spawnOrigin(['serve', '--library', library], env);
  children.push(endpoint.child);
  await measure('studio endpoint, folder', endpoint.url, locators.local, fx.ismName);
  await measure('studio endpoint, blob', endpoint.url, locators.blob, fx.ismName);
  const stateless = await spawnOrigin(['serve', '--storage', azurite.connectionString], env);
  children.push(stateless.child);
  await measure('serve --storage, blob', stateless.url, locators.blob, fx.ismName);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  await azurite.stop();
  await rm(dir, { recursive: true, force: true });
}
