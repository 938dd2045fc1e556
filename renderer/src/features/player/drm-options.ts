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

/** dash.js's MSS parser puts the ProtectionHeader's key id on each AdaptationSet's ContentProtection. */
export function smoothKeyId(parsedManifest: unknown): Uint8Array | null {
  const m = parsedManifest as {
    Period?: { AdaptationSet?: { ContentProtection?: Record<string, unknown>[] }[] }[];
  } | null;
  const kid = m?.Period?.[0]?.AdaptationSet?.[0]?.ContentProtection?.[0]?.['cenc:default_KID'];
  return kid instanceof Uint8Array || Array.isArray(kid) ? Uint8Array.from(kid as ArrayLike<number>) : null;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * dash.js ProtectionData for ClearKey on protected Smooth. dash.js selects ClearKey from the common
 * pssh in the fragments but then hands that pssh to the CDM as 'keyids' data, which fails; listing
 * the key id in `clearkeys` without a key makes it build a valid 'keyids' request and, having no key
 * for it, send the request to `serverURL`. Credentials stay off: dash.js turns them on for an
 * Authorization header, and the key endpoint answers any origin (`*`), which forbids them.
 */
export function dashjsClearKeyData(drm: DrmOptions, licenceUrl: string, keyId: Uint8Array) {
  return {
    clearkeys: { [base64Url(keyId)]: '' },
    serverURL: licenceUrl,
    httpRequestHeaders: drm.token ? { Authorization: `Bearer ${drm.token}` } : {},
    withCredentials: false,
  };
}
