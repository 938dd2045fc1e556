/**
 * The init segment (ftyp + moov with mvex) of one track for DASH and HLS fMP4. Smooth has none: its
 * clients build one from the client manifest's CodecPrivateData. With Common Encryption the sample
 * entry is written as encv/enca holding the sinf (frma + schm + tenc), and the key systems' pssh
 * boxes close the moov (ISO/IEC 23001-7 §8).
 */
import { TICKS_PER_SECOND } from '../types/media.ts';
import type { PresentationTrack } from '../types/media.ts';
import { concat } from '../mp4/write-box.ts';
import { initFileType } from './file-type-boxes.ts';
import type { InitFlavor } from '../formats/fmp4-flavor.ts';
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
import { sinf } from '../mp4/protection-boxes.ts';
import { avc1, mp4a, passThroughEntry, stsd } from '../mp4/sample-entry-boxes.ts';
import { isVideoConfig } from '../types/media.ts';
import type { TrackCrypto } from '../types/protection.ts';
import { presentationDelay } from './fragment-timing.ts';

/**
 * @param editList false builds the init a Smooth client synthesizes from the client manifest (no edit:
 *   Smooth fragments keep signed composition offsets); the origin always serves it with the edit.
 */
export function buildInitSegment(track: PresentationTrack, flavor: InitFlavor, crypto?: TrackCrypto, editList = true): Uint8Array {
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
  // The original sample entry type goes in frma; the entry itself becomes encv/enca.
  const extra = crypto ? [sinf(config.codec, crypto.encryption)] : [];
  let entry: Uint8Array;
  if (config.codec === 'avc1') entry = avc1(config, crypto ? 'encv' : 'avc1', ...extra);
  else if (config.codec === 'mp4a') entry = mp4a(config, trackId, crypto ? 'enca' : 'mp4a', ...extra);
  else entry = passThroughEntry(config.sampleEntry, crypto ? (video ? 'encv' : 'enca') : undefined, ...extra);
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
    ...(crypto?.pssh ?? []),
  );
  return concat([initFileType(flavor), movie]);
}
