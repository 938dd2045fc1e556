/**
 * A token restriction is checked when the content key policy is created, not when the first viewer's
 * licence request fails: the issuer and audience are set, an HS256 secret is strong (base64 of at least
 * 32 bytes that are not a constant or a short repeat), an RS256 key is a PEM RSA public key (SPKI) or
 * certificate that actually parses, of at least 2048 bits, and required claims are well formed.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { KeyDeliveryPolicy } from '../../../packaging-core/index.ts';
import { CatalogError } from '../catalog/catalog-error.ts';

type TokenPolicy = Extract<KeyDeliveryPolicy, { kind: 'token' }>;

const MIN_SECRET_BYTES = 32;
/** A random 32-byte secret has ~30 distinct byte values; fewer than this is a pattern, not a secret. */
const MIN_DISTINCT_BYTES = 12;
const MIN_RSA_BITS = 2048;

function invalid(message: string): CatalogError {
  return new CatalogError('invalid-argument', message);
}

function checkSecret(base64: string): void {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) && !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw invalid('The HS256 verification key must be base64 (it has characters base64 does not use).');
  }
  const secret = Buffer.from(text, 'base64');
  if (secret.length < MIN_SECRET_BYTES) {
    throw invalid(`The HS256 verification key must be base64 of at least ${MIN_SECRET_BYTES} random bytes; this one has ${secret.length}.`);
  }
  if (new Set(secret).size < MIN_DISTINCT_BYTES) {
    throw invalid('The HS256 verification key is not random (e.g. all zero bytes or a short repeated pattern): anyone could guess it. Generate one with a secure random generator.');
  }
}

function publicKeyOf(pem: string): KeyObject {
  try {
    return pem.startsWith('-----BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw invalid(`The RS256 verification key cannot be read as a PEM public key or certificate (${(err as Error).message}).`);
  }
}

function checkRsaKey(text: string): void {
  const pem = text.trim();
  if (!pem.startsWith('-----BEGIN')) throw invalid('The RS256 verification key must be a PEM public key ("-----BEGIN PUBLIC KEY-----") or certificate.');
  if (/PRIVATE KEY/.test(pem)) throw invalid('The RS256 verification key is a private key: give only the public key (never store the signing key here).');
  const key = publicKeyOf(pem);
  if (key.asymmetricKeyType !== 'rsa') throw invalid(`The RS256 verification key is a ${key.asymmetricKeyType ?? 'non-RSA'} key; RS256 needs an RSA key.`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) throw invalid(`The RS256 verification key has ${bits} bits; use at least ${MIN_RSA_BITS}.`);
}

export function checkTokenPolicy(policy: TokenPolicy): void {
  if (!policy.issuer.trim() || !policy.audience.trim()) throw invalid('A token restriction needs an issuer and an audience.');
  if (policy.algorithm === 'HS256') checkSecret(policy.verificationKey);
  else checkRsaKey(policy.verificationKey);
  for (const claim of policy.requiredClaims ?? []) {
    if (!claim.type.trim()) throw invalid('A required claim needs a claim type (its name).');
  }
}
