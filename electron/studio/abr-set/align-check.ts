/**
 * GOP alignment across rungs, checked before anything is copied with the origin's own rule
 * (packaging-core/presentation/gop-alignment.ts), so the dialog can say where rungs differ.
 */
import { checkFragmentLengths, checkGopAlignment, MediaError, type MediaTrack, videoFragments } from '../../../packaging-core/index.ts';
import type { InspectedTrack } from './inspect-file.ts';
import type { LadderVideo } from './ladder.ts';
import { SetImportError } from './set-error.ts';

function asMediaTrack(t: InspectedTrack, rung: LadderVideo): MediaTrack | null {
  if (!t.config || !t.samples) return null;
  return {
    key: `video-${rung.bitrate}-video`,
    kind: 'video',
    name: 'video',
    bitrate: rung.bitrate,
    language: t.language,
    file: t.file,
    trackId: t.trackId,
    timescale: t.timescale,
    duration: Math.round(t.durationSec * t.timescale),
    config: t.config,
    samples: t.samples,
    frameRate: rung.frameRate,
  };
}

/** `video[i]` is the track of `rungs[i]`; both highest bitrate first. */
export function checkRungAlignment(video: readonly InspectedTrack[], rungs: readonly LadderVideo[]): void {
  const tracks = video.map((t, i) => asMediaTrack(t, rungs[i]!)).filter((t): t is MediaTrack => t !== null);
  try {
    const withFragments = tracks.map((track) => ({ track, fragments: videoFragments(track) }));
    for (const r of withFragments) checkFragmentLengths(r.track, r.fragments);
    checkGopAlignment(withFragments);
  } catch (err) {
    if (err instanceof MediaError) {
      throw new SetImportError(err.message, {
        ...(err.file !== undefined && { file: err.file }),
        hint: 'Re-encode the rungs with the same closed, fixed GOP (e.g. ffmpeg -g 48 -keyint_min 48 -sc_threshold 0 at 24 fps), or import the top rung and encode it here.',
        cause: err,
      });
    }
    throw err;
  }
}
