/**
 * Test tokens: a JWT the studio signs for one protected locator under an HS256 token policy, so the
 * studio's own player can try the locator as a real client would. Only HS256: the studio already holds
 * that shared secret; for RS256 it holds only the public key, and the private key belongs to the
 * user's token service.
 */
import { SignJWT } from 'jose';
import { CONTENT_KEY_ID_CLAIM } from '../../../packaging-core/index.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import { getContentKeyPolicy, getContentKeyRow } from '../catalog/content-keys-repo.ts';
import type { Catalog } from '../catalog/open-catalog.ts';

/** A required claim the policy names without a value still has to be present: this fills it. */
const PLACEHOLDER_CLAIM_VALUE = 'origin-studio-test';

export async function signTestToken(
  catalog: Catalog,
  input: { name: string; locatorId: string; expiresInSec: number },
  now = new Date(),
): Promise<{ token: string; expiresAt: string }> {
  const policy = getContentKeyPolicy(catalog, input.name);
  if (!policy) throw new CatalogError('not-found', `No content key policy named "${input.name}".`);
  const r = policy.restriction;
  if (r.kind === 'open')
    throw new CatalogError('invalid-argument', `"${input.name}" is an open policy: its keys need no token.`);
  if (r.algorithm !== 'HS256') {
    throw new CatalogError(
      'invalid-argument',
      `"${input.name}" verifies RS256 tokens: the studio holds only the public key, so sign a token with your token service's private key.`,
    );
  }
  const row = getContentKeyRow(catalog, input.locatorId);
  if (!row)
    throw new CatalogError(
      'not-found',
      `Locator ${input.locatorId} has no content key: it is not protected.`,
    );
  if (row.policyName !== input.name) {
    throw new CatalogError(
      'invalid-argument',
      `Locator ${input.locatorId} is guarded by "${row.policyName}", not "${input.name}".`,
    );
  }
  const claims: Record<string, string> = { [CONTENT_KEY_ID_CLAIM]: row.keyId };
  for (const c of r.requiredClaims ?? []) claims[c.type] = c.value ?? PLACEHOLDER_CLAIM_VALUE;
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + input.expiresInSec;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(r.issuer)
    .setAudience(r.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(Buffer.from(r.verificationKey, 'base64'));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}
