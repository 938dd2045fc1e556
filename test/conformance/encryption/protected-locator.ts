/**
 * Test support: a content key, a token-restricted key policy (HS256) and tokens for it, and the
 * protection info the origin's locator resolver hands over for an encrypted locator.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { CONTENT_KEY_ID_CLAIM, type KeyDeliveryPolicy, type LocatorProtection, type Protocol, type ProtectionScheme } from '../../../packaging-core/index.ts';
import type { AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';

export const ISSUER = 'https://sts.origin-studio.test';
export const AUDIENCE = 'urn:origin-studio:test';

export interface TestKey {
  readonly keyId: string;
  readonly key: Buffer;
  readonly secret: Buffer;
  readonly policy: KeyDeliveryPolicy;
}

export function testKey(): TestKey {
  const secret = randomBytes(32);
  return {
    keyId: randomUUID(),
    key: randomBytes(16),
    secret,
    policy: { kind: 'token', issuer: ISSUER, audience: AUDIENCE, algorithm: 'HS256', verificationKey: secret.toString('base64') },
  };
}

export function protectionOf(k: TestKey, schemes: readonly ProtectionScheme[], policy: KeyDeliveryPolicy = k.policy): LocatorProtection {
  return { schemes: new Set(schemes), keyId: k.keyId, contentKey: () => Uint8Array.from(k.key), keyPolicy: policy };
}

/**
 * A test origin for the fixture whose test locator is encrypted with a new test key (token policy)
 * under `schemes`, serving `protocols`.
 */
export async function startProtectedOrigin(
  fx: Pick<AbrFixture, 'folder' | 'ismName'>,
  schemes: readonly ProtectionScheme[],
  protocols: readonly Protocol[] = ['hls', 'dash', 'smooth'],
): Promise<{ origin: TestOrigin; key: TestKey }> {
  const origin = await startTestOrigin(fx);
  const key = testKey();
  origin.locators.set(TEST_LOCATOR, { folder: fx.folder, protocols: new Set(protocols), protection: protectionOf(key, schemes) });
  return { origin, key };
}

export async function tokenFor(
  k: TestKey,
  options: { expiresIn?: string | number; keyId?: string; secret?: Buffer; issuer?: string } = {},
): Promise<string> {
  return new SignJWT({ [CONTENT_KEY_ID_CLAIM]: options.keyId ?? k.keyId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(options.secret ?? k.secret);
}
