/**
 * CEA-608/708 captions inside the video (Presentation.inbandCaptions) as an HLS CLOSED-CAPTIONS
 * group (RFC 8216 §4.3.4.1): one rendition per channel with its INSTREAM-ID, named on every video
 * variant, so players that decode in-band captions (Safari, hls.js, shaka) offer them. 708 services
 * (`SERVICEn`) need EXT-X-VERSION 7 (§7): only the CMAF master (version 7) lists them.
 */
import { FORMATS } from '../../formats/format-table.ts';
import type { Presentation } from '../../types/media.ts';
import type { HlsFormat } from './hls-format.ts';
import { quoted } from './playlist-text.ts';

export const CLOSED_CAPTIONS_GROUP = 'cc';

export function closedCaptionRenditions(presentation: Presentation, format: HlsFormat): string[] {
  const captions = presentation.inbandCaptions;
  if (!captions) return [];
  const language = presentation.video[0]?.language;
  const ids = [...captions.cea608, ...((FORMATS[format].hlsVersion ?? 0) >= 7 ? captions.cea708.map((n) => `SERVICE${n}`) : [])];
  return ids.map((id) =>
    [
      '#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS',
      `GROUP-ID=${quoted(CLOSED_CAPTIONS_GROUP)}`,
      `NAME=${quoted(id)}`,
      ...(language && language !== 'und' ? [`LANGUAGE=${quoted(language)}`] : []),
      'DEFAULT=NO',
      'AUTOSELECT=YES',
      `INSTREAM-ID=${quoted(id)}`,
    ].join(','),
  );
}
