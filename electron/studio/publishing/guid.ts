const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID in the 8-4-4-4-12 hex form AMS used in URLs (braces and other forms are not accepted). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
