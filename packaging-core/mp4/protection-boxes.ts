/**
 * The boxes that declare a track protected (ISO/IEC 23001-7 §8): `sinf` (frma + schm + schi/tenc)
 * inside the encv/enca sample entry, and `pssh` in moov for each signalled key system.
 */
import type { TrackEncryption } from '../types/protection.ts';
import { box, fourcc, fullBox, u32, u8, uuidBytes, zeros } from './write-box.ts';

/** Version 1 carries the pattern (cbcs); version 0 is the original cenc layout. */
export function tenc(e: TrackEncryption): Uint8Array {
  const pattern = e.scheme === 'cbcs';
  const fields = [
    u8(0), // reserved
    u8(pattern ? ((e.cryptBlocks & 0xf) << 4) | (e.skipBlocks & 0xf) : 0),
    u8(1), // default_isProtected
    u8(e.perSampleIvSize),
    e.keyId,
  ];
  if (e.perSampleIvSize === 0) {
    if (!e.constantIv) throw new RangeError('tenc: a constant IV is required without per-sample IVs');
    fields.push(u8(e.constantIv.length), e.constantIv);
  }
  return fullBox('tenc', pattern ? 1 : 0, 0, ...fields);
}

export function sinf(originalFormat: string, e: TrackEncryption): Uint8Array {
  return box(
    'sinf',
    box('frma', fourcc(originalFormat)),
    fullBox('schm', 0, 0, fourcc(e.scheme), u32(0x0001_0000)),
    box('schi', tenc(e)),
  );
}

/** Version 1 (key ids listed) when `keyIds` is given, else version 0 with the system's own data. */
export function pssh(systemId: string, keyIds: readonly Uint8Array[] | null, data: Uint8Array = zeros(0)): Uint8Array {
  if (keyIds) {
    return fullBox('pssh', 1, 0, uuidBytes(systemId), u32(keyIds.length), ...keyIds, u32(data.length), data);
  }
  return fullBox('pssh', 0, 0, uuidBytes(systemId), u32(data.length), data);
}
