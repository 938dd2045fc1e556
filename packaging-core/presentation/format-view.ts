/**
 * A presentation as one delivery format can carry it: video in a codec the format cannot carry is a
 * 415 naming the codec and the formats that do carry it; audio tracks it cannot carry are left out of
 * that format (an asset with AAC and E-AC-3 serves AAC in Smooth), unless no audio would remain.
 * Views are memoised per presentation, so per-presentation caches keep working.
 */
import path from 'node:path';
import { carries, FORMATS, formatsCarrying } from '../formats/format-table.ts';
import { OriginError } from '../types/errors.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { Presentation, PresentationTrack } from '../types/media.ts';

const views = new WeakMap<Presentation, Map<StreamingFormat, Presentation>>();

function refusal(track: PresentationTrack, format: StreamingFormat): OriginError {
  const others = formatsCarrying(track.config.codec).map((f) => FORMATS[f].name);
  return new OriginError(
    415,
    'MPE_FORMAT_NOT_SUPPORTED',
    `${path.basename(track.file)} (track ${track.trackId}) is ${track.config.codecString}, which ${FORMATS[format].name} cannot carry; ` +
      `this asset is served in ${others.join(', ')}.`,
  );
}

export function presentationForFormat(p: Presentation, format: StreamingFormat): Presentation {
  let byFormat = views.get(p);
  const cached = byFormat?.get(format);
  if (cached) return cached;
  const badVideo = p.video.find((t) => !carries(format, t.config.codec));
  if (badVideo) throw refusal(badVideo, format);
  const audio = p.audio.filter((t) => carries(format, t.config.codec));
  if (audio.length === 0 && p.audio.length > 0) throw refusal(p.audio[0]!, format);
  const view = audio.length === p.audio.length ? p : { ...p, audio };
  if (!byFormat) views.set(p, (byFormat = new Map()));
  byFormat.set(format, view);
  return view;
}
