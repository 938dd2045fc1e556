/**
 * A text track as fMP4 (`stpp`, ISO/IEC 14496-30): an init segment with a `subt` track, and one media
 * segment per fragment of the text timeline (the video's fragments), each a single sample holding the
 * TTML document of that span. DASH (CSF, CMAF) and Smooth serve these; Smooth has no init segment
 * and its documents time cues from the fragment's start (write-ttml.ts).
 */
import { hdlr, dinf, mdhd, mdia, minf, moov, mvex, mvhd, stbl, sthd, tkhd, trak, trex } from '../mp4/movie-boxes.ts';
import { SYNC_SAMPLE_FLAGS, mdatHeader, mfhd, moof, tfdt, tfhd, tfxd, traf, trun, trunByteLength, type TrackRun } from '../mp4/fragment-boxes.ts';
import { stpp, stsd } from '../mp4/sample-entry-boxes.ts';
import { concat } from '../mp4/write-box.ts';
import { textTimelineTrack } from '../presentation/text-timeline.ts';
import { writeTtmlDocument } from '../text/write-ttml.ts';
import { OriginError } from '../types/errors.ts';
import { TICKS_PER_SECOND, type Presentation, type PresentationText } from '../types/media.ts';
import { initFileType, segmentType } from './file-type-boxes.ts';
import type { InitFlavor, SegmentFlavor } from '../formats/fmp4-flavor.ts';

/** Our text movies hold one track; its id differs from the video's and audio's (track-id.ts). */
const TEXT_TRACK_ID = 3;

export function buildTextInitSegment(text: PresentationText, flavor: InitFlavor): Uint8Array {
  const movie = moov(
    mvhd(TICKS_PER_SECOND, TEXT_TRACK_ID + 1),
    trak(
      tkhd({ trackId: TEXT_TRACK_ID, audio: false, width: 0, height: 0 }),
      mdia(mdhd(TICKS_PER_SECOND, text.language), hdlr('subt', 'SubtitleHandler'), minf(sthd(), dinf(), stbl(stsd(stpp())))),
    ),
    mvex(trex(TEXT_TRACK_ID)),
  );
  return concat([initFileType(flavor), movie]);
}

/** Fragment start times of the text timeline, 10 MHz, with the end time last. */
export function textFragmentStarts(presentation: Presentation): Float64Array {
  return textTimelineTrack(presentation).fragments.startTicks;
}

/** The media segment (Smooth: fragment) of `text` starting at `startTicks` (a fragment start, else 404). */
export function buildTextMediaSegment(presentation: Presentation, text: PresentationText, startTicks: number, flavor: SegmentFlavor): Uint8Array {
  const starts = textFragmentStarts(presentation);
  const index = starts.indexOf(startTicks);
  if (index < 0 || index >= starts.length - 1) {
    throw new OriginError(404, 'MPE_FRAGMENT_TIMESTAMP_NOT_FOUND', `No text fragment of "${text.name}" starts at ${startTicks}.`);
  }
  const duration = starts[index + 1]! - startTicks;
  const smooth = flavor === 'smooth';
  const ms = (ticks: number): number => Math.round((ticks * 1000) / TICKS_PER_SECOND);
  const document = new TextEncoder().encode(
    writeTtmlDocument(text.cues, { startMs: ms(startTicks), endMs: ms(startTicks + duration), relative: smooth, language: text.language }),
  );
  const run: TrackRun = { count: 1, durations: Uint32Array.of(duration), sizes: Uint32Array.of(document.length) };
  const header = tfhd(TEXT_TRACK_ID, { defaultBaseIsMoof: !smooth, defaultSampleFlags: SYNC_SAMPLE_FLAGS });
  const children = [header, tfdt(startTicks)];
  const after = smooth ? [tfxd(startTicks, duration)] : [];
  const sequence = mfhd(index + 1);
  const mdat = mdatHeader(document.length);
  const trafSize = 8 + children.reduce((n, b) => n + b.length, 0) + trunByteLength(run) + after.reduce((n, b) => n + b.length, 0);
  const moofSize = 8 + sequence.length + trafSize;
  const fragment = moof(sequence, traf(...children, trun(run, moofSize + mdat.length), ...after));
  const typeBox = segmentType(flavor);
  return concat([...(typeBox ? [typeBox] : []), fragment, mdat, document]);
}
