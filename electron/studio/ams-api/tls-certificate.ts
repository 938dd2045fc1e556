/**
 * The API's TLS certificate: generated for this machine at first start (the SDK sends bearer tokens
 * only over HTTPS), kept in the library folder and reused, so a client trusts it once. Regenerated
 * when it no longer names a host the API is bound to, or is within 30 days of expiring.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { writePrivateFile } from './private-file.ts';

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** The PEM file a client trusts (NODE_EXTRA_CA_CERTS, or `tlsOptions.ca` in the SDK's options). */
  readonly certFile: string;
  readonly generated: boolean;
}

const RENEW_BEFORE_MS = 30 * 86_400_000;
const VALID_DAYS = 825; // the longest validity browsers and Apple accept for a server certificate

/** Names a certificate for this machine covers: loopback, the host name, and the bound address. */
export function certificateNames(bindHost: string): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1', os.hostname().toLowerCase()]);
  if (bindHost && bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.toLowerCase());
  return [...names];
}

function covers(cert: X509Certificate, names: readonly string[]): boolean {
  const san = cert.subjectAltName ?? '';
  const have = new Set(san.split(/,\s*/).map((entry) => entry.replace(/^(DNS|IP Address):/, '').toLowerCase()));
  // Node prints IPv6 SANs in full form; compare loosely on the ones a user can bind.
  return names.every((n) => have.has(n) || (n === '::1' && have.has('0:0:0:0:0:0:0:1')));
}

async function readExisting(certFile: string, keyFile: string, names: readonly string[]): Promise<{ cert: string; key: string } | null> {
  if (!existsSync(certFile) || !existsSync(keyFile)) return null;
  try {
    const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    const x509 = new X509Certificate(cert);
    if (Date.parse(x509.validTo) - Date.now() < RENEW_BEFORE_MS) return null;
    if (!covers(x509, names)) return null;
    return { cert, key };
  } catch {
    return null; // unreadable or corrupt: make a new one rather than refuse to start
  }
}

export async function loadOrCreateCertificate(dir: string, bindHost: string): Promise<TlsMaterial> {
  const certFile = path.join(dir, 'tls-cert.pem');
  const keyFile = path.join(dir, 'tls-key.pem');
  const names = certificateNames(bindHost);
  const existing = await readExisting(certFile, keyFile, names);
  if (existing) return { ...existing, certFile, generated: false };

  await mkdir(dir, { recursive: true, mode: 0o700 });
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: `Origin Studio API (${os.hostname()})` }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      // Self-signed and trusted directly: CA so that OpenSSL-based clients accept it as an anchor.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
    ],
  });
  await writePrivateFile(keyFile, pems.private);
  await writePrivateFile(certFile, pems.cert, 0o644);
  return { cert: pems.cert, key: pems.private, certFile, generated: true };
}
