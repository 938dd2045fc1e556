/**
 * The init segment (ftyp + moov with mvex) of one track for DASH and HLS fMP4. Smooth has none: its
 * clients build one from the client manifest's CodecPrivateData.
 */
import { TICKS_PER_SECOND } from '../types/media.ts';
import type { PresentationTrack } from '../types/media.ts';
import { concat } from '../mp4/write-box.ts';
import { initFileType } from './file-type-boxes.ts';
import type { InitFlavor } from './flavor.ts';
import { fmp4TrackId } from './track-id.ts';
import {
  dinf,
  edtsStartingAt,
  hdlr,
  mdhd,
  mdia,
  minf,
  moov,
  mvex,
  mvhd,
  smhd,
  stbl,
  tkhd,
  trak,
  trex,
  vmhd,
} from '../mp4/movie-boxes.ts';
import { avc1, mp4a, passThroughEntry, stsd } from '../mp4/sample-entry-boxes.ts';
import { isVideoConfig } from '../types/media.ts';
import { presentationDelay } from './fragment-timing.ts';

/** What an encrypted track adds: `sinf` in an `encv`/`enca` sample entry, and `pssh` boxes in `moov`. */
export interface InitProtection {
  readonly sinf: Uint8Array;
  readonly pssh: readonly Uint8Array[];
}

/**
 * @param editList false builds the init a Smooth client synthesizes from the client manifest (no edit:
 *   Smooth fragments keep signed composition offsets); the origin always serves it with the edit.
 */
export function buildInitSegment(track: PresentationTrack, flavor: InitFlavor, protection?: InitProtection, editList = true): Uint8Array {
  const trackId = fmp4TrackId(track.kind);
  const config = track.config;
  const video = isVideoConfig(config);
  const header = video
    ? {
        trackId,
        audio: false,
        width: (config.width * config.parNum) / (config.parDen || 1),
        height: config.height,
      }
    : { trackId, audio: true, width: 0, height: 0 };
  const extra = protection ? [protection.sinf] : [];
  let entry: Uint8Array;
  if (config.codec === 'avc1') entry = avc1(config, protection ? 'encv' : 'avc1', ...extra);
  else if (config.codec === 'mp4a') entry = mp4a(config, trackId, protection ? 'enca' : 'mp4a', ...extra);
  else entry = passThroughEntry(config.sampleEntry, protection ? (video ? 'encv' : 'enca') : undefined, ...extra);
  const media = minf(video ? vmhd() : smhd(), dinf(), stbl(stsd(entry)));
  // Every track on the 10 MHz clock: fragment times then equal the URL times of the manifests.
  const delay = editList ? presentationDelay(track) : 0;
  const movie = moov(
    mvhd(TICKS_PER_SECOND, trackId + 1),
    trak(
      tkhd(header),
      // The fragments' composition offsets are shifted by it (media-segment.ts): the edit takes it back.
      ...(delay > 0 ? [edtsStartingAt(delay)] : []),
      mdia(
        mdhd(TICKS_PER_SECOND, track.language),
        hdlr(video ? 'vide' : 'soun', video ? 'VideoHandler' : 'SoundHandler'),
        media,
      ),
    ),
    mvex(trex(trackId)),
    ...(protection?.pssh ?? []),
  );
  return concat([initFileType(flavor), movie]);
}
