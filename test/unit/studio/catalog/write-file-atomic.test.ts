import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../../../electron/studio/catalog/catalog-error.ts';
import { writeFileAtomic, type AtomicFs } from '../../../../electron/studio/catalog/write-file-atomic.ts';
import fsp from 'node:fs/promises';
import { useTempLibraries } from './temp-library.ts';

const libs = useTempLibraries();

/** Real fs whose writes fail with `code` after the temp file was created. */
function failingFs(code: string): AtomicFs {
  return {
    open: async (file, flags, mode) => {
      const handle = await fsp.open(file, flags, mode);
      return {
        writeFile: async (data) => {
          await handle.writeFile(typeof data === 'string' ? data.slice(0, 3) : data.subarray(0, 3));
          throw Object.assign(new Error(`${code}: simulated, write`), { code });
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
    rename: (a, b) => fsp.rename(a, b),
    rm: (f, o) => fsp.rm(f, o),
  };
}

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file', async () => {
    const dir = libs.dir();
    const file = path.join(dir, 'movie.ism');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, new TextEncoder().encode('new content'));
    expect(fs.readFileSync(file, 'utf8')).toBe('new content');
    expect(fs.readdirSync(dir)).toEqual(['movie.ism']);
  });

  it('on disk full: a clear error, the old content intact, the temp file removed', async () => {
    const dir = libs.dir();
    const file = path.join(dir, 'movie.ism');
    fs.writeFileSync(file, 'old');
    const err = await writeFileAtomic(file, 'new content', { fs: failingFs('ENOSPC') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as CatalogError).code).toBe('disk-full');
    expect((err as Error).message).toMatch(/disk is full.*Free some space/);
    expect((err as Error).message).toContain(file);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['movie.ism']);
  });

  it('reports a missing folder as is (not as disk full)', async () => {
    const err = await writeFileAtomic(path.join(libs.dir(), 'no', 'x'), 'a').catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
