/**
 * Which encryption a request gets: the locator's policy decides, the URL's `encryption=` may pick
 * among what the policy allows for that format (the format table's `schemes`, preferred first).
 */
import { allowedSchemes, URL_ENCRYPTIONS } from '../formats/format-table.ts';
import { OriginError } from '../types/errors.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { LocatorProtection, ProtectionScheme } from '../types/request.ts';

/**
 * null = clear. Throws 403 when the policy's schemes cannot serve this format or the asked scheme, and
 * when a clear locator is asked for encryption (answering clear bytes would let a player believe the
 * content is protected).
 */
export function chooseScheme(
  format: StreamingFormat,
  protection: LocatorProtection | undefined,
  urlEncryption: string | undefined,
): ProtectionScheme | null {
  if (!protection) {
    if (urlEncryption === undefined) return null;
    throw new OriginError(
      403,
      'MPE_ENC_ENCRYPTION_NOT_SUPPORTED',
      `encryption=${urlEncryption} is not available: this locator's streaming policy serves the content in the clear; remove encryption= from the URL.`,
    );
  }
  const possible = allowedSchemes(format, protection.schemes);
  const policy = [...protection.schemes].join(', ');
  if (urlEncryption !== undefined) {
    const asked = URL_ENCRYPTIONS[urlEncryption.toLowerCase()];
    if (asked && possible.includes(asked)) return asked;
    throw new OriginError(
      403,
      'MPE_ENC_ENCRYPTION_NOT_SUPPORTED',
      `encryption=${urlEncryption} is not available for format ${format} on this locator; its policy encrypts with ${policy}` +
        (possible.length > 0 ? `, which gives encryption=${possible.join(' or ')} here.` : '.'),
    );
  }
  const chosen = possible[0];
  if (!chosen) {
    throw new OriginError(
      403,
      'MPE_ENC_ENCRYPTION_REQUIRED',
      `Format ${format} cannot be served with this locator's encryption (${policy}) and the content may not be sent in the clear. ` +
        (protection.schemes.has('cbcs') ? 'Use format=m3u8-cmaf for HLS.' : 'Use a format the streaming policy lists.'),
    );
  }
  return chosen;
}
