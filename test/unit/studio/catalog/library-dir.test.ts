import { describe, expect, it } from 'vitest';
import { defaultLibraryDir, libraryLayout } from '../../../../electron/studio/catalog/library-dir.ts';

describe('library folder', () => {
  it('defaults to the OS app-data folder', () => {
    expect(defaultLibraryDir({ platform: 'linux', env: {}, home: '/home/u' })).toBe('/home/u/.local/share/origin-studio');
    expect(defaultLibraryDir({ platform: 'linux', env: { XDG_DATA_HOME: '/x' }, home: '/home/u' })).toBe('/x/origin-studio');
    expect(defaultLibraryDir({ platform: 'darwin', env: {}, home: '/Users/u' })).toBe(
      '/Users/u/Library/Application Support/Origin Studio',
    );
    expect(defaultLibraryDir({ platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, home: 'C:\\Users\\u' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Origin Studio',
    );
  });

  it('is overridable by ORIGIN_STUDIO_LIBRARY', () => {
    expect(defaultLibraryDir({ platform: 'linux', env: { ORIGIN_STUDIO_LIBRARY: '/srv/lib' }, home: '/home/u' })).toBe('/srv/lib');
  });

  it('lays out catalog, assets, uploads and tmp under the root', () => {
    expect(libraryLayout('/srv/lib')).toEqual({
      root: '/srv/lib',
      catalogFile: '/srv/lib/catalog.sqlite',
      assetsDir: '/srv/lib/assets',
      uploadsDir: '/srv/lib/uploads',
      tmpDir: '/srv/lib/tmp',
      jobLogsDir: '/srv/lib/logs/jobs',
    });
  });
});
