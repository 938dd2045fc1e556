/**
 * What went wrong in an ffmpeg/ffprobe run, classified from its stderr into the few cases the user can act
 * on (model: GitHub Desktop's declared expected git errors). Pure, so it is unit-tested on real lines.
 */

export type FfmpegErrorKind =
  | 'no-space'
  | 'input-not-found'
  | 'invalid-data'
  | 'permission'
  | 'encoder-unavailable'
  /** The source uses a codec or codec feature this ffmpeg build cannot decode (e.g. xHE-AAC). */
  | 'decoder-unavailable'
  | 'killed'
  | 'failed';

export interface FfmpegErrorInit {
  readonly kind: FfmpegErrorKind;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string;
  readonly message: string;
}

export class FfmpegError extends Error {
  readonly kind: FfmpegErrorKind;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderrTail: string;

  constructor(init: FfmpegErrorInit) {
    super(init.message);
    this.name = 'FfmpegError';
    this.kind = init.kind;
    this.exitCode = init.exitCode;
    this.signal = init.signal;
    this.stderrTail = init.stderrTail;
  }
}

interface Rule {
  readonly kind: Exclude<FfmpegErrorKind, 'killed' | 'failed'>;
  readonly pattern: RegExp;
  readonly advice: (line: string) => string;
}

/** The path ffmpeg names in front of an OS error (`<path>: No such file or directory`), without `file:`. */
function pathIn(line: string, osError: string): string | null {
  const cleaned = line.replace(/^(\[[^\]]*\]\s*)+/, '');
  const at = cleaned.indexOf(`: ${osError}`);
  if (at <= 0) return null;
  return cleaned.slice(0, at).replace(/^file:/, '');
}

// First match wins: a full disk also makes the muxer report invalid data, and an unopenable encoder is
// followed by generic "Error while opening encoder" lines.
const RULES: readonly Rule[] = [
  {
    kind: 'no-space',
    pattern: /No space left on device|ENOSPC|Disk quota exceeded/i,
    advice: () => 'The disk is full: ffmpeg could not write its output. Free some space on the output drive, then retry.',
  },
  {
    kind: 'permission',
    pattern: /Permission denied|Operation not permitted|Read-only file system/i,
    advice: (line) => {
      const p = pathIn(line, 'Permission denied');
      return `Access was denied${p ? ` to ${p}` : ''}. Check the permissions of the file and its folder, or choose another folder.`;
    },
  },
  {
    kind: 'encoder-unavailable',
    pattern:
      /Unknown encoder|Cannot load (libcuda|nvcuda|libnvidia-encode)|No (NVENC )?capable devices found|OpenEncodeSessionEx failed|Error initializing an internal MFX session|Failed to (initialise|create) (a )?VAAPI|No VA display found|Encoder not found/i,
    advice: (line) =>
      `The video encoder is not available on this machine (${line}). Use the software encoder (libx264), or install the graphics driver that provides it.`,
  },
  {
    kind: 'decoder-unavailable',
    pattern: /is not implemented|Could not open codec|Decoder \([^)]*\) not found|Unknown decoder|Failed to open codec/i,
    advice: (line) =>
      `This ffmpeg cannot decode a stream of the source (${line}). Convert the file with another tool first, or use a newer ffmpeg (set FFMPEG_PATH).`,
  },
  {
    kind: 'input-not-found',
    pattern: /No such file or directory/i,
    advice: (line) => {
      const p = pathIn(line, 'No such file or directory');
      return `${p ?? 'A file'} does not exist (moved, renamed, or on a disconnected drive). Put it back or import it again.`;
    },
  },
  {
    kind: 'invalid-data',
    pattern: /Invalid data found when processing input|moov atom not found|Invalid NAL unit size|partial file|EBML header parsing failed/i,
    advice: () =>
      'The source is damaged or incomplete (if it is still being copied or downloaded, wait until that finishes), or it is not a video or audio file.',
  },
];

/** stderr lines ffmpeg logged at error or fatal level (with `-loglevel level+…`), or that read like errors. */
export function errorLinesOf(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .filter((l) => /\[(error|fatal|panic)\]/.test(l) || /^(Error|Unknown|Could not|Invalid)\b/.test(l))
    .map((l) => l.trim());
}

/** The line, with ffmpeg's `[component @ 0x…] [error]` prefixes removed. */
function bareLine(line: string): string {
  return line.replace(/^(\[[^\]]*\]\s*)+/, '').trim();
}

export interface Classification {
  readonly kind: FfmpegErrorKind;
  readonly message: string;
}

/**
 * Classifies a failed run. `ownCancel` runs never get here (they resolve as canceled); a signal from
 * someone else (OOM killer, a user's kill) is 'killed'.
 */
export function classifyFfmpegFailure(
  tool: string,
  stderr: string,
  exitCode: number | null,
  signal: string | null,
): Classification {
  if (signal != null) {
    return {
      kind: 'killed',
      message: `${tool} was stopped by ${signal}, not by Origin Studio (the system may have run out of memory, or another program ended it). Retry; run fewer jobs at once if it happens again.`,
    };
  }
  const lines = stderr.split(/\r?\n/).filter((l) => l.trim() !== '');
  for (const rule of RULES) {
    const hit = lines.find((l) => rule.pattern.test(l));
    if (hit != null) return { kind: rule.kind, message: rule.advice(bareLine(hit)) };
  }
  const last = errorLinesOf(stderr).at(-1) ?? lines.at(-1);
  return {
    kind: 'failed',
    message: `${tool} failed (exit code ${exitCode ?? 'unknown'})${last ? `: ${bareLine(last)}` : ''}.`,
  };
}
