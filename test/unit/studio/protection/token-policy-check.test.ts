/**
 * Issue 12, item 5: token policies are checked when they are created (weak or unreadable keys refused
 * with a clear error) and tokens are checked strictly (claim types, future iat, lifetimes).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { checkToken, type KeyDeliveryPolicy, MAX_TOKEN_LIFETIME_SEC } from '../../../../packaging-core/index.ts';
import { checkTokenPolicy } from '../../../../electron/studio/protection/token-policy-check.ts';

type TokenPolicy = Extract<KeyDeliveryPolicy, { kind: 'token' }>;
const base = { kind: 'token', issuer: 'https://sts.example', audience: 'urn:studio' } as const;
const hs = (verificationKey: string): TokenPolicy => ({ ...base, algorithm: 'HS256', verificationKey });
const rs = (verificationKey: string): TokenPolicy => ({ ...base, algorithm: 'RS256', verificationKey });
const rsaPem = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('token policy at creation', () => {
  it('accepts a random 32-byte HS256 secret and a 2048-bit RSA public key', () => {
    expect(() => checkTokenPolicy(hs(randomBytes(32).toString('base64')))).not.toThrow();
    expect(() => checkTokenPolicy(rs(rsaPem(2048)))).not.toThrow();
  });

  it.each([
    ['32 zero bytes', hs(Buffer.alloc(32).toString('base64')), /not random .*all zero/],
    ['a repeated short pattern', hs(Buffer.from('abcd'.repeat(8)).toString('base64')), /not random/],
    ['16 random bytes', hs(randomBytes(16).toString('base64')), /at least 32 random bytes; this one has 16/],
    ['not base64', hs('this is not base64!!'.repeat(3)), /must be base64/],
    ['an unparsable PEM', rs('-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----'), /cannot be read as a PEM public key/],
    ['no PEM at all', rs('ssh-rsa AAAAB3NzaC1yc2E'), /must be a PEM public key/],
    ['a private key', rs(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), /private key/],
    ['a 1024-bit RSA key', rs(rsaPem(1024)), /has 1024 bits; use at least 2048/],
    ['an EC key', rs(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()), /ec key; RS256 needs an RSA key/],
    ['no issuer', { ...hs(randomBytes(32).toString('base64')), issuer: ' ' }, /needs an issuer and an audience/],
  ])('refuses %s with a clear error', (_name, policy, message) => {
    expect(() => checkTokenPolicy(policy)).toThrow(message);
  });
});

describe('token checks at key delivery', () => {
  const secret = randomBytes(32);
  const policy: TokenPolicy = { ...hs(secret.toString('base64')), requiredClaims: [{ type: 'role', value: 'viewer' }] };
  const now = new Date('2026-12-03T12:00:00Z');
  const nowSec = now.getTime() / 1000;
  const sign = (claims: Record<string, unknown>, { iat = nowSec, exp = nowSec + 600 } = {}) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(base.issuer).setAudience(base.audience).setIssuedAt(iat).setExpirationTime(exp).sign(secret);

  it('accepts a well-formed token', async () => {
    expect(await checkToken(policy, await sign({ role: 'viewer' }), 'k', now)).toEqual({ ok: true });
  });

  it('compares claim types strictly: ["viewer"] and other types are not "viewer"', async () => {
    for (const role of [['viewer'], { toString: 'viewer' }, 1]) {
      expect(await checkToken(policy, await sign({ role }), 'k', now)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/does not have the required value/) });
    }
  });

  it('refuses a token issued in the future', async () => {
    expect(await checkToken(policy, await sign({ role: 'viewer' }, { iat: nowSec + 3600 }), 'k', now)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/issued in the future/) });
    // A clock a little ahead is tolerated.
    expect(await checkToken(policy, await sign({ role: 'viewer' }, { iat: nowSec + 30 }), 'k', now)).toEqual({ ok: true });
  });

  it('caps lifetimes: exp = 1e20 or a year ahead is refused, a day is fine', async () => {
    expect(await checkToken(policy, await sign({ role: 'viewer' }, { exp: 1e20 }), 'k', now)).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/valid for longer than 7 days/) });
    expect(await checkToken(policy, await sign({ role: 'viewer' }, { exp: nowSec + 365 * 86_400 }), 'k', now)).toMatchObject({ ok: false });
    expect(await checkToken(policy, await sign({ role: 'viewer' }, { exp: nowSec + MAX_TOKEN_LIFETIME_SEC - 60 }), 'k', now)).toEqual({ ok: true });
  });
});
