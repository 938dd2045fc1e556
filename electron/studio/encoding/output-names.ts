/**
 * Output file names (encoding.md §1.4): `{base}_{W}x{H}_{kbps}.mp4` for video-only files,
 * `{base}_{W}x{H}_AACAudio_{kbps}.mp4` for interleaved ones and `{base}_AACAudio_{lang}_{kbps}.mp4`
 * for audio — AMS's default naming — or a transform's own AMS filename pattern
 * (`{Basename}_{Label}_{Bitrate}{Extension}` …). The packager serves these names in URLs, so the base
 * is kept ASCII-safe.
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

/** AMS's Mp4Format filenamePattern macros. */
export const FILENAME_MACROS = ['Basename', 'Label', 'Bitrate', 'Codec', 'Resolution', 'Extension'] as const;

/** Why a filename pattern cannot be used (null: it can): AMS's macros only, URL-safe text, ends in {Extension}. */
export function filenamePatternProblem(pattern: string): string | null {
  for (const m of pattern.matchAll(/\{([^}]*)\}/g)) {
    if (!(FILENAME_MACROS as readonly string[]).includes(m[1] ?? '')) {
      return `the macro {${m[1] ?? ''}} is not supported; use ${FILENAME_MACROS.map((x) => `{${x}}`).join(', ')}`;
    }
  }
  const bad = /[^A-Za-z0-9_.-]/.exec(pattern.replace(/\{[^}]*\}/g, ''));
  if (bad) return `the character ${JSON.stringify(bad[0])} is not supported in file names the origin serves (letters, digits, "_", "-", ".")`;
  if (!pattern.endsWith('{Extension}')) return 'the pattern must end with {Extension} (the outputs are .mp4 files)';
  if (!/\{(Basename|Label|Resolution|Bitrate)\}/.test(pattern)) return 'the pattern needs {Basename}, {Label}, {Resolution} or {Bitrate}, so that the rungs get names of their own';
  return null;
}

export interface PatternValues {
  readonly basename: string;
  /** The layer's (or audio codec's) label; absent: the macro is removed. */
  readonly label?: string | undefined;
  readonly kbps: number;
  /** AMS's codec word: H264, H265, AV1, AACAudio, DDAudio. */
  readonly codec: string;
  /** `WxH` for video; absent for audio (the macro is removed). */
  readonly resolution?: string | undefined;
}

/**
 * A file name from an AMS pattern. As AMS does, a macro with no value is removed and the separators
 * around it collapse (`{Basename}_{Resolution}_{Bitrate}` for audio is `movie_128.mp4`).
 */
export function patternFileName(pattern: string, v: PatternValues): string {
  const values: Record<(typeof FILENAME_MACROS)[number], string> = {
    Basename: v.basename,
    Label: (v.label ?? '').replace(/[^A-Za-z0-9_.-]+/g, '_'),
    Bitrate: String(v.kbps),
    Codec: v.codec,
    Resolution: v.resolution ?? '',
    Extension: '\0',
  };
  const stem = pattern
    .replace(/\{(\w+)\}/g, (_, m: string) => values[m as keyof typeof values] ?? '')
    .split('\0')[0]!
    .replace(/([_.-])[_.-]+/g, '$1')
    .replace(/^[_.-]+|[_.-]+$/g, '');
  return `${stem === '' ? v.basename : stem}.mp4`;
}
