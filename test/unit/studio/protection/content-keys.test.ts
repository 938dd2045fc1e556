/**
 * The studio side of content protection: catalog migration 4 seeds the protected predefined
 * policies; a locator on one of them gets a generated (or given) key, which the origin's resolver
 * exposes as LocatorProtection without putting the key bytes in the object.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import type { Catalog } from '../../../../electron/studio/catalog/open-catalog.ts';
import { listPolicies } from '../../../../electron/studio/catalog/policies-repo.ts';
import { contentKeyIdOf, createContentKeyPolicy, deleteContentKeyPolicy } from '../../../../electron/studio/protection/content-keys.ts';
import { createLocatorResolver } from '../../../../electron/studio/publishing/locator-resolver.ts';
import { createLocator, deleteLocator } from '../../../../electron/studio/publishing/locators.ts';
import { useTempLibraries } from '../catalog/temp-library.ts';

const libs = useTempLibraries();
const asset = (c: Catalog) => insertAsset(c, { name: `a${Math.random()}`, state: 'Finished', ismName: 'movie.ism' });

describe('content keys in the catalog', () => {
  it('seeds the protected predefined policies with their schemes', () => {
    const c = libs.open();
    const byName = new Map(listPolicies(c).map((p) => [p.name, p]));
    expect(byName.get('Predefined_ClearKey')).toMatchObject({ encryptionScheme: 'EnvelopeEncryption', protocols: ['hls'] });
    expect(byName.get('Predefined_MultiDrmCencStreaming')).toMatchObject({ encryptionScheme: 'CommonEncryptionCenc' });
    expect(byName.get('Predefined_MultiDrmStreaming')).toMatchObject({ encryptionScheme: 'CommonEncryptionCencAndCbcs' });
  });

  it('a protected locator gets a random key; the resolver gives its schemes, key id and key; clear ones get none', async () => {
    const c = libs.open();
    const a = asset(c);
    const one = createLocator(c, { assetId: a.id, policyName: 'Predefined_MultiDrmStreaming' });
    const two = createLocator(c, { assetId: a.id, policyName: 'Predefined_MultiDrmStreaming' });
    const clear = createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearStreamingOnly' });
    const resolve = createLocatorResolver(c);
    const p1 = (await resolve(one.id))?.protection;
    const p2 = (await resolve(two.id))?.protection;
    expect(p1 && [...p1.schemes]).toEqual(['cenc', 'cbcs']);
    expect(p1?.keyId).toBe(contentKeyIdOf(c, one.id));
    expect(p1?.keyPolicy).toEqual({ kind: 'open' });
    expect(p1?.contentKey()).toHaveLength(16);
    expect(Buffer.from(p1!.contentKey()).equals(Buffer.from(p2!.contentKey()))).toBe(false);
    expect(JSON.stringify(p1)).not.toContain(Buffer.from(p1!.contentKey()).toString('hex'));
    expect((await resolve(clear.id))?.protection).toBeUndefined();
    expect(deleteLocator(c, one.id)).toBe(true);
    expect(contentKeyIdOf(c, one.id)).toBeNull();
  });

  it('takes a given key id and key under a token policy, and keeps the policy while it is used', async () => {
    const c = libs.open();
    const a = asset(c);
    createContentKeyPolicy(c, {
      name: 'jwt',
      restriction: { kind: 'token', issuer: 'iss', audience: 'aud', algorithm: 'HS256', verificationKey: randomBytes(32).toString('base64') },
    });
    const l = createLocator(c, {
      assetId: a.id,
      policyName: 'Predefined_ClearKey',
      contentKey: { policyName: 'jwt', keyId: '6F0C5B1E-2A3D-4C5B-8E9F-0A1B2C3D4E5F', key: '00112233445566778899aabbccddeeff' },
    });
    const p = (await createLocatorResolver(c)(l.id))?.protection;
    expect(p?.keyId).toBe('6f0c5b1e-2a3d-4c5b-8e9f-0a1b2c3d4e5f');
    expect(Buffer.from(p!.contentKey()).toString('hex')).toBe('00112233445566778899aabbccddeeff');
    expect(p?.keyPolicy.kind).toBe('token');
    expect(() => deleteContentKeyPolicy(c, 'jwt')).toThrow(/protects 1 locator/);
    expect(() => createLocator(c, { assetId: a.id, policyName: 'Predefined_ClearKey', contentKey: { key: 'abcd' } })).toThrow(/both a key id and a key/);
  });
});
