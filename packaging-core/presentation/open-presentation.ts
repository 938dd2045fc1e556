import { readSourceText, statSource } from '../io/byte-source.ts';
import path from 'node:path';
import { type IsmTextSource, parseIsm } from '../ism/parse-ism.ts';
import { type Cue, TextTrackError } from '../text/cues.ts';
import { readTextTrack } from '../text/read-text-track.ts';
import { findInbandCaptions } from './inband-captions.ts';
import { type Mp4File, readMp4 } from '../mp4/read-mp4.ts';
import { MediaError } from '../types/errors.ts';
import type { MediaTrack, Presentation, PresentationText, PresentationTrack, TrackFragments } from '../types/media.ts';
import { assetVersion } from './asset-version.ts';
import { audioFragmentsOnTimeline, audioOnlyFragments } from './audio-fragments.ts';
import { checkFragmentTimeline, checkTrackTiming } from './check-timeline.ts';
import { foldUncoveredTail } from './fold-uncovered-tail.ts';
import { checkFragmentLengths, checkGopAlignment } from './gop-alignment.ts';
import { resolveSource } from './resolve-source.ts';
import { selectTrack } from './select-track.ts';
import { videoFragments } from './video-fragments.ts';

/** AMS's TS packing ratio when the .ism does not set fragmentsPerHLSSegment. */
const DEFAULT_FRAGMENTS_PER_HLS_SEGMENT = 3;

async function readIsm(ismPath: string, ismName: string): Promise<{ text: string; size: number; mtimeMs: number; etag?: string }> {
  try {
    const [text, s] = await Promise.all([readSourceText(ismPath), statSource(ismPath)]);
    if (!s) throw Object.assign(new Error(`${ismPath} vanished`), { code: 'ENOENT' });
    return { text, size: s.size, mtimeMs: s.mtimeMs, ...(s.etag !== undefined && { etag: s.etag }) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MediaError(`${ismName} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`} in ${path.dirname(ismPath)}`, ismPath);
  }
}

/** Video rungs share the first rung's boundaries (they agree within a tick); each keeps its own end. */
function onSharedTimeline(own: TrackFragments, reference: TrackFragments): TrackFragments {
  const startTicks = Float64Array.from(reference.startTicks);
  startTicks[startTicks.length - 1] = own.startTicks[own.startTicks.length - 1]!;
  return { firstSample: own.firstSample, startTicks };
}

function ensureUniqueKeys(tracks: readonly MediaTrack[], ismName: string): void {
  const seen = new Map<string, MediaTrack>();
  for (const t of tracks) {
    const other = seen.get(t.key);
    if (other) {
      throw new MediaError(
        `${ismName}: ${path.basename(other.file)} and ${path.basename(t.file)} are both ${t.kind} "${t.name}" at ${t.bitrate} b/s; give them distinct systemBitrate or trackName values`,
      );
    }
    seen.set(t.key, t);
  }
}

/** AMS's systemBitrate for a textstream when the .ism gives none. */
const DEFAULT_TEXT_BITRATE = 1000;

/** A text track's file read and checked; its cues are cut to the media's end once that is known. */
async function readIsmText(root: string, source: IsmTextSource, ismName: string): Promise<{ text: PresentationText; stamp: { path: string; size: number; mtimeMs: number; etag?: string } }> {
  const file = await resolveSource(root, source.src, ismName);
  let body: string;
  let s: Awaited<ReturnType<typeof statSource>>;
  try {
    [body, s] = await Promise.all([readSourceText(file), statSource(file)]);
  } catch (err) {
    throw new MediaError(`${ismName}: the text track ${source.src} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, file);
  }
  if (!s) throw new MediaError(`${ismName}: the text track ${source.src} does not exist`, file);
  let cues: readonly Cue[];
  try {
    cues = readTextTrack(body, source.src);
  } catch (err) {
    if (err instanceof TextTrackError) throw new MediaError(`${ismName}: ${err.message}`, file);
    throw err;
  }
  const language = source.language ?? 'und';
  return {
    text: {
      name: source.trackName ?? path.basename(source.src).replace(/\.[^.]*$/, ''),
      language,
      bitrate: source.bitrate ?? DEFAULT_TEXT_BITRATE,
      file,
      isDefault: source.isDefault,
      forced: source.forced,
      visible: source.visible,
      cues,
    },
    stamp: { path: file, size: s.size, mtimeMs: s.mtimeMs, ...(s.etag !== undefined && { etag: s.etag }) },
  };
}

/** Cues past the media's end are dropped and the last is cut there (a text file longer than the video). */
function textOnTimeline(text: PresentationText, durationTicks: number): PresentationText {
  const endMs = Math.floor(durationTicks / 10_000);
  const cues = text.cues.filter((c) => c.startMs < endMs).map((c) => (c.endMs > endMs ? { ...c, endMs } : c));
  return { ...text, cues };
}

/**
 * Opens an asset: parses the .ism and every MP4 index it names, checks the asset can be packaged and
 * computes the fragment timeline every format shares. Any problem is a MediaError saying what to fix.
 */
export async function openPresentation(folder: string, ismName: string): Promise<Presentation> {
  const root = path.resolve(folder);
  if (ismName.includes('/') || ismName.includes('\\') || ismName === '..') {
    throw new MediaError(`"${ismName}" is not a server manifest file name`);
  }
  const ismPath = path.join(root, ismName);
  const ism = await readIsm(ismPath, ismName);
  const doc = parseIsm(ism.text, ismName);
  const texts = await Promise.all((doc.texts ?? []).map((t) => readIsmText(root, t, ismName)));
  if (doc.tracks.length === 0) throw new MediaError(`${ismName} lists no <video> or <audio> tracks`, ismPath);

  const paths = await Promise.all(doc.tracks.map((t) => resolveSource(root, t.src, ismName)));
  const files = new Map<string, Promise<Mp4File>>();
  for (const p of paths) if (!files.has(p)) files.set(p, readMp4(p));
  // Settle every read before failing, so no rejected read is left unobserved.
  const settled = await Promise.allSettled(files.values());
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const mp4s = new Map<string, Mp4File>();
  for (const s of settled) if (s.status === 'fulfilled') mp4s.set(s.value.path, s.value);

  const tracks = doc.tracks.map((source, i) => selectTrack(mp4s.get(paths[i]!)!, source, ismName));
  ensureUniqueKeys(tracks, ismName);
  for (const t of tracks) checkTrackTiming(t);
  const videoTracks = tracks.filter((t) => t.kind === 'video').sort((a, b) => b.bitrate - a.bitrate);
  const audioTracks = tracks.filter((t) => t.kind === 'audio');

  const gops = videoTracks.map((track) => ({ track, fragments: videoFragments(track) }));
  for (const r of gops) checkFragmentLengths(r.track, r.fragments);
  checkGopAlignment(gops);
  const rungs = foldUncoveredTail(gops, audioTracks);
  const reference = rungs[0]?.fragments;
  const video: PresentationTrack[] = rungs.map((r) => ({
    ...r.track,
    fragments: reference ? onSharedTimeline(r.fragments, reference) : r.fragments,
  }));
  const audio: PresentationTrack[] = audioTracks.map((track) => {
    const fragments = reference ? audioFragmentsOnTimeline(track, reference.startTicks) : audioOnlyFragments(track);
    if (!reference) checkFragmentLengths(track, fragments);
    return { ...track, fragments };
  });

  for (const t of [...video, ...audio]) checkFragmentTimeline(t, t.fragments);

  const inbandCaptions = await findInbandCaptions(video[0]);
  // A live archive (AMS live, ISMV with tfxd/tfdt times) starts at its absolute time, which every format
  // keeps so its old Fragments(…=t) URLs stay valid: the duration is the span from there, not the end time.
  // The video's first fragment is the start (audio priming may begin a little earlier), as at 0.
  let end = 0;
  for (const t of [...video, ...audio]) end = Math.max(end, t.fragments.startTicks[t.fragments.startTicks.length - 1]!);
  const start = (video[0] ?? audio[0])?.fragments.startTicks[0] ?? 0;
  const durationTicks = end - Math.max(0, start);
  const stamps = [
    { path: ismPath, size: ism.size, mtimeMs: ism.mtimeMs, ...(ism.etag !== undefined && { etag: ism.etag }) },
    ...[...mp4s.values()].map((m) => ({ path: m.path, size: m.size, mtimeMs: m.mtimeMs, ...(m.etag !== undefined && { etag: m.etag }) })),
    ...texts.map((t) => t.stamp),
  ];
  return {
    folder: root,
    ismName,
    video,
    audio,
    durationTicks,
    fragmentsPerHlsSegment: doc.fragmentsPerHlsSegment ?? DEFAULT_FRAGMENTS_PER_HLS_SEGMENT,
    version: assetVersion(stamps),
    ...(texts.length > 0 && { text: texts.map((t) => textOnTimeline(t.text, durationTicks)) }),
    ...(inbandCaptions && { inbandCaptions }),
  };
}
