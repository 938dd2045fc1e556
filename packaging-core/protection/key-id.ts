/**
 * Key ids: a UUID string in catalogs, URLs and manifests (`cenc:default_KID`), 16 bytes in boxes, and
 * base64url in EME ClearKey JSON (W3C EME §9.1.3). CENC and ClearKey read the UUID's bytes in text
 * order (not the little-endian GUID layout PlayReady headers use).
 */
import { uuidBytes } from '../mp4/write-box.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isKeyId(text: string): boolean {
  return UUID.test(text);
}

export function keyIdBytes(keyId: string): Uint8Array {
  return uuidBytes(keyId);
}

export function keyIdFromBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** Accepts base64url or base64 (players differ), with or without padding; null when not 16 bytes. */
export function keyIdFromBase64(text: string): string | null {
  const bytes = Buffer.from(text.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, ''), 'base64url');
  return bytes.length === 16 ? keyIdFromBytes(bytes) : null;
}
