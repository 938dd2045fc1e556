import { UI_FORMATS, type SetLadderData } from '@contract';

/** Extensions an ABR set's files have (the studio's abr-set/set-sources.ts takes the same). */
const SET_MEDIA = /\.(mp4|m4v|m4a|mov|ismv|isma|cmfv|cmfa)$/i;

/**
 * Whether a drop is an ABR set to preview before importing: several MP4/M4A/ISMV files, one `.ism`,
 * or one item without an extension (a folder). One media file stays a mezzanine import.
 */
export function isSetDrop(names: readonly string[]): boolean {
  if (names.length === 1) return /\.ism$/i.test(names[0]!) || !/\.[^./\\]+$/.test(names[0]!);
  return names.length > 1 && names.every((n) => SET_MEDIA.test(n));
}

/** Short names of the named formats by AMS format (packaging-core's format table). */
const FORMAT_LABELS: Readonly<Record<string, string>> = Object.fromEntries(UI_FORMATS.map((f) => [f.format, f.shortName]));

export interface LadderRow {
  readonly kind: 'video' | 'audio';
  readonly label: string;
  readonly codec: string;
  readonly kbps: number;
  readonly file: string;
  /** Audio muxed in several files: served once. */
  readonly note: string | null;
}

/** The ladder as the drop dialog lists it: rungs (size, codec, rate), then each distinct audio stream. */
export function ladderRows(ladder: SetLadderData): LadderRow[] {
  return [
    ...ladder.video.map((v) => ({
      kind: 'video' as const,
      label: v.width && v.height ? `${v.width}×${v.height}` : 'video',
      codec: v.codecString ?? v.codec,
      kbps: Math.round(v.bitrate / 1000),
      file: v.file,
      note: null,
    })),
    ...ladder.audio.map((a) => ({
      kind: 'audio' as const,
      label: `${a.language}${a.channels ? ` ${a.channels} ch` : ''}`,
      codec: a.codecString ?? a.codec,
      kbps: Math.round(a.bitrate / 1000),
      file: a.file,
      note: a.alsoIn.length > 0 ? `also muxed in ${a.alsoIn.length} other file${a.alsoIn.length > 1 ? 's' : ''}: served once` : null,
    })),
  ];
}

/** "HLS v4, HLS CMAF, DASH CSF, …" and the ones left out, for the dialog's footer. */
export function formatsLine(ladder: SetLadderData): { served: string; notServed: string | null } {
  const all = Object.keys(FORMAT_LABELS);
  const missing = all.filter((f) => !ladder.formats.includes(f));
  return {
    served: ladder.formats.map((f) => FORMAT_LABELS[f] ?? f).join(', '),
    notServed: missing.length > 0 ? missing.map((f) => FORMAT_LABELS[f] ?? f).join(', ') : null,
  };
}
