import { type Box, BoxFormatError, ensureRoom, fullBoxHeader } from './box.ts';

export interface EsDescriptor {
  /** MPEG-4 objectTypeIndication: 0x40 = MPEG-4 Audio, 0x66-0x68 = MPEG-2 AAC. */
  readonly objectTypeIndication: number;
  readonly maxBitrate: number;
  readonly avgBitrate: number;
  /** DecoderSpecificInfo: the AudioSpecificConfig for AAC. */
  readonly decoderSpecificInfo: Uint8Array;
}

const ES_DESCR = 3;
const DECODER_CONFIG_DESCR = 4;
const DEC_SPECIFIC_INFO = 5;

/** `esds` (ISO 14496-14 §3.1.2, descriptors from ISO 14496-1 §7.2.6). */
export function parseEsds(view: DataView, box: Box): EsDescriptor {
  const { body } = fullBoxHeader(view, box);
  let at = body;
  // A descriptor header: tag, then a size in up to four 7-bit groups.
  const header = (): { tag: number; size: number } => {
    ensureRoom(box, at, 2);
    const tag = view.getUint8(at++);
    let size = 0;
    for (let i = 0; i < 4; i++) {
      ensureRoom(box, at, 1);
      const b = view.getUint8(at++);
      size = size * 128 + (b & 0x7f);
      if (!(b & 0x80)) break;
    }
    return { tag, size };
  };
  const es = header();
  if (es.tag !== ES_DESCR) throw new BoxFormatError(`esds starts with descriptor tag ${es.tag}, not an ES_Descriptor`);
  ensureRoom(box, at, 3);
  const flags = view.getUint8(at + 2);
  at += 3;
  if (flags & 0x80) at += 2; // dependsOn_ES_ID
  if (flags & 0x40) {
    ensureRoom(box, at, 1);
    at += 1 + view.getUint8(at); // URL
  }
  if (flags & 0x20) at += 2; // OCR_ES_ID
  const dc = header();
  if (dc.tag !== DECODER_CONFIG_DESCR) throw new BoxFormatError(`esds has descriptor tag ${dc.tag} where a DecoderConfigDescriptor belongs`);
  ensureRoom(box, at, 13);
  const dcEnd = at + dc.size;
  const objectTypeIndication = view.getUint8(at);
  const maxBitrate = view.getUint32(at + 5);
  const avgBitrate = view.getUint32(at + 9);
  at += 13;
  let decoderSpecificInfo = new Uint8Array(0);
  if (at < Math.min(dcEnd, box.end)) {
    const dsi = header();
    if (dsi.tag === DEC_SPECIFIC_INFO) {
      ensureRoom(box, at, dsi.size);
      decoderSpecificInfo = new Uint8Array(view.buffer, view.byteOffset + at, dsi.size).slice();
    }
  }
  return { objectTypeIndication, maxBitrate, avgBitrate, decoderSpecificInfo };
}
