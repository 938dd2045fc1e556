/**
 * A key-id-only PlayReady Header Object (PlayReady Header Specification: little-endian length and
 * record count, one Rights Management record holding a UTF-16LE WRMHEADER 4.0). Smooth Streaming's
 * only key signalling is a ProtectionHeader, and Smooth clients (dash.js's MSS parser among them)
 * read the content key id out of a PlayReady header whatever its SystemID, so a ClearKey-only
 * locator still needs one. It carries no LA_URL: no PlayReady licence is on offer.
 */
import { keyIdBytes } from './key-id.ts';

export const PLAYREADY_SYSTEM_ID = '9a04f079-9840-4286-ab92-e65be0885f95';

const RIGHTS_MANAGEMENT_RECORD = 1;

/** PlayReady writes key ids as GUIDs: the first three fields little-endian. */
function guidBytes(keyId: string): Uint8Array {
  const b = keyIdBytes(keyId);
  return Uint8Array.from([b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8)]);
}

export function wrmHeader(keyId: string): string {
  const kid = Buffer.from(guidBytes(keyId)).toString('base64');
  return (
    '<WRMHEADER xmlns="http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader" version="4.0.0.0">' +
    `<DATA><PROTECTINFO><KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>${kid}</KID></DATA>` +
    '</WRMHEADER>'
  );
}

/** The header object, base64 (the form a Smooth ProtectionHeader and a pssh's data take). */
export function playReadyKeyIdHeader(keyId: string): string {
  const record = Buffer.from(wrmHeader(keyId), 'utf16le');
  const out = Buffer.alloc(4 + 2 + 2 + 2 + record.length);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt16LE(1, 4);
  out.writeUInt16LE(RIGHTS_MANAGEMENT_RECORD, 6);
  out.writeUInt16LE(record.length, 8);
  record.copy(out, 10);
  return out.toString('base64');
}
