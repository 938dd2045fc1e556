/**
 * The fragments a text track is cut on: the top video rung's (else the first audio track's), so every
 * format serves the text that goes with each media segment at the same URL time.
 */
import { OriginError } from '../types/errors.ts';
import type { Presentation, PresentationTrack } from '../types/media.ts';

export function textTimelineTrack(presentation: Presentation): PresentationTrack {
  const track = presentation.video[0] ?? presentation.audio[0];
  if (!track) throw new OriginError(404, 'MPE_EGRESS_TRACK_NOT_FOUND', `${presentation.ismName} has no media track for text to follow`);
  return track;
}
