import { type Box, BoxFormatError, ensureRoom } from './box.ts';

export interface AvcDecoderConfig {
  readonly profile: number;
  readonly profileCompatibility: number;
  readonly level: number;
  readonly nalLengthSize: number;
  readonly sps: Uint8Array[];
  readonly pps: Uint8Array[];
  /** The whole record, copied so it outlives the moov buffer. */
  readonly record: Uint8Array;
}

/** `avcC`: the AVCDecoderConfigurationRecord (ISO 14496-15 §5.3.3.1). */
export function parseAvcC(view: DataView, box: Box): AvcDecoderConfig {
  ensureRoom(box, box.payload, 6);
  const at0 = box.payload;
  if (view.getUint8(at0) !== 1) throw new BoxFormatError(`avcC configurationVersion ${view.getUint8(at0)} is not 1`);
  const nalLengthSize = (view.getUint8(at0 + 4) & 3) + 1;
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  const readSets = (count: number, at: number): [Uint8Array[], number] => {
    const sets: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      ensureRoom(box, at, 2);
      const len = view.getUint16(at);
      ensureRoom(box, at + 2, len);
      sets.push(bytes.slice(at + 2, at + 2 + len));
      at += 2 + len;
    }
    return [sets, at];
  };
  const [sps, afterSps] = readSets(view.getUint8(at0 + 5) & 0x1f, at0 + 6);
  ensureRoom(box, afterSps, 1);
  const [pps] = readSets(view.getUint8(afterSps), afterSps + 1);
  return {
    profile: view.getUint8(at0 + 1),
    profileCompatibility: view.getUint8(at0 + 2),
    level: view.getUint8(at0 + 3),
    nalLengthSize,
    sps,
    pps,
    record: bytes.slice(box.payload, box.end),
  };
}
