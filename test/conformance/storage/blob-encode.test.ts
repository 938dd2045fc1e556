import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAsset, getAsset } from '../../../electron/studio/catalog/assets-repo.ts';
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
