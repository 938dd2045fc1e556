/**
 * Test support: a content key, a token-restricted key policy (HS256) and tokens for it, and the
 * protection info the origin's locator resolver hands over for an encrypted locator.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { CONTENT_KEY_ID_CLAIM, type KeyDeliveryPolicy, type LocatorProtection, type ProtectionScheme } from '../../../packaging-core/index.ts';

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
