/**
 * Text streams embedded in a source (MP4 mov_text, SRT/ASS/WebVTT in MKV, a QuickTime `c608` closed
 * caption track) come out as WebVTT: ffmpeg converts each to WebVTT (ASS styling dropped, 608 decoded
 * to its text), then the origin's strict reader normalises it, so an extracted track and an added file
 * are the same thing in the asset folder. A `c608` track is a separate track players never read (they
 * take 608 only from the video's SEI), so as a text track is the only way its captions reach them.
 * Captions inside the video's SEI are not streams: they stay in the video and the origin signals them.
 * Bitmap subtitles (PGS, DVB, VobSub) are skipped.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Cue, readTextTrack } from '../../../packaging-core/index.ts';
import { runFfmpeg, runFfprobeJson } from './ffmpeg-process.ts';

/** Subtitle codecs ffmpeg can turn into WebVTT text. */
const TEXT_CODECS = new Set(['subrip', 'srt', 'mov_text', 'ass', 'ssa', 'webvtt', 'text', 'eia_608']);

export interface EmbeddedTextTrack {
  /** The stream's index in the source (ffprobe's `index`). */
  readonly streamIndex: number;
  readonly codec: string;
  /** ISO 639-2 from the stream's language tag, 'und' when it has none. */
  readonly language: string;
  /** The stream title, else the language. */
  readonly name: string;
  readonly isDefault: boolean;
  readonly forced: boolean;
  readonly cues: readonly Cue[];
}

interface ProbedStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  tags?: Record<string, string>;
  disposition?: Record<string, number>;
}

/** With `durationMs`, a cue running past the source's end is cut there and one starting after it is an error. */
export async function extractTextTracks(ffmpegPath: string, ffprobePath: string, source: string, durationMs?: number): Promise<EmbeddedTextTrack[]> {
  const probed = (await runFfprobeJson(ffprobePath, ['-show_streams', '-select_streams', 's', source])) as { streams?: ProbedStream[] };
  const streams = (probed.streams ?? []).filter((s) => TEXT_CODECS.has(s.codec_name ?? ''));
  if (streams.length === 0) return [];
  const dir = await mkdtemp(path.join(tmpdir(), 'text-tracks-'));
  try {
    const outputs = streams.map((s) => path.join(dir, `${s.index}.vtt`));
    // One ffmpeg run for every stream: the source is read once.
    const args = ['-i', source, ...streams.flatMap((s, i) => ['-map', `0:${s.index}`, '-c:s', 'webvtt', '-f', 'webvtt', outputs[i]!])];
    await runFfmpeg({ ffmpegPath, args });
    return await Promise.all(
      streams.map(async (s, i) => {
        const language = s.tags?.['language'] ?? 'und';
        const label = `${path.basename(source)} stream ${s.index}`;
        return {
          streamIndex: s.index,
          codec: s.codec_name!,
          language,
          name: s.tags?.['title'] ?? s.tags?.['handler_name'] ?? language,
          isDefault: s.disposition?.['default'] === 1,
          forced: s.disposition?.['forced'] === 1,
          cues: readTextTrack(await readFile(outputs[i]!, 'utf8'), label, durationMs),
        };
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
