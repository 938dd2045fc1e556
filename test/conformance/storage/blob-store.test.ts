import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError, type BlobStore } from '../../../electron/studio/storage/blob-store.ts';
import { AzureBlobStore } from '../../../electron/studio/storage/azure-blob-store.ts';
import { startAzurite, type RunningAzurite } from '../../../electron/studio/storage/azurite.ts';
import { LocalFolderStore } from '../../../electron/studio/storage/local-folder-store.ts';
import { assetContainerName } from '../../../electron/studio/storage/names.ts';

// One Azurite for the file; the same cases run against the folder backend and the Blob API backend.
let azurite: RunningAzurite;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'os-store-'));
const stores: Record<'local' | 'blob', () => BlobStore> = {
  local: () => new LocalFolderStore(path.join(tmp, 'local')),
  blob: () => new AzureBlobStore(azurite.connectionString),
};

beforeAll(async () => {
  azurite = await startAzurite({ dataDir: path.join(tmp, 'azurite') });
});
afterAll(async () => {
  await azurite?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(StorageError);
    return (err as StorageError).code;
  }
  return 'resolved';
}

let n = 0;
const fresh = (): string => assetContainerName(`00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);

describe.each(['local', 'blob'] as const)('%s backend', (kind) => {
  let store: BlobStore;
  beforeAll(() => {
    store = stores[kind]();
  });

  it('creates, lists and deletes containers; a second create and bad names are refused', async () => {
    const c = fresh();
    expect(await store.containerExists(c)).toBe(false);
    await store.createContainer(c);
    expect(await store.containerExists(c)).toBe(true);
    expect(await store.listContainers('asset-')).toContain(c);
    expect(await code(store.createContainer(c))).toBe('exists');
    expect(await code(store.createContainer('Bad_Name'))).toBe('invalid-name');
    expect(await code(store.createContainer('a--b'))).toBe('invalid-name');
    expect(await store.deleteContainer(c)).toBe(true);
    expect(await store.deleteContainer(c)).toBe(false);
    expect(await store.containerExists(c)).toBe(false);
    expect(await code(store.listBlobs(c))).toBe('not-found');
  });

  it('writes, reads, stats and lists blobs; a rewrite changes the ETag', async () => {
    const c = fresh();
    await store.createContainer(c);
    const a = await store.write(c, 'movie.ism', '<smil/>');
    await store.write(c, 'video/v_1.mp4', Buffer.from('0123456789'));
    expect(a.size).toBe(7);
    expect((await store.read(c, 'movie.ism')).toString()).toBe('<smil/>');
    expect((await store.listBlobs(c)).map((b) => [b.name, b.size])).toEqual([
      ['movie.ism', 7],
      ['video/v_1.mp4', 10],
    ]);
    expect((await store.listBlobs(c, 'video/')).map((b) => b.name)).toEqual(['video/v_1.mp4']);
    const before = await store.stat(c, 'movie.ism');
    await new Promise((r) => setTimeout(r, 5));
    const after = await store.write(c, 'movie.ism', '<smil>changed</smil>');
    expect(after.etag).not.toBe(before?.etag);
    expect(await store.stat(c, 'nope.mp4')).toBeNull();
    expect(await store.stat(fresh(), 'nope.mp4')).toBeNull();
    expect(await code(store.read(c, 'nope.mp4'))).toBe('not-found');
    expect(await code(store.write(c, '../escape.mp4', 'x'))).toBe('invalid-name');
    expect(await code(store.write(c, 'a//b.mp4', 'x'))).toBe('invalid-name');
    expect(await code(store.write(fresh(), 'x.mp4', 'x'))).toBe('not-found');
    expect(await store.deleteBlob(c, 'movie.ism')).toBe(true);
    expect(await store.deleteBlob(c, 'movie.ism')).toBe(false);
    await store.deleteContainer(c);
  });

  it('reads ranges like a file: short at the end, empty past it, refused when the version changed', async () => {
    const c = fresh();
    await store.createContainer(c);
    const info = await store.write(c, 'b.mp4', Buffer.from('abcdefghij'));
    expect((await store.readRange(c, 'b.mp4', 2, 3)).toString()).toBe('cde');
    expect((await store.readRange(c, 'b.mp4', 8, 10)).toString()).toBe('ij');
    expect((await store.readRange(c, 'b.mp4', 10, 4)).length).toBe(0);
    expect((await store.readRange(c, 'b.mp4', 0, 0)).length).toBe(0);
    expect((await store.readRange(c, 'b.mp4', 1, 2, info.etag)).toString()).toBe('bc');
    await new Promise((r) => setTimeout(r, 5));
    await store.write(c, 'b.mp4', Buffer.from('ABCDEFGHIJ'));
    expect(await code(store.readRange(c, 'b.mp4', 1, 2, info.etag))).toBe('changed');
    expect(await code(store.readRange(c, 'b.mp4', -1, 2))).toBe('invalid-argument');
    await store.deleteContainer(c);
  });

  it('uploads and downloads files with progress; a canceled download leaves no file', async () => {
    const c = fresh();
    await store.createContainer(c);
    const src = path.join(tmp, `${kind}-src.bin`);
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    fs.writeFileSync(src, data);
    const seen: number[] = [];
    const up = await store.uploadFile(c, 'big.mp4', src, { onProgress: (b) => seen.push(b), contentType: 'video/mp4' });
    expect(up.size).toBe(data.length);
    expect(seen.at(-1)).toBe(data.length);
    const dst = path.join(tmp, `${kind}-dst.bin`);
    await store.downloadFile(c, 'big.mp4', dst);
    expect(fs.readFileSync(dst).equals(data)).toBe(true);
    const aborted = path.join(tmp, `${kind}-aborted.bin`);
    const controller = new AbortController();
    controller.abort();
    expect(await code(store.downloadFile(c, 'big.mp4', aborted, { signal: controller.signal }))).toBe('aborted');
    expect(fs.readdirSync(tmp).filter((f) => f.includes(`${kind}-aborted`))).toEqual([]);
    expect(await code(store.downloadFile(c, 'missing.mp4', aborted))).toBe('not-found');
    expect(await code(store.uploadFile(c, 'x.mp4', path.join(tmp, 'no-such-file')))).toBe('not-found');
    await store.deleteContainer(c);
  });
});

describe('container SAS URLs', () => {
  it('grant exactly AMS\'s permissions to a client using the official SDK', async () => {
    const store = stores.blob();
    const c = fresh();
    await store.createContainer(c);
    await store.write(c, 'in.mp4', 'data');
    const soon = new Date(Date.now() + 3600_000);
    const read = new ContainerClient(await store.containerSasUrl(c, 'Read', soon));
    const readWrite = new ContainerClient(await store.containerSasUrl(c, 'ReadWrite', soon));
    const all = new ContainerClient(await store.containerSasUrl(c, 'ReadWriteDelete', soon));

    expect((await read.getBlobClient('in.mp4').downloadToBuffer()).toString()).toBe('data');
    const listed: string[] = [];
    for await (const b of read.listBlobsFlat()) listed.push(b.name);
    expect(listed).toEqual(['in.mp4']);
    await expect(read.getBlockBlobClient('new.mp4').uploadData(Buffer.from('x'))).rejects.toMatchObject({ statusCode: 403 });

    await readWrite.getBlockBlobClient('new.mp4').uploadData(Buffer.from('uploaded'));
    expect((await store.read(c, 'new.mp4')).toString()).toBe('uploaded');
    await expect(readWrite.getBlobClient('new.mp4').delete()).rejects.toMatchObject({ statusCode: 403 });

    await all.getBlobClient('new.mp4').delete();
    expect(await store.stat(c, 'new.mp4')).toBeNull();

    expect(await code(store.containerSasUrl(c, 'Read', new Date(Date.now() - 1000)))).toBe('invalid-argument');
    expect(await code(store.containerSasUrl(c, 'Read', new Date(Date.now() + 25 * 3600_000)))).toBe('invalid-argument');
    expect(await code(store.containerSasUrl(fresh(), 'Read', soon))).toBe('not-found');
    expect(await code(stores.local().containerSasUrl(c, 'Read', soon))).toBe('not-supported');
    await store.deleteContainer(c);
  });
});

describe('Azurite and the service being away', () => {
  it('an unreachable service is a clear "unavailable" error, and the data outlives an Azurite restart', async () => {
    const dataDir = path.join(tmp, 'azurite-2');
    const first = await startAzurite({ dataDir });
    const store = new AzureBlobStore(first.connectionString, { maxTries: 1 });
    await store.createContainer('kept');
    await store.write('kept', 'a.txt', 'persisted');
    await first.stop();
    const err = await store.listContainers().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('unavailable');
    expect((err as StorageError).message).toMatch(/Could not reach the storage account devstoreaccount1/);
    expect((err as StorageError).message).not.toContain('Eby8vdM02'); // never the key

    const second = await startAzurite({ dataDir });
    try {
      expect((await new AzureBlobStore(second.connectionString).read('kept', 'a.txt')).toString()).toBe('persisted');
    } finally {
      await second.stop();
    }
    expect(() => process.kill(second.pid, 0)).toThrow();
  });
});
