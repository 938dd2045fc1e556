/**
 * Output file names (encoding.md §1.4): `{base}_{W}x{H}_{kbps}.mp4` for video-only files,
 * `{base}_{W}x{H}_AACAudio_{kbps}.mp4` for interleaved ones and `{base}_AACAudio_{lang}_{kbps}.mp4`
 * for audio. The packager serves these names in URLs, so the base is kept ASCII-safe.
 */
import path from 'node:path';

const MAX_BASE_LENGTH = 32; // AMS truncates {Basename} to 32 characters
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** The `{Basename}` of an input path: no extension, ASCII letters/digits/`_`/`-` only, ≤ 32 characters. */
export function sanitizeBaseName(inputPath: string): string {
  const stem = path.basename(inputPath, path.extname(inputPath));
  const ascii = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: "été" → "ete"
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
  let base = ascii.slice(0, MAX_BASE_LENGTH).replace(/[_-]+$/, '');
  if (base === '') base = 'media';
  if (WINDOWS_RESERVED.test(base)) base = `${base}_`;
  return base;
}

export function videoFileName(base: string, width: number, height: number, kbps: number, interleaved: boolean): string {
  return interleaved ? `${base}_${width}x${height}_AACAudio_${kbps}.mp4` : `${base}_${width}x${height}_${kbps}.mp4`;
}

/** AMS's codec word in file names: `AACAudio`, `DDAudio` (Dolby Digital). */
const AUDIO_WORD = { aac: 'AACAudio', dd: 'DDAudio' } as const;
/** The codec prefix of a track name (the codec ffmpeg and the manifests call it). */
const AUDIO_TRACK_PREFIX = { aac: 'aac', dd: 'ac3' } as const;

export function audioFileName(base: string, language: string, kbps: number, codec: 'aac' | 'dd' = 'aac'): string {
  return `${base}_${AUDIO_WORD[codec]}_${language}_${kbps}.mp4`;
}

/** AMS's audio trackName shape (`aac_eng_2_128000`): one Smooth StreamIndex / HLS audio name per language. */
export function audioTrackName(language: string, channels: number, bitrate: number, codec: 'aac' | 'dd' = 'aac'): string {
  return `${AUDIO_TRACK_PREFIX[codec]}_${language}_${channels}_${bitrate}`;
}

/** Makes names unique in the order given (two rungs of one size and rate would collide). */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = name.replace(/\.mp4$/, `_${i}.mp4`);
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
