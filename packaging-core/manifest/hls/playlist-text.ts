/** Formatting rules of RFC 8216 shared by the HLS writers. */
import { TICKS_PER_SECOND } from '../../types/media.ts';
import type { HlsKey } from '../../types/protection.ts';

/** A quoted-string attribute value: RFC 8216 forbids `"`, CR and LF inside. */
export function quoted(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

/** EXTINF duration: seconds with 6 decimals, as AMS wrote them. */
export function extinfSeconds(ticks: number): string {
  return (ticks / TICKS_PER_SECOND).toFixed(6);
}

/** EXT-X-TARGETDURATION: the longest segment rounded up to whole seconds. */
export function targetDuration(maxTicks: number): number {
  return Math.max(1, Math.ceil(maxTicks / TICKS_PER_SECOND));
}

/** RFC 6381 codec list of a variant, without duplicates, video first. */
export function codecList(codecs: readonly string[]): string {
  return quoted([...new Set(codecs)].join(','));
}

/**
 * The attributes of EXT-X-KEY (RFC 8216 §4.3.2.4). The envelope has no IV attribute: its IV is the
 * Media Sequence Number. SAMPLE-AES with KEYFORMAT="identity": the URI returns the raw key, players
 * take the key id from the init segment's tenc.
 */
export function keyAttributes(key: HlsKey): string {
  const format = key.keyFormat ? `,KEYFORMAT=${quoted(key.keyFormat)},KEYFORMATVERSIONS="1"` : '';
  return `METHOD=${key.method},URI=${quoted(key.uri)}${format}`;
}
