import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// electron-builder reads these files on a build machine; here we check the security-relevant settings.
const read = (f: string) => readFileSync(new URL(`../../../${f}`, import.meta.url), 'utf8');

describe('packaging configuration', () => {
  it('ships with the hardening fuses and ffmpeg-static outside the asar', () => {
    const release = read('electron-builder.yml');
    for (const line of [
      'runAsNode: false',
      'enableCookieEncryption: true',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'enableEmbeddedAsarIntegrityValidation: true',
      'onlyLoadAppFromAsar: true',
      'grantFileProtocolExtraPrivileges: false',
      '- node_modules/ffmpeg-static/**',
    ]) {
      expect(release).toContain(line);
    }
    expect(release).toMatch(/target: \[AppImage, deb\]/);
  });
  it('allows the inspector only in the separate end-to-end build', () => {
    const e2e = read('electron-builder.e2e.yml');
    expect(e2e).toContain('extends: ./electron-builder.yml');
    expect(e2e).toContain('enableNodeCliInspectArguments: true');
    // The fuses block replaces the release one: every other fuse is repeated there.
    expect(e2e).toContain('grantFileProtocolExtraPrivileges: false');
    expect(e2e).toContain('output: release-e2e');
  });
});
