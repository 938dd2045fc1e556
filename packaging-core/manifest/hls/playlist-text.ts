/** Formatting rules of RFC 8216 shared by the HLS writers. */
import { TICKS_PER_SECOND } from '../../types/media.ts';

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
