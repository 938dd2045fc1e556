/**
 * Does this ffmpeg decode all of a source's audio? Debian's ffmpeg 5.1 decodes only the first 20 ms
 * frame of each AMR-NB packet when a 3GP packs 50 frames (1 s) per packet: the encode "succeeds" with
 * 2 % of the sound. The file is fine; the decoder is not. So before an encode, the first packets of each
 * audio stream are decoded by the ffmpeg that will encode them (ashowinfo counts the samples) and
 * compared with what the container says they hold (ffprobe's packet durations). Far fewer samples than
 * the packets announce means this ffmpeg cannot decode the stream, and the user is told so.
 */
import { runFfmpeg, runFfprobeJson } from '../media/ffmpeg-process.ts';
import type { AudioStreamInfo } from '../media/media-info.ts';
import { EncodeError } from './encode-error.ts';
import { fileUrl } from './ffmpeg-args.ts';

/** Enough packets to cover several AMR packets (1 s each) or ~0.5 s of AAC. */
const PACKETS = 20;
/** Below this share of the announced audio the stream is not decodable by this ffmpeg. */
const MIN_DECODED_SHARE = 0.5;
/** Shorter samples prove nothing (a sub-frame of priming). */
const MIN_ANNOUNCED_SEC = 0.2;

const CODEC_NAMES: Readonly<Record<string, string>> = {
  amr_nb: 'AMR-NB',
  amr_wb: 'AMR-WB',
  aac: 'AAC',
  ac3: 'AC-3',
  eac3: 'E-AC-3',
  mp3: 'MP3',
  opus: 'Opus',
  vorbis: 'Vorbis',
  flac: 'FLAC',
};

export function audioCodecName(codec: string): string {
  return CODEC_NAMES[codec] ?? codec.toUpperCase();
}

export interface DecodedShare {
  readonly announcedSec: number;
  readonly decodedSec: number;
}

/** Samples (and rates) from ashowinfo's lines: `... nb_samples:160 ... rate:8000 ...`. */
export function decodedSecondsFromShowinfo(lines: readonly string[]): number {
  let sec = 0;
  for (const line of lines) {
    const samples = /\bnb_samples:(\d+)/.exec(line);
    const rate = /\brate:(\d+)/.exec(line);
    if (samples?.[1] && rate?.[1] && Number(rate[1]) > 0) sec += Number(samples[1]) / Number(rate[1]);
  }
  return sec;
}

/** The first packets' announced length against what ffmpeg decodes from them. */
export async function measureDecodedShare(ffmpegPath: string, ffprobePath: string, file: string, stream: AudioStreamInfo): Promise<DecodedShare> {
  const probed = (await runFfprobeJson(ffprobePath, [
    '-select_streams',
    `${stream.index}`,
    '-read_intervals',
    `%+#${PACKETS}`,
    '-show_entries',
    'packet=duration_time',
    fileUrl(file),
  ])) as { packets?: { duration_time?: string }[] };
  const announcedSec = (probed.packets ?? []).slice(0, PACKETS).reduce((s, p) => s + (Number.parseFloat(p.duration_time ?? '') || 0), 0);
  const lines: string[] = [];
  await runFfmpeg({
    ffmpegPath,
    args: ['-loglevel', 'level+info', '-i', fileUrl(file), '-map', `0:${stream.index}`, '-af', 'ashowinfo', '-frames:a', `${PACKETS}`, '-f', 'null', '-'],
    onStderrLine: (l) => {
      if (l.includes('nb_samples:')) lines.push(l);
    },
  });
  return { announcedSec, decodedSec: decodedSecondsFromShowinfo(lines) };
}

/** Throws when this ffmpeg decodes far less audio than the stream holds; the message blames the tool, not the file. */
export function assertDecodedShare(share: DecodedShare, stream: AudioStreamInfo, file: string, ffmpegPath: string): void {
  if (share.announcedSec < MIN_ANNOUNCED_SEC || share.decodedSec >= share.announcedSec * MIN_DECODED_SHARE) return;
  const packets = Math.round(share.announcedSec * 100) / 100;
  throw new EncodeError(
    `This ffmpeg (${ffmpegPath}) cannot fully decode the ${audioCodecName(stream.codec)} audio of ${file}: from its first ${packets} s of audio it decodes only ` +
      `${share.decodedSec.toFixed(2)} s, so most of the sound would be lost. The file is not damaged. ` +
      `Encode it with an ffmpeg build that decodes this audio completely (set FFMPEG_PATH to it), or convert the audio with another tool first.`,
    file,
  );
}

export async function checkAudioDecodes(
  ffmpegPath: string,
  ffprobePath: string,
  file: string,
  streams: readonly AudioStreamInfo[],
): Promise<void> {
  const shares = await Promise.all(streams.map((s) => measureDecodedShare(ffmpegPath, ffprobePath, file, s)));
  streams.forEach((s, i) => {
    const share = shares[i];
    if (share) assertDecodedShare(share, s, file, ffmpegPath);
  });
}
