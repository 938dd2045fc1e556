import path from 'node:path';
import { ffmpegBin, mustRun } from '../../helpers/run-process.ts';

/** A small lavfi mezzanine: moving test picture, one tone per audio language (tagged). */
export async function makeClip(dir: string, name: string, opts: { seconds: number; size: string; languages: readonly string[] }): Promise<string> {
  const file = path.join(dir, name);
  const args = ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${opts.size}:r=25:d=${opts.seconds}`];
  opts.languages.forEach((_, i) => args.push('-f', 'lavfi', '-i', `sine=f=${440 + 220 * i}:d=${opts.seconds}:sample_rate=48000`));
  args.push('-map', '0:v');
  opts.languages.forEach((lang, i) => args.push('-map', `${i + 1}:a`, `-metadata:s:a:${i}`, `language=${lang}`));
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart', file);
  await mustRun(ffmpegBin(), args);
  return file;
}
