import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetFolderPath, insertAsset, getAsset } from '../../../electron/studio/catalog/assets-repo.ts';
import { createLocator } from '../../../electron/studio/publishing/locators.ts';
import type { JobProgress } from '../../../electron/studio/catalog/types.ts';
import { makeSampleMezzanine } from '../../../electron/studio/app/sample-mezzanine.ts';
import { waitForJob } from '../../../electron/studio/app/wait-for-job.ts';
import { StorageError, type BlobStore } from '../../../electron/studio/storage/blob-store.ts';
import { uploadFolder } from '../../../electron/studio/storage/asset-transfer.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';

// One studio, whose blob storage is the embedded Azurite it starts on first use (one per file).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'os-blob-encode-'));
let studio: Studio;
let mezzanine: string;
/** The encoded output asset in blob storage (made by the first test, served by the origin tests). */
let encoded: { id: string; ism: string } | null = null;

beforeAll(async () => {
  studio = await openStudio({ libraryDir: path.join(tmp, 'library') });
  mezzanine = await makeSampleMezzanine(tmp, { durationSec: 4, width: 320, height: 240, languages: ['eng'] });
});
afterAll(async () => {
  const azurite = await studio?.storage.azurite();
  await studio?.close();
  if (azurite) expect(() => process.kill(azurite.pid, 0)).toThrow(); // stopped with the studio
  fs.rmSync(tmp, { recursive: true, force: true });
});

function blobAsset(name: string) {
  return insertAsset(studio.catalog, { name, storage: 'blob', state: 'Finished' });
}

describe('the encoder with assets in blob storage', () => {
  it('reads the input from its container and writes every output into the output container; progress climbs to 100', async () => {
    const input = blobAsset('input');
    const output = insertAsset(studio.catalog, { name: 'output', storage: 'blob' });
    const inLoc = await studio.storage.locate(input);
    const outLoc = await studio.storage.locate(output);
    expect(inLoc.container).toBe(`asset-${input.id}`);
    await inLoc.store.createContainer(inLoc.container);
    await outLoc.store.createContainer(outLoc.container);
    await inLoc.store.uploadFile(inLoc.container, 'my movie.mp4', mezzanine);

    const job = studio.queue.enqueue({ transformName: 'AdaptiveStreaming', inputAssetId: input.id, inputFile: null, outputAssetId: output.id });
    const seen: JobProgress[] = [];
    const done = await waitForJob(studio.catalog, studio.queue, job.id, (p) => seen.push(p));
    expect(done.error).toBeNull();
    expect(done.state).toBe('Finished');
    const percents = seen.map((p) => p.percent);
    expect(percents.every((p, i) => i === 0 || p >= percents[i - 1]!)).toBe(true);
    expect(seen.some((p) => p.stage === 'downloading input')).toBe(true);
    expect(seen.some((p) => p.stage === 'uploading outputs')).toBe(true);

    const after = getAsset(studio.catalog, output.id)!;
    expect(after.ismName).toMatch(/\.ism$/);
    encoded = { id: output.id, ism: after.ismName! };
    const names = (await outLoc.store.listBlobs(outLoc.container)).map((b) => b.name);
    expect(names).toContain(after.ismName);
    expect(names.filter((n) => n.endsWith('.mp4')).length).toBeGreaterThanOrEqual(2);
    // No staging left behind in the library's scratch folder.
    expect(fs.readdirSync(studio.catalog.layout.tmpDir)).toEqual([]);
    // An output is a real MP4 an independent client reads.
    const videoBlob = names.find((n) => /_\d+x\d+_\d+\.mp4$/.test(n))!;
    const local = path.join(tmp, 'check.mp4');
    await outLoc.store.downloadFile(outLoc.container, videoBlob, local);
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', local], { encoding: 'utf8' })) as {
      streams: { codec_name: string }[];
    };
    expect(probe.streams.map((s) => s.codec_name)).toContain('h264');
  });

  it('an empty input container fails the job with a message saying to upload first', async () => {
    const input = blobAsset('empty input');
    const output = insertAsset(studio.catalog, { name: 'never', storage: 'blob' });
    const inLoc = await studio.storage.locate(input);
    await inLoc.store.createContainer(inLoc.container);
    const job = studio.queue.enqueue({ transformName: 'AdaptiveStreaming', inputAssetId: input.id, inputFile: null, outputAssetId: output.id });
    const done = await waitForJob(studio.catalog, studio.queue, job.id);
    expect(done.state).toBe('Error');
    expect(done.error?.message).toMatch(/has no media file in its container .* upload the file/);
    const outLoc = await studio.storage.locate(output);
    expect(await outLoc.store.containerExists(outLoc.container)).toBe(false);
  });

  it('an upload that fails half-way leaves the output container as it was', async () => {
    const store = await studio.storage.blob();
    const folder = path.join(tmp, 'outputs');
    fs.mkdirSync(folder);
    for (const f of ['a.mp4', 'b.mp4', 'c.ism']) fs.writeFileSync(path.join(folder, f), f);
    let uploads = 0;
    const uploadFile: BlobStore['uploadFile'] = (...args) => {
      if (++uploads === 3) return Promise.reject(new StorageError('unavailable', 'connection reset'));
      return store.uploadFile(...args);
    };
    const failing = new Proxy(store, {
      get: (target, key) => {
        if (key === 'uploadFile') return uploadFile;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as BlobStore;
    await store.createContainer('asset-half-written');
    await store.write('asset-half-written', 'kept.txt', 'was here');
    await expect(uploadFolder(failing, 'asset-half-written', folder)).rejects.toThrow(/connection reset/);
    expect((await store.listBlobs('asset-half-written')).map((b) => b.name)).toEqual(['kept.txt']);
    // A container the upload made itself is removed entirely.
    uploads = 0;
    await expect(uploadFolder(failing, 'asset-made-by-upload', folder)).rejects.toThrow(/connection reset/);
    expect(await store.containerExists('asset-made-by-upload')).toBe(false);
  });
});

/** Every URL a player would fetch for one HLS rendition set, the DASH and Smooth manifests, and a download. */
async function crawl(base: string, ism: string, mp4: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const get = async (rel: string, init?: RequestInit): Promise<Buffer> => {
    const res = await fetch(`${base}/${rel}`, init);
    expect(res.status, rel).toBe(init?.headers ? 206 : 200);
    const body = Buffer.from(await res.arrayBuffer());
    out.set(`${rel}${init?.headers ? ' (range)' : ''}`, body);
    return body;
  };
  const uris = (text: string): string[] => text.split('\n').filter((l) => l && !l.startsWith('#'));
  const master = (await get(`${ism}/manifest(format=m3u8-aapl)`)).toString();
  for (const playlist of uris(master)) {
    const media = (await get(`${ism}/${playlist}`)).toString();
    for (const segment of uris(media)) await get(`${ism}/${path.posix.join(path.posix.dirname(playlist), segment)}`);
  }
  await get(`${ism}/manifest(format=mpd-time-csf)`);
  await get(`${ism}/manifest`);
  await get(mp4);
  await get(mp4, { headers: { range: 'bytes=100-4195' } });
  return out;
}

describe('the origin serving from blob storage', () => {
  it('serves every HLS segment, the DASH and Smooth manifests and downloads byte-equal to the same files in a folder', async () => {
    expect(encoded).not.toBeNull();
    const { id, ism } = encoded!;
    const { store, container } = await studio.storage.locate({ id, storage: 'blob' });
    const blobs = await store.listBlobs(container);
    // The same files as a local asset.
    const copy = insertAsset(studio.catalog, { name: 'local copy', ismName: ism, state: 'Finished' });
    const folder = assetFolderPath(studio.catalog, copy);
    fs.mkdirSync(folder, { recursive: true });
    for (const b of blobs) await store.downloadFile(container, b.name, path.join(folder, b.name));

    const blobLocator = createLocator(studio.catalog, { assetId: id, policyName: 'Predefined_DownloadAndClearStreaming' });
    const localLocator = createLocator(studio.catalog, { assetId: copy.id, policyName: 'Predefined_DownloadAndClearStreaming' });
    const status = await studio.endpoint.start({ port: 0 });
    const root = status.url!.replace(/\/+$/, '');
    const mp4 = blobs.find((b) => b.name.endsWith('.mp4'))!.name;
    const fromBlob = await crawl(`${root}/${blobLocator.id}`, ism, mp4);
    const fromFolder = await crawl(`${root}/${localLocator.id}`, ism, mp4);
    expect([...fromBlob.keys()]).toEqual([...fromFolder.keys()]);
    expect(fromBlob.size).toBeGreaterThan(8);
    for (const [url, body] of fromFolder) expect(fromBlob.get(url)!.equals(body), url).toBe(true);

    // Same HTTP semantics: a missing file is a 404, a conditional request a 304.
    expect((await fetch(`${root}/${blobLocator.id}/nope.mp4`)).status).toBe(404);
    const seg = await fetch(`${root}/${blobLocator.id}/${ism}/manifest(format=mpd-time-csf)`);
    const etag = seg.headers.get('etag');
    await seg.arrayBuffer();
    expect(etag).toBeTruthy();
    expect((await fetch(`${root}/${blobLocator.id}/${ism}/manifest(format=mpd-time-csf)`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    await studio.endpoint.stop();
  });
});
