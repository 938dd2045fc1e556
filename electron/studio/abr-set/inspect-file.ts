/**
 * One file of a set, as the ladder planner needs it: its tracks with codec, size, language, measured
 * bitrate, key-frame times and a fingerprint that identifies an audio stream muxed into several rungs.
 * Reads the MP4 index only (packaging-core's demuxer), never the media.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { type CodecConfig, loadTrackSamples, MediaError, readMp4, type SampleTable } from '../../../packaging-core/index.ts';
import { SetImportError } from './set-error.ts';

export interface InspectedTrack {
  readonly file: string;
  readonly trackId: number;
  readonly kind: 'video' | 'audio';
  /** Sample entry four-character code (avc1, hvc1, mp4a, ac-3, …). */
  readonly format: string;
  readonly codecName: string;
  /** Undefined when packaging-core cannot package the codec. */
  readonly config: CodecConfig | undefined;
  readonly language: string;
  readonly timescale: number;
  readonly samples: SampleTable | undefined;
  readonly durationSec: number;
  /** Bits per second over the track's duration. */
  readonly bitrate: number;
  /** Same value ⇔ same elementary stream (codec config + every sample size). */
  readonly fingerprint: string;
}

export interface InspectedFile {
  readonly file: string;
  readonly tracks: readonly InspectedTrack[];
}

const KINDS: Readonly<Record<string, 'video' | 'audio'>> = { vide: 'video', soun: 'audio' };

function configBytes(config: CodecConfig | undefined): Uint8Array {
  if (!config) return new Uint8Array();
  if (config.codec === 'avc1') return config.avcC;
  return config.codec === 'mp4a' ? config.audioSpecificConfig : config.sampleEntry;
}

/** Reads a file's index; a truncated, corrupt or non-MP4 file is a SetImportError naming it. */
export async function inspectFile(file: string): Promise<InspectedFile> {
  const name = path.basename(file);
  let mp4;
  try {
    mp4 = await readMp4(file);
  } catch (err) {
    if (err instanceof MediaError) throw new SetImportError(err.message, { file, hint: hintFor(err.message), cause: err });
    throw err;
  }
  const tracks: InspectedTrack[] = [];
  for (const t of mp4.moov.tracks) {
    const kind = KINDS[t.handler];
    if (!kind) continue; // timed metadata, chapters, hint tracks: not part of the ladder
    let samples: SampleTable;
    let duration: number;
    try {
      ({ samples, duration } = loadTrackSamples(mp4, t));
    } catch (err) {
      if (err instanceof MediaError) throw new SetImportError(err.message, { file, hint: hintFor(err.message), cause: err });
      throw err;
    }
    const durationSec = duration / t.timescale;
    let bytes = 0;
    for (const s of samples.sizes) bytes += s;
    const hash = createHash('sha1').update(t.entry.format).update(configBytes(t.entry.config));
    hash.update(new Uint8Array(samples.sizes.buffer, samples.sizes.byteOffset, samples.sizes.byteLength));
    tracks.push({
      file,
      trackId: t.trackId,
      kind,
      format: t.entry.format,
      codecName: t.entry.codecName,
      config: t.entry.config,
      language: t.language,
      timescale: t.timescale,
      samples,
      durationSec,
      bitrate: durationSec > 0 ? Math.round((bytes * 8) / durationSec) : 0,
      fingerprint: hash.digest('hex'),
    });
  }
  if (tracks.length === 0) throw new SetImportError(`${name} has no video or audio track`, { file });
  return { file, tracks };
}

function hintFor(message: string): string {
  if (/truncated|incomplete/.test(message)) return 'Wait until the copy or download finishes (or fetch the file again), then import the set again.';
  return 'Replace the file with a good copy, or leave it out of the set.';
}
