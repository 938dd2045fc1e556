/**
 * Which encryption a request gets: the locator's policy decides, the URL's `encryption=` may pick
 * among what the policy allows for that format. HLS TS can only carry the AES-128 envelope here (its
 * SAMPLE-AES, `cbcs-aapl` on TS, plays nowhere but Safari); HLS CMAF takes the envelope or cbcs;
 * DASH takes cenc or cbcs; Smooth cenc (with PIFF boxes).
 */
import { OriginError } from '../types/errors.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { LocatorProtection, ProtectionScheme } from '../types/request.ts';

const BY_FORMAT: Readonly<Record<StreamingFormat, readonly ProtectionScheme[]>> = {
  'm3u8-aapl': ['cbc'],
  'm3u8-aapl-v3': ['cbc'],
  // cbcs first: with a multi-DRM policy the CMAF flavour of HLS is the common-encryption one.
  'm3u8-cmaf': ['cbcs', 'cbc'],
  'mpd-time-csf': ['cenc', 'cbcs'],
  'mpd-time-cmaf': ['cenc', 'cbcs'],
  smooth: ['cenc'],
  'fmp4-v20': ['cenc'],
};

/** URL names AMS accepted for each scheme. */
const URL_NAMES: Readonly<Record<string, ProtectionScheme>> = {
  cbc: 'cbc',
  cenc: 'cenc',
  piff: 'cenc',
  cbcs: 'cbcs',
  'cbcs-aapl': 'cbcs',
};

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
  const possible = BY_FORMAT[format].filter((s) => protection.schemes.has(s));
  const policy = [...protection.schemes].join(', ');
  if (urlEncryption !== undefined) {
    const asked = URL_NAMES[urlEncryption.toLowerCase()];
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
