/**
 * The ffmpeg command line for a plan (encoding.md §2): one process decodes once, runs the picture
 * fixes, splits and scales per rung and encodes every rung with closed, aligned 2 s GOPs; audio is
 * mapped by the stream index the probe found, never by an optional `?` map (§5). Paths go as
 * `file:<absolute>` so that names with `:` or a leading `-` are read as files.
 */
import path from 'node:path';
import type { EncodePlan, PlannedAudio, PlannedRung, PlannedVideo } from './encode-plan.ts';
import { DEFAULT_VIDEO_ENCODER } from './video-encoder-names.ts';
import { encoderInputArgs, encoderUploadFilter, videoEncoderArgs } from './video-encoders.ts';

/** A filtergraph-safe label per rung. */
const rungLabel = (i: number): string => `v${i}`;

export function fileUrl(p: string): string {
  return `file:${path.resolve(p)}`;
}

function filterGraph(video: PlannedVideo): string {
  const head = `[0:${video.sourceIndex}]${video.preFilters.join(',')}`;
  const upload = encoderUploadFilter(video.encoder);
  const scale = (r: PlannedRung): string => `scale=${r.width}:${r.height}:flags=bicubic,setsar=1${upload ? `,${upload}` : ''}`;
  const first = video.rungs[0];
  if (video.rungs.length === 1 && first) return `${head},${scale(first)}[${rungLabel(0)}]`;
  const splits = video.rungs.map((_, i) => `[s${i}]`).join('');
  const branches = video.rungs.map((r, i) => `[s${i}]${scale(r)}[${rungLabel(i)}]`);
  return [`${head},split=${video.rungs.length}${splits}`, ...branches].join(';');
}

/** AAC-LC or AC-3 options; the language tag goes on the output's only audio stream (`s:a:0`, also in interleaved files). */
function audioCodecArgs(a: PlannedAudio): string[] {
  return [
    // Dolby Digital is AC-3 (AMS's DDAudio); ffmpeg's native encoder writes 1.0 to 5.1.
    '-c:a', a.codec === 'dd' ? 'ac3' : 'aac',
    '-b:a', `${a.kbps}k`,
    '-ac', `${a.channels}`,
    '-ar', `${a.sampleRate}`,
    '-metadata:s:a:0', `language=${a.language}`,
  ];
}

/** Per-output container options: no subtitles/data/chapters/global tags, moov first for progressive play. */
function containerArgs(file: string): string[] {
  return ['-sn', '-dn', '-map_metadata', '-1', '-map_chapters', '-1', '-max_muxing_queue_size', '4096', '-movflags', '+faststart', fileUrl(file)];
}

/** Arguments after the ones runFfmpeg adds itself (-hide_banner -nostdin -progress pipe:1). */
export function buildEncodeArgs(plan: EncodePlan, inputPath: string, outDir: string): string[] {
  const encoder = plan.video?.encoder ?? DEFAULT_VIDEO_ENCODER;
  const args = ['-y', ...(plan.mode === 'encode' ? encoderInputArgs(encoder) : []), '-i', fileUrl(inputPath)];
  const out = (name: string): string => path.join(outDir, name);

  if (plan.mode === 'copy') {
    for (const c of plan.copies) {
      args.push('-map', `0:${c.sourceIndex}`, '-c', 'copy');
      if (c.kind === 'audio' && c.language) args.push('-metadata:s:a:0', `language=${c.language}`);
      args.push(...containerArgs(out(c.fileName)));
    }
    return args;
  }

  const video = plan.video;
  if (video) {
    args.push('-filter_complex', filterGraph(video));
    const muxedAudio = plan.audio.find((a) => a.fileName === null);
    video.rungs.forEach((r, i) => {
      args.push('-map', `[${rungLabel(i)}]`);
      if (muxedAudio) args.push('-map', `0:${muxedAudio.sourceIndex}`);
      else args.push('-an');
      args.push(...videoEncoderArgs(encoder, video, r));
      if (muxedAudio) args.push(...audioCodecArgs(muxedAudio));
      args.push(...containerArgs(out(r.fileName)));
    });
  }
  for (const a of plan.audio) {
    if (a.fileName === null) continue;
    args.push('-map', `0:${a.sourceIndex}`, '-vn', ...audioCodecArgs(a), ...containerArgs(out(a.fileName)));
  }
  return args;
}
