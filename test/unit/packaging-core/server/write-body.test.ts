import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferPool } from '../../../../packaging-core/io/buffer-pool.ts';
import { FileReader } from '../../../../packaging-core/io/file-reader.ts';
import { writeBody } from '../../../../packaging-core/server/write-body.ts';
import type { Body } from '../../../../packaging-core/types/body.ts';

describe('writeBody streams parts of a body to the response', () => {
  let dir: string;
  let file: string;
  let content: Buffer;
  let server: Server;
  let port: number;
  const files = new FileReader(2);
  const pool = new BufferPool({ granule: 64 * 1024, maxFreeBytes: 8 << 20 });
  let current: { body: Body; start: number; end: number } = { body: { parts: [], length: 0 }, start: 0, end: -1 };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'write-body-'));
    file = path.join(dir, 'media.bin');
    // Larger than one read chunk (2 MiB), so a file range goes out in several pooled reads.
    content = Buffer.alloc(5 * 1024 * 1024 + 123);
    for (let i = 0; i < content.length; i++) content[i] = (i * 31 + (i >> 12)) & 0xff;
    await writeFile(file, content);
    server = createServer((_req, res) => {
      res.writeHead(200);
      void writeBody(res, current.body, current.start, current.end, files, pool);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await files.close();
    await rm(dir, { recursive: true, force: true });
  });

  const fetchBody = (body: Body, start: number, end: number): Promise<Buffer> => {
    current = { body, start, end };
    return new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
        .on('error', reject)
        .end();
    });
  };

  const body = (): Body => ({
    parts: [Buffer.from('HEAD'), { path: file, offset: 1000, length: content.length - 1000 }, Buffer.from('TAIL')],
    length: 4 + content.length - 1000 + 4,
  });
  const expected = () => Buffer.concat([Buffer.from('HEAD'), content.subarray(1000), Buffer.from('TAIL')]);

  it('writes the whole body in order, a multi-megabyte file range included', async () => {
    expect((await fetchBody(body(), 0, body().length - 1)).equals(expected())).toBe(true);
  });

  it('writes a slice across part boundaries', async () => {
    const b = body();
    expect((await fetchBody(b, 2, 9)).equals(expected().subarray(2, 10))).toBe(true);
    expect((await fetchBody(b, b.length - 6, b.length - 1)).equals(expected().subarray(b.length - 6))).toBe(true);
    const mid = 3 * 1024 * 1024;
    expect((await fetchBody(b, mid, mid + 2 * 1024 * 1024)).equals(expected().subarray(mid, mid + 2 * 1024 * 1024 + 1))).toBe(true);
  });

  it('gives its read buffers back to the pool', async () => {
    await fetchBody(body(), 0, body().length - 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(pool.idleBytes).toBeGreaterThan(0);
  });
});
