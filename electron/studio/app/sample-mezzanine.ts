import path from 'node:path';
import { runFfmpeg } from '../media/ffmpeg-process.ts';
import { resolveFfmpeg } from '../media/resolve-tools.ts';
import { EncodeError } from '../encoding/encode-error.ts';

export interface SampleOptions {
  readonly durationSec: number;
  readonly width: number;
  readonly height: number;
  /** ISO 639-2 codes, one audio track each. */
  readonly languages: readonly string[];
}

/**
 * A short H.264/AAC mezzanine made from ffmpeg's test sources (moving picture with a clock, one tone
 * per language), so the demo needs no media of the user's. Made fast: it is only the input.
 */
export async function makeSampleMezzanine(folder: string, options: SampleOptions): Promise<string> {
  const file = path.join(folder, 'sample-mezzanine.mp4');
  const d = options.durationSec;
  const args = ['-y', '-f', 'lavfi', '-i', `testsrc2=s=${options.width}x${options.height}:r=30:d=${d}`];
  options.languages.forEach((_, i) => args.push('-f', 'lavfi', '-i', `sine=f=${440 + 220 * i}:d=${d}:sample_rate=48000`));
  args.push('-map', '0:v');
  options.languages.forEach((lang, i) => args.push('-map', `${i + 1}:a`, `-metadata:s:a:${i}`, `language=${lang}`));
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k');
  args.push('-movflags', '+faststart', file);
  const run = await runFfmpeg({ ffmpegPath: (await resolveFfmpeg()).path, args, durationUs: d * 1e6 });
  if (run.canceled) throw new EncodeError('Making the sample mezzanine was canceled.');
  return file;
}
