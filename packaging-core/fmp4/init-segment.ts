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
import { avc1, mp4a, stsd } from '../mp4/sample-entry-boxes.ts';

/** What an encrypted track adds: `sinf` in an `encv`/`enca` sample entry, and `pssh` boxes in `moov`. */
export interface InitProtection {
  readonly sinf: Uint8Array;
  readonly pssh: readonly Uint8Array[];
}

export function buildInitSegment(track: PresentationTrack, flavor: InitFlavor, protection?: InitProtection): Uint8Array {
  const trackId = fmp4TrackId(track.kind);
  const config = track.config;
  const video = config.codec === 'avc1';
  const header = video
    ? {
        trackId,
        audio: false,
        width: (config.width * config.parNum) / (config.parDen || 1),
        height: config.height,
      }
    : { trackId, audio: true, width: 0, height: 0 };
  const extra = protection ? [protection.sinf] : [];
  const media = video
    ? minf(vmhd(), dinf(), stbl(stsd(avc1(config, protection ? 'encv' : 'avc1', ...extra))))
    : minf(smhd(), dinf(), stbl(stsd(mp4a(config, trackId, protection ? 'enca' : 'mp4a', ...extra))));
  // Every track on the 10 MHz clock: fragment times then equal the URL times of the manifests.
  const movie = moov(
    mvhd(TICKS_PER_SECOND, trackId + 1),
    trak(
      tkhd(header),
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
