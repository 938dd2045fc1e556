import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBodySlice } from '../../../../packaging-core/io/body-slice.ts';
import { FileReader } from '../../../../packaging-core/io/file-reader.ts';
import type { Body } from '../../../../packaging-core/types/body.ts';

describe('body slices over memory parts and file ranges', () => {
  let dir: string;
  let file: string;
  const files = new FileReader(2);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'slice-'));
    file = path.join(dir, 'media.bin');
    await writeFile(file, Buffer.from('0123456789abcdefghij'));
  });
  afterAll(async () => {
    await files.close();
    await rm(dir, { recursive: true, force: true });
  });

  const body = (): Body => ({
    parts: [Buffer.from('HEAD'), { path: file, offset: 10, length: 5 }, Buffer.from('-'), { path: file, offset: 0, length: 3 }],
    length: 13,
  });

  it('materialises the whole body in order', async () => {
    expect((await readBodySlice(body(), 0, 12, files)).toString()).toBe('HEADabcde-012');
  });
  it('slices across part boundaries', async () => {
    expect((await readBodySlice(body(), 2, 9, files)).toString()).toBe('ADabcde-');
    expect((await readBodySlice(body(), 11, 12, files)).toString()).toBe('12');
    expect((await readBodySlice(body(), 6, 6, files)).toString()).toBe('c');
  });
  it('fails clearly when a file is shorter than the range', async () => {
    const short: Body = { parts: [{ path: file, offset: 18, length: 5 }], length: 5 };
    await expect(readBodySlice(short, 0, 4, files)).rejects.toThrow(/ends before byte 23/);
  });
});
