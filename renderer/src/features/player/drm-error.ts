/**
 * shaka's errors for protected streams, as sentences a user can act on. shaka reports a refused key
 * as a bare code (6007 wrapping 1001, or 1001 on the KEY request); the origin's reason is in the
 * response body, and 401 vs 403 tells "no or bad token" from "token for another key".
 */

/** shaka.net.NetworkingEngine.RequestType */
const LICENSE = 2;
const KEY = 6;

interface ShakaErrorLike {
  readonly code?: number;
  readonly data?: unknown;
}

function httpFailure(
  e: ShakaErrorLike,
): { url: string | null; status: number | null; body: string; requestType: number | null } | null {
  if (e.code !== 1001 || !Array.isArray(e.data)) return null;
  const [url, status, body, , requestType] = e.data as unknown[];
  return {
    url: typeof url === 'string' ? url : null,
    status: typeof status === 'number' ? status : null,
    body: typeof body === 'string' ? body.replace(/\s+/g, ' ').trim().slice(0, 240) : '',
    requestType: typeof requestType === 'number' ? requestType : null,
  };
}

function refused(what: string, status: number | null, body: string): string {
  const why = body ? ` The origin says: ${body}` : '';
  if (status === 401)
    return `DRM: the ${what} request was refused (401): this locator's key policy needs a valid token — enter or make one in the Token field.${why}`;
  if (status === 403)
    return `DRM: the ${what} request was refused (403): the token is valid but not for this locator's key.${why}`;
  return `DRM: the ${what} request failed${status ? ` (HTTP ${status})` : ''}.${why}`;
}

/**
 * Any other request the origin refused, with its own words (e.g. a client outside the endpoint's IP
 * allow list: "MPE_IP_ADDRESS_NOT_ALLOWED: … is not in the streaming endpoint's IP allow list");
 * null when the error is not an HTTP status.
 */
export function describeHttpError(e: ShakaErrorLike): string | null {
  const failure = httpFailure(e);
  if (!failure?.status) return null;
  return `The origin answered HTTP ${failure.status}${failure.body ? `: ${failure.body}` : ''}`;
}

/** The sentence for a licence request the origin refused (any player). */
export function describeLicenceRefusal(status: number | null, body: string): string {
  return refused('licence', status, body);
}

/** A sentence for shaka errors about keys and licences; null for the rest (shown as shaka reports them). */
export function describeDrmError(e: ShakaErrorLike): string | null {
  const direct = httpFailure(e);
  if (direct && (direct.requestType === LICENSE || direct.requestType === KEY)) {
    return refused(direct.requestType === LICENSE ? 'licence' : 'key', direct.status, direct.body);
  }
  switch (e.code) {
    case 6007: {
      const inner = Array.isArray(e.data) ? httpFailure((e.data[0] ?? {}) as ShakaErrorLike) : null;
      return refused('licence', inner?.status ?? null, inner?.body ?? '');
    }
    case 6001:
      return 'DRM: this browser offers no ClearKey CDM (org.w3.clearkey) for these codecs.';
    case 6012:
      return 'DRM: the manifest names no licence server (dashif:Laurl) for ClearKey.';
    case 6014:
    case 6015:
      return 'DRM: the licence has expired; reload the stream with a fresh token.';
    case 3016:
      return 'The video could not be decoded: for a protected stream this usually means the wrong content key.';
    default:
      return null;
  }
}
