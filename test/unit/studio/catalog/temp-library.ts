import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openCatalog, type Catalog, type OpenCatalogOptions } from '../../../../electron/studio/catalog/open-catalog.ts';

/** A fresh library folder per test, closed and removed after it. */
export function useTempLibraries(): { dir(): string; open(dir?: string, options?: OpenCatalogOptions): Catalog } {
  const dirs: string[] = [];
  const catalogs: Catalog[] = [];
  afterEach(() => {
    for (const c of catalogs.splice(0)) c.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const dir = (): string => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'os-lib-'));
    dirs.push(d);
    return d;
  };
  return {
    dir,
    open(d = dir(), options = {}) {
      const c = openCatalog(d, options);
      catalogs.push(c);
      return c;
    },
  };
}
