/** What a player needs for a protected locator: the bearer token sent on licence and key requests. */
export interface DrmOptions {
  /** A JWT for token-restricted key policies; null for open ones. */
  readonly token: string | null;
}

export const CLEARKEY = 'org.w3.clearkey';

/**
 * The origin's EME ClearKey licence endpoint (`/keys/{locator}/clearkey`) for a streaming URL, whose
 * first path segment is the locator; null when the URL has none.
 */
export function clearKeyLicenceUrl(streamingUrl: string): string | null {
  const url = new URL(streamingUrl);
  const locator = url.pathname.split('/')[1] ?? '';
  return locator ? `${url.origin}/keys/${locator}/clearkey` : null;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
}

/**
 * The content key id of a protected Smooth manifest, from its PlayReady ProtectionHeader: a PlayReady
 * Object whose record is UTF-16LE XML with the KID as a little-endian GUID in base64 (`<KID>…</KID>`,
 * or `<KID VALUE="…">` from PlayReady 4.1). Returned in the big-endian (CENC) byte order; null if none.
 */
export function smoothManifestKeyId(manifestXml: string): Uint8Array | null {
  const header = /<ProtectionHeader[^>]*>([^<]+)<\/ProtectionHeader>/.exec(manifestXml)?.[1]?.replace(/\s+/g, '');
  if (!header) return null;
  const bytes = fromBase64(header);
  // The record's XML starts after the object's 6-byte header and the record's 4: an even offset.
  const xml = new TextDecoder('utf-16le').decode(bytes.subarray(10));
  const m = /<KID[^>]*VALUE="([^"]+)"|<KID>([^<]+)<\/KID>/.exec(xml);
  const guid = m ? fromBase64(m[1] ?? m[2] ?? '') : null;
  if (!guid || guid.length !== 16) return null;
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order, (i) => guid[i] ?? 0);
}

/** The origin's answer to a refused licence request, for the sentence the user reads. */
export class LicenceRefusedError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`licence request refused (HTTP ${status})`);
    this.status = status;
    this.body = body;
  }
}

/**
 * The content key of a protected Smooth stream, fetched once from the locator's ClearKey licence
 * endpoint (a W3C EME ClearKey request: key ids in, JSON Web Keys out) with the bearer token, as dash.js
 * ProtectionData `clearkeys` (base64url key id → key). Given its keys, dash.js answers the CDM itself:
 * no licence request per key session, and none of the "Failed to retrieve clearkeys" errors it logs
 * when ClearKey has only a licence server.
 */
export async function fetchClearKeys(licenceUrl: string, keyId: Uint8Array, drm: DrmOptions): Promise<Record<string, string>> {
  const res = await fetch(licenceUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(drm.token && { authorization: `Bearer ${drm.token}` }) },
    body: JSON.stringify({ kids: [base64Url(keyId)], type: 'temporary' }),
  });
  const text = await res.text();
  if (!res.ok) throw new LicenceRefusedError(res.status, text.replace(/\s+/g, ' ').trim().slice(0, 240));
  const keys = (JSON.parse(text) as { keys?: { kid?: string; k?: string }[] }).keys ?? [];
  return Object.fromEntries(keys.filter((k) => k.kid && k.k).map((k) => [k.kid ?? '', k.k ?? '']));
}
