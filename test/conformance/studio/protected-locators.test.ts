/**
 * Content protection through the studio API: content key policies (open and token), locators under
 * the protected predefined policies get a key id (never the key), ListPaths names the encryption and
 * lists only what the origin can serve encrypted, and the endpoint refuses the key without a token.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../../electron/studio/studio.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { insertFixtureAsset, openTestStudio, studioCalls } from '../../helpers/test-studio.ts';

const SECRET = randomBytes(32).toString('base64');

let dir = '';
let studio: Studio;
let assetId = '';

const { call } = studioCalls(() => studio);

beforeAll(async () => {
  const fx = await abrFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'protected-'));
  studio = await openTestStudio(dir, { serve: true });
  assetId = (await insertFixtureAsset(studio.catalog, fx)).id;
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('protected locators through the API', () => {
  it('creates and lists token-restricted content key policies without sending the secret back', async () => {
    const created = await call('contentKeyPolicies.create', {
      name: 'tokens',
      restriction: {
        kind: 'token',
        issuer: 'https://issuer.example',
        audience: 'origin-studio',
        algorithm: 'HS256',
        verificationKey: SECRET,
      },
    });
    expect(created.restriction).toEqual({ kind: 'token', issuer: 'https://issuer.example', audience: 'origin-studio', algorithm: 'HS256', requiredClaims: [] });
    expect(JSON.stringify(await call('contentKeyPolicies.list', {}))).not.toContain(SECRET);
  });

  it('gives a ClearKey locator a key id, HLS paths with envelope encryption, and guards the key', async () => {
    const locator = await call('locators.create', {
      assetId,
      policyName: 'Predefined_ClearKey',
      contentKey: { policyName: 'tokens' },
    });
    expect(locator.keyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(locator)).not.toMatch(/"key"/);
    const paths = await call('locators.paths', { id: locator.id });
    expect(paths.streamingPaths.map((p) => [p.protocol, p.encryptionScheme])).toEqual([['Hls', 'EnvelopeEncryption']]);
    const master = await fetch(paths.urls['hls-v4']!);
    expect(master.status).toBe(200);
    const playlist = await fetch(new URL(/^(QualityLevels\([^\n]+)$/m.exec(await master.text())![1]!, paths.urls['hls-v4']!));
    const key = /#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)"/.exec(await playlist.text());
    expect(key).not.toBeNull();
    expect((await fetch(new URL(key![1]!, playlist.url))).status).toBe(401);
  });

  it('lists only cbcs HLS CMAF and cenc DASH/Smooth under the multi-DRM policy', async () => {
    const locator = await call('locators.create', { assetId, policyName: 'Predefined_MultiDrmStreaming' });
    const paths = await call('locators.paths', { id: locator.id });
    expect(paths.streamingPaths.map((p) => [p.protocol, p.encryptionScheme, p.paths.length])).toEqual([
      ['Hls', 'CommonEncryptionCbcs', 1],
      ['Dash', 'CommonEncryptionCenc', 2],
      ['SmoothStreaming', 'CommonEncryptionCenc', 1],
    ]);
    expect(Object.keys(paths.urls).sort()).toEqual(['dash-cmaf', 'dash-csf', 'hls-cmaf', 'smooth']);
    for (const url of Object.values(paths.urls)) expect((await fetch(url!)).status, url).toBe(200);
  });
});
