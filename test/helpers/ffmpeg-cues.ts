/**
 * ffmpeg as the independent reader of text tracks: the cues it decodes, as it writes them out in SRT,
 * with times in milliseconds.
 */
import { ffmpegBin, mustRun } from './run-process.ts';

export interface ReadCue {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

/** The cues of SRT text as ffmpeg writes it (`-f srt`); empty output: no cues. */
export function parseSrt(srt: string): ReadCue[] {
  const ms = (t: string): number => {
    const [h, m, s] = t.replace(',', '.').split(':');
    return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
  };
  return srt
    .trim()
    .split(/\n\n+/)
    .filter(Boolean)
    .map((block) => {
      const [, timing, ...text] = block.split('\n');
      const [a, b] = timing!.split(' --> ');
      return { startMs: ms(a!), endMs: ms(b!), text: text.join('\n') };
    });
}

/**
 * The cues of the first subtitle stream of a file, playlist or URL. Asynchronous: the origin answering
 * ffmpeg may run in the test's own process.
 */
export async function ffmpegCues(input: string): Promise<ReadCue[]> {
  const out = await mustRun(ffmpegBin(), ['-v', 'error', '-i', input, '-map', '0:s:0', '-f', 'srt', '-']);
  return parseSrt(out.stdout.toString('utf8'));
}
