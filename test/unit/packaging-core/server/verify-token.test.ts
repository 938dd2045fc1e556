import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { CONTENT_KEY_ID_CLAIM, checkToken } from '../../../../packaging-core/server/verify-token.ts';
import type { KeyDeliveryPolicy } from '../../../../packaging-core/types/request.ts';

const KID = '0b1e4d7c-8f3a-4c2e-9a6b-1d2e3f4a5b6c';
const now = new Date('2026-11-24T12:00:00Z');
const at = (offsetSec: number) => Math.floor(now.getTime() / 1000) + offsetSec;

describe('token restriction', () => {
  it('accepts an RS256 token signed by the key whose public half the policy holds, and nothing else', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const policy: KeyDeliveryPolicy = {
      kind: 'token',
      issuer: 'https://sts.example',
      audience: 'urn:origin-studio',
      algorithm: 'RS256',
      verificationKey: await exportSPKI(publicKey),
      requiredClaims: [{ type: 'tier', value: 'gold' }],
    };
    const sign = (key: typeof privateKey, claims: Record<string, unknown>, exp = at(600)) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256' })
        .setIssuer('https://sts.example')
        .setAudience('urn:origin-studio')
        .setExpirationTime(exp)
        .sign(key);

    expect(await checkToken(policy, await sign(privateKey, { tier: 'gold', [CONTENT_KEY_ID_CLAIM]: KID }), KID, now)).toEqual({ ok: true });
    expect(await checkToken(policy, await sign(other.privateKey, { tier: 'gold' }), KID, now)).toMatchObject({ ok: false, status: 401 });
    expect(await checkToken(policy, await sign(privateKey, { tier: 'silver' }), KID, now)).toMatchObject({ ok: false, status: 401 });
    expect(await checkToken(policy, await sign(privateKey, { tier: 'gold' }, at(-1)), KID, now)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'the token has expired',
    });
    const forAnother = await sign(privateKey, { tier: 'gold', [CONTENT_KEY_ID_CLAIM]: '11111111-2222-4333-8444-555555555555' });
    expect(await checkToken(policy, forAnother, KID, now)).toMatchObject({ ok: false, status: 403 });
    // An HS256 token made with the public key as a secret (algorithm confusion) is refused.
    const confused = await new SignJWT({ tier: 'gold' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://sts.example')
      .setAudience('urn:origin-studio')
      .setExpirationTime(at(600))
      .sign(new TextEncoder().encode(policy.verificationKey));
    expect(await checkToken(policy, confused, KID, now)).toMatchObject({ ok: false, status: 401 });
  });
});
