/**
 * A `.ism` for loose files: every video track is a rung (trackName `video`), every distinct audio stream
 * one audio track — an AAC stream muxed identically into each rung is served once, from the first file
 * holding it (an audio-only file first), with its language kept.
 */
import path from 'node:path';
import { defaultTrackName, type IsmDocument, type IsmTrackEntry, isVideoConfig } from '../../../packaging-core/index.ts';
import { sanitizeBaseName } from '../encoding/output-names.ts';
import type { InspectedFile, InspectedTrack } from './inspect-file.ts';
import type { LadderAudio, LadderVideo, SetLadder } from './ladder.ts';

export interface FilesPlan {
  readonly ladder: Omit<SetLadder, 'formats'>;
  readonly ism: IsmDocument;
  /** The tracks the .ism names, in its order (for the checks). */
  readonly video: readonly InspectedTrack[];
  readonly audio: readonly InspectedTrack[];
}

function channelsOf(t: InspectedTrack): number | null {
  return t.config && !isVideoConfig(t.config) ? t.config.channels : null;
}

export function videoEntry(t: InspectedTrack, bitrate: number, file: string): LadderVideo {
  const avc = t.config && isVideoConfig(t.config) ? t.config : null;
  let frameRate = 0;
  if (t.samples && t.durationSec > 0) frameRate = Math.round((t.samples.count / t.durationSec) * 1000) / 1000;
  return {
    file,
    trackId: t.trackId,
    codec: t.codecName,
    codecString: t.config?.codecString ?? null,
    width: avc?.width ?? null,
    height: avc?.height ?? null,
    bitrate,
    frameRate,
  };
}

/** Bitrates must differ between rungs (they key `QualityLevels(…)`): equal measurements are nudged apart. */
function distinct(bitrates: number[]): number[] {
  const used = new Set<number>();
  return bitrates.map((b) => {
    let v = Math.max(1, b);
    while (used.has(v)) v += 1;
    used.add(v);
    return v;
  });
}

export function planFiles(name: string, base: string, files: readonly InspectedFile[]): FilesPlan {
  const video = files.flatMap((f) => f.tracks.filter((t) => t.kind === 'video')).sort((a, b) => b.bitrate - a.bitrate);
  // Audio-only files first: a stream that has its own file is served from it.
  const ordered = [...files].sort((a, b) => Number(a.tracks.some((t) => t.kind === 'video')) - Number(b.tracks.some((t) => t.kind === 'video')));
  const streams = new Map<string, { track: InspectedTrack; alsoIn: string[] }>();
  for (const f of ordered) {
    for (const t of f.tracks) {
      if (t.kind !== 'audio') continue;
      const seen = streams.get(t.fingerprint);
      if (seen) {
        if (seen.track.file !== t.file) seen.alsoIn.push(path.basename(t.file));
      } else streams.set(t.fingerprint, { track: t, alsoIn: [] });
    }
  }
  const audio = [...streams.values()];
  const videoBitrates = distinct(video.map((t) => t.bitrate));
  const ladderVideo = video.map((t, i) => videoEntry(t, videoBitrates[i]!, path.basename(t.file)));
  const usedNames = new Set<string>();
  const ladderAudio: LadderAudio[] = audio.map(({ track: t, alsoIn }) => {
    const channels = channelsOf(t);
    const base = t.config ? defaultTrackName(t.config, t.language, Math.max(1, t.bitrate)) : `${t.language}_${t.bitrate}`;
    let trackName = base;
    for (let i = 2; usedNames.has(trackName); i++) trackName = `${base}_${i}`;
    usedNames.add(trackName);
    return {
      file: path.basename(t.file),
      trackId: t.trackId,
      codec: t.codecName,
      codecString: t.config?.codecString ?? null,
      language: t.language,
      channels,
      bitrate: Math.max(1, t.bitrate),
      trackName,
      alsoIn,
    };
  });
  const tracks: IsmTrackEntry[] = [
    ...ladderVideo.map((v) => ({ kind: 'video' as const, src: v.file, bitrate: v.bitrate, trackId: v.trackId, trackName: 'video' })),
    ...ladderAudio.map((a) => ({
      kind: 'audio' as const,
      src: a.file,
      bitrate: a.bitrate,
      trackId: a.trackId,
      trackName: a.trackName,
      language: a.language,
    })),
  ];
  const durationSec = Math.max(0, ...[...video, ...audio.map((a) => a.track)].map((t) => t.durationSec));
  const used = new Set([...ladderVideo.map((v) => v.file), ...ladderAudio.map((a) => a.file)]);
  return {
    ladder: {
      name,
      source: 'files',
      ismName: `${sanitizeBaseName(base)}.ism`,
      durationSec,
      video: ladderVideo,
      audio: ladderAudio,
      files: files.map((f) => path.basename(f.file)).filter((f) => used.has(f)),
    },
    ism: { tracks },
    video,
    audio: audio.map((a) => a.track),
  };
}
