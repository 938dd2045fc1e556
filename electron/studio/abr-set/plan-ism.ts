/**
 * A set described by a `.ism` (an AMS asset container, or mp4split's output): the manifest is kept as
 * written, so its track names and bitrates — and with them every `QualityLevels(…)/Fragments(…)` URL —
 * stay what AMS served. The ladder is read from it and from the files it names.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultTrackName, type IsmSource, isVideoConfig, MediaError, type ParsedIsm, parseIsm } from '../../../packaging-core/index.ts';
import { inspectFile, type InspectedFile, type InspectedTrack } from './inspect-file.ts';
import type { LadderAudio, LadderVideo, SetLadder } from './ladder.ts';
import { videoEntry } from './plan-files.ts';
import { SetImportError } from './set-error.ts';

export interface IsmPlan {
  readonly ladder: Omit<SetLadder, 'formats'>;
  readonly video: readonly InspectedTrack[];
  readonly audio: readonly InspectedTrack[];
}

async function readIsmFile(ismFile: string): Promise<ParsedIsm> {
  let xml: string;
  try {
    xml = await readFile(ismFile, 'utf8');
  } catch (err) {
    throw new SetImportError(`${ismFile} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { file: ismFile });
  }
  try {
    return parseIsm(xml, path.basename(ismFile));
  } catch (err) {
    if (err instanceof MediaError) throw new SetImportError(err.message, { file: ismFile, hint: 'Fix the .ism, or import the media files without it.', cause: err });
    throw err;
  }
}

function pick(file: InspectedFile, source: IsmSource, ismName: string): InspectedTrack {
  const track =
    source.trackId !== undefined
      ? file.tracks.find((t) => t.trackId === source.trackId)
      : file.tracks.find((t) => t.kind === source.kind);
  if (!track || track.kind !== source.kind) {
    const has = file.tracks.map((t) => `${t.trackId} (${t.kind})`).join(', ');
    throw new SetImportError(
      `${ismName} names ${source.kind} ${source.trackId !== undefined ? `track ${source.trackId} ` : ''}of ${source.src}, which has no such track (its tracks: ${has})`,
      { file: file.file, hint: 'Fix the trackID in the .ism, or replace the file with the one the .ism was written for.' },
    );
  }
  return track;
}

/** Files that travel with the container: the media, the .ism/.ismc and AMS's side files (JSON, XML, thumbnails). */
async function containerFiles(folder: string, sources: readonly string[]): Promise<string[]> {
  const top = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
  return [...new Set([...top, ...sources])].sort();
}

export async function planIsm(name: string, folder: string, ismFile: string): Promise<IsmPlan> {
  const ismName = path.basename(ismFile);
  const doc = await readIsmFile(ismFile);
  if (doc.tracks.length === 0) throw new SetImportError(`${ismName} lists no <video> or <audio> tracks`, { file: ismFile });
  const srcs = [...new Set(doc.tracks.map((t) => t.src.replaceAll('\\', '/')))];
  const bad = srcs.filter((s) => s.startsWith('/') || /^[a-zA-Z]:/.test(s) || s.split('/').includes('..'));
  if (bad.length > 0) {
    throw new SetImportError(`${ismName} names files outside its folder (${bad.join(', ')})`, { file: ismFile, hint: 'Sources must be relative paths inside the container folder.' });
  }
  const present = await Promise.all(srcs.map((s) => stat(path.join(folder, s)).then((st) => st.isFile(), () => false)));
  const missing = srcs.filter((_, i) => !present[i]);
  if (missing.length > 0) {
    throw new SetImportError(`${ismName} names ${missing.length === 1 ? 'a file' : 'files'} missing from ${folder}: ${missing.join(', ')}`, {
      file: ismFile,
      hint: 'Download the whole container (every blob), or remove those entries from the .ism.',
    });
  }
  const settled = await Promise.allSettled(srcs.map((s) => inspectFile(path.join(folder, s))));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const files = new Map<string, InspectedFile>();
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') files.set(srcs[i]!, s.value);
  });

  const rungs: { track: InspectedTrack; entry: LadderVideo }[] = [];
  const audio: InspectedTrack[] = [];
  const ladderAudio: LadderAudio[] = [];
  for (const source of doc.tracks) {
    const src = source.src.replaceAll('\\', '/');
    const track = pick(files.get(src)!, source, ismName);
    const bitrate = source.bitrate ?? Math.max(1, track.bitrate);
    if (source.kind === 'video') {
      rungs.push({ track, entry: videoEntry(track, bitrate, source.src) });
    } else {
      audio.push(track);
      const channels = track.config && !isVideoConfig(track.config) ? track.config.channels : null;
      const language = source.language ?? track.language;
      ladderAudio.push({
        file: source.src,
        trackId: track.trackId,
        codec: track.codecName,
        codecString: track.config?.codecString ?? null,
        language,
        channels,
        bitrate,
        trackName: source.trackName ?? (track.config ? defaultTrackName(track.config, language, bitrate) : `${language}_${bitrate}`),
        alsoIn: [],
      });
    }
  }
  // Highest bitrate first, as the origin orders rungs (alignment is checked against the top one).
  rungs.sort((a, b) => b.entry.bitrate - a.entry.bitrate);
  const video = rungs.map((r) => r.track);
  return {
    ladder: {
      name,
      source: 'ism',
      ismName,
      durationSec: Math.max(0, ...[...video, ...audio].map((t) => t.durationSec)),
      video: rungs.map((r) => r.entry),
      audio: ladderAudio,
      files: await containerFiles(folder, srcs),
    },
    video,
    audio,
  };
}
