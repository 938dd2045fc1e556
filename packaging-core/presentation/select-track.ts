import path from 'node:path';
import type { IsmSource } from '../ism/parse-ism.ts';
import { loadTrackSamples, type Mp4File } from '../mp4/read-mp4.ts';
import type { Mp4Track } from '../mp4/parse-moov.ts';
import { MediaError } from '../types/errors.ts';
import { type CodecConfig, isVideoConfig, type MediaTrack } from '../types/media.ts';

/** AMS's audio track names start with the codec (`aac_eng_2_128000`). */
const AUDIO_NAME_PREFIX = { mp4a: 'aac', 'ac-3': 'ac3', 'ec-3': 'ec3', Opus: 'opus' } as const;

/** The track name a `.ism` entry without `trackName` gets: `video`, or `<codec>_<lang>_<channels>_<bitrate>`. */
export function defaultTrackName(config: CodecConfig, language: string, bitrate: number): string {
  return isVideoConfig(config) ? 'video' : `${AUDIO_NAME_PREFIX[config.codec]}_${language}_${config.channels}_${bitrate}`;
}
const HANDLER: Readonly<Record<IsmSource['kind'], string>> = { video: 'vide', audio: 'soun' };

function pickTrack(mp4: Mp4File, source: IsmSource, ismName: string): Mp4Track {
  const name = path.basename(mp4.path);
  const tracks = mp4.moov.tracks;
  if (source.trackId !== undefined) {
    const track = tracks.find((t) => t.trackId === source.trackId);
    if (!track) {
      const ids = tracks.map((t) => t.trackId).join(', ') || 'none';
      throw new MediaError(`${ismName}: ${name} has no track ${source.trackId} (its tracks: ${ids})`, mp4.path);
    }
    return track;
  }
  const track = tracks.find((t) => t.handler === HANDLER[source.kind]);
  if (!track) throw new MediaError(`${ismName}: ${name} has no ${source.kind} track`, mp4.path);
  return track;
}

/** Average frames per second, to the thousandth (29.97, 25, 59.94). */
function averageFrameRate(durations: Uint32Array, timescale: number): number {
  let total = 0;
  for (const d of durations) total += d;
  return total > 0 ? Math.round(((durations.length * timescale) / total) * 1000) / 1000 : 0;
}

/**
 * The MediaTrack an .ism entry names: the track (by trackID, else the first of its kind), checked to be
 * H.264 or AAC, with what a minimal .ism leaves out derived from the file (bitrate, language, name).
 */
export function selectTrack(mp4: Mp4File, source: IsmSource, ismName: string): MediaTrack {
  const name = path.basename(mp4.path);
  const track = pickTrack(mp4, source, ismName);
  const config = track.entry.config;
  if (!config && track.entry.codecName === 'unreadable') {
    const why = 'unsupported' in track.entry ? track.entry.unsupported : '';
    throw new MediaError(`${name}: the codec configuration of track ${track.trackId} cannot be read (${why})`, mp4.path);
  }
  if (!config) {
    const why = 'unsupported' in track.entry && track.entry.unsupported ? ` (${track.entry.unsupported})` : '';
    throw new MediaError(
      `${name}: track ${track.trackId} is ${track.entry.codecName}${why}; the origin packages H.264, HEVC and AV1 video and AAC, AC-3, E-AC-3 and Opus audio. Re-encode it.`,
      mp4.path,
    );
  }
  if (isVideoConfig(config) !== (source.kind === 'video')) {
    throw new MediaError(`${ismName} lists ${name} track ${track.trackId} as ${source.kind}, but it is ${track.entry.codecName}`, mp4.path);
  }
  const { samples, duration } = loadTrackSamples(mp4, track);
  let bytes = 0;
  for (const s of samples.sizes) bytes += s;
  const seconds = duration / track.timescale;
  const bitrate = source.bitrate ?? (seconds > 0 ? Math.round((bytes * 8) / seconds) : 0);
  if (bitrate <= 0) throw new MediaError(`${name}: cannot derive a bitrate for track ${track.trackId} (zero duration); set systemBitrate in ${ismName}`, mp4.path);
  const language = source.language ?? track.language;
  const trackName =
    source.trackName ?? defaultTrackName(config, language, bitrate);
  return {
    key: `${source.kind}-${bitrate}-${trackName}`,
    kind: source.kind,
    name: trackName,
    bitrate,
    language,
    file: mp4.path,
    trackId: track.trackId,
    timescale: track.timescale,
    duration,
    config,
    samples,
    frameRate: isVideoConfig(config) ? averageFrameRate(samples.durations, track.timescale) : 0,
    ...(source.kind === 'audio' && source.role !== undefined && { role: source.role }),
  };
}
