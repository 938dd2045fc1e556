/**
 * The key delivery URL grammar, outside the locator namespace (a locator path starts with a GUID):
 *   /keys/{locator}/{kid}        GET: the raw 16-byte key (HLS EXT-X-KEY URI)
 *   /keys/{locator}/clearkey     POST: W3C EME ClearKey licence (JSON in, JSON Web Key set out)
 * Neither carries the key; the token travels in `Authorization: Bearer` or `?token=`.
 */
const KEY_PATH = /^\/keys\/([0-9a-fA-F-]{36})\/([0-9a-fA-F-]{36}|clearkey)$/;

export type KeyRoute =
  | { readonly kind: 'raw-key'; readonly locator: string; readonly keyId: string }
  | { readonly kind: 'clearkey-licence'; readonly locator: string };

export function isKeyPath(pathname: string): boolean {
  return pathname.startsWith('/keys/');
}

export function parseKeyPath(pathname: string): KeyRoute | null {
  const match = KEY_PATH.exec(pathname);
  if (!match) return null;
  const locator = (match[1] ?? '').toLowerCase();
  const last = (match[2] ?? '').toLowerCase();
  return last === 'clearkey' ? { kind: 'clearkey-licence', locator } : { kind: 'raw-key', locator, keyId: last };
}

export function rawKeyPath(locator: string, keyId: string): string {
  return `/keys/${locator.toLowerCase()}/${keyId.toLowerCase()}`;
}

export function clearKeyLicencePath(locator: string): string {
  return `/keys/${locator.toLowerCase()}/clearkey`;
}
