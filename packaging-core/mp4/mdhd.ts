import { type Box, ensureRoom, fullBoxHeader } from './box.ts';

export interface MediaHeader {
  readonly timescale: number;
  /** Media duration in `timescale` units (before the edit list). */
  readonly duration: number;
  /** ISO 639-2/T code, `und` when unset or unknown. */
  readonly language: string;
}

/** QuickTime Macintosh language codes (QTFF "Language code values"), as ISO 639-2/T. */
const MAC_LANGUAGES = [
  'eng', 'fra', 'deu', 'ita', 'nld', 'swe', 'spa', 'dan', 'por', 'nor', 'heb', 'jpn', 'ara', 'fin', 'ell',
  'isl', 'mlt', 'tur', 'hrv', 'zho', 'urd', 'hin', 'tha', 'kor',
];

/** The packed ISO 639-2 code of mdhd: three 5-bit letters, each offset by 0x60. */
export function decodeLanguage(packed: number): string {
  // Values below 0x400 are QuickTime Macintosh codes (0 = English, as phones write it); 0x7fff is unset.
  if (packed < 0x400) return MAC_LANGUAGES[packed] ?? 'und';
  if (packed === 0x7fff) return 'und';
  const letters = [(packed >> 10) & 31, (packed >> 5) & 31, packed & 31].map((c) => String.fromCharCode(c + 0x60));
  const code = letters.join('');
  return /^[a-z]{3}$/.test(code) ? code : 'und';
}

/** `mdhd` (ISO 14496-12 §8.4.2). */
export function parseMdhd(view: DataView, box: Box): MediaHeader {
  const { version, body } = fullBoxHeader(view, box);
  let at = body;
  let timescale: number;
  let duration: number;
  if (version === 1) {
    ensureRoom(box, at, 30);
    timescale = view.getUint32(at + 16);
    duration = Number(view.getBigUint64(at + 20));
    at += 28;
  } else {
    ensureRoom(box, at, 18);
    timescale = view.getUint32(at + 8);
    duration = view.getUint32(at + 12);
    at += 16;
  }
  return { timescale, duration, language: decodeLanguage(view.getUint16(at) & 0x7fff) };
}
