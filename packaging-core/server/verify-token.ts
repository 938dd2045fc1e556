/**
 * Token restriction of a content key policy (streaming-formats.md §7): a JWT signed HS256 (shared
 * secret) or RS256 (public key or certificate), with issuer, audience, an expiry, and the policy's
 * required claims. A well-signed token naming another content key (AMS's content key identifier
 * claim) is valid but not for this key: 403, not 401.
 */
import { errors, importSPKI, importX509, jwtVerify, type JWTPayload } from 'jose';
import type { KeyDeliveryPolicy } from '../types/request.ts';

export const CONTENT_KEY_ID_CLAIM = 'urn:microsoft:azure:mediaservices:contentkeyidentifier';

export type TokenCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly reason: string };

type TokenPolicy = Extract<KeyDeliveryPolicy, { kind: 'token' }>;

/** Clocks disagree a little: an `iat` up to this far ahead of ours is accepted. */
export const CLOCK_SKEW_SEC = 60;
/** The longest a token may still be valid for: a leaked token must not open the key for years. */
export const MAX_TOKEN_LIFETIME_SEC = 7 * 86_400;

async function verificationKey(policy: TokenPolicy): Promise<Uint8Array | Awaited<ReturnType<typeof importSPKI>>> {
  if (policy.algorithm === 'HS256') return Uint8Array.from(Buffer.from(policy.verificationKey, 'base64'));
  const pem = policy.verificationKey.trim();
  return pem.startsWith('-----BEGIN CERTIFICATE') ? importX509(pem, 'RS256') : importSPKI(pem, 'RS256');
}

function why(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `the token's "${err.claim}" claim is missing or wrong (${err.reason})`;
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not match the content key policy';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm the content key policy does not accept';
  if (err instanceof errors.JOSEError) return `the token is not a valid JWT (${err.code})`;
  return 'the token could not be verified';
}

export async function checkToken(policy: KeyDeliveryPolicy, token: string | undefined, keyId: string, now: Date): Promise<TokenCheck> {
  if (policy.kind === 'open') return { ok: true };
  if (!token) return { ok: false, status: 401, reason: 'a token is required: send Authorization: Bearer <jwt> or ?token=<jwt>' };
  let payload: JWTPayload;
  try {
    const key = await verificationKey(policy);
    ({ payload } = await jwtVerify(token, key, {
      issuer: policy.issuer,
      audience: policy.audience,
      algorithms: [policy.algorithm],
      requiredClaims: ['exp'],
      currentDate: now,
    }));
  } catch (err) {
    return { ok: false, status: 401, reason: why(err) };
  }
  const nowSec = now.getTime() / 1000;
  if (typeof payload.iat === 'number' && payload.iat > nowSec + CLOCK_SKEW_SEC) {
    return { ok: false, status: 401, reason: 'the token is issued in the future ("iat" is ahead of the key server\'s clock)' };
  }
  if (typeof payload.exp === 'number' && payload.exp - nowSec > MAX_TOKEN_LIFETIME_SEC) {
    return { ok: false, status: 401, reason: `the token is valid for longer than ${MAX_TOKEN_LIFETIME_SEC / 86_400} days ("exp" too far ahead); issue shorter-lived tokens` };
  }
  for (const claim of policy.requiredClaims ?? []) {
    const value = payload[claim.type];
    if (value === undefined) return { ok: false, status: 401, reason: `the token lacks the required claim "${claim.type}"` };
    // Compared as written: ["viewer"] or 1 is not "viewer" or "1" (a claim of another type is another claim).
    if (claim.value !== undefined && (typeof value !== 'string' || value !== claim.value)) {
      return { ok: false, status: 401, reason: `the token's claim "${claim.type}" does not have the required value` };
    }
  }
  const forKey = payload[CONTENT_KEY_ID_CLAIM];
  if (forKey !== undefined && (typeof forKey !== 'string' || forKey.toLowerCase() !== keyId.toLowerCase())) {
    return { ok: false, status: 403, reason: 'the token is for another content key, not for this locator' };
  }
  return { ok: true };
}
