import type { AudioRole } from '../types/media.ts';

/**
 * Writes an AMS-style `.ism` server manifest (SMIL 2.0, streaming-formats.md §3): one `<video>` or
 * `<audio>` per track with `systemBitrate`, `trackID` and `trackName`, and the head metas AMS used.
 */
export interface IsmTrackEntry {
  readonly kind: 'video' | 'audio';
  /** File name inside the asset folder. */
  readonly src: string;
  readonly bitrate: number;
  readonly trackId: number;
  readonly trackName: string;
  /** ISO 639-2 code (audio). */
  readonly language?: string;
  /**
   * An audio track's purpose, written as AMS signalled descriptive audio in the .ism (its "signal
   * descriptive audio tracks" how-to): `accessibility=description` with `role=alternate`; other roles
   * as `role` alone; main writes nothing.
   */
  readonly role?: AudioRole;
}

/** A `<textstream>` (WebVTT file) as AMS wrote added text tracks. */
export interface IsmTextEntry {
  readonly src: string;
  readonly bitrate: number;
  readonly trackName: string;
  readonly language: string;
  readonly isDefault: boolean;
  readonly forced: boolean;
  readonly visible: boolean;
}

export interface IsmDocument {
  readonly tracks: readonly IsmTrackEntry[];
  readonly texts?: readonly IsmTextEntry[];
  /** TS packing ratio; omitted = origin default (3). */
  readonly fragmentsPerHlsSegment?: number;
  /** `.ismc` file name, when one is written next to the `.ism`. */
  readonly clientManifest?: string;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const param = (name: string, value: string): string => `        <param name="${name}" value="${escapeXml(value)}" valuetype="data"/>`;

/** One `<video>` or `<audio>` element, indented for the `<switch>` (also used to edit an existing .ism). */
export function trackElement(t: IsmTrackEntry): string {
  const lang = t.language ? ` systemLanguage="${escapeXml(t.language)}"` : '';
  return [
    `      <${t.kind} src="${escapeXml(t.src)}" systemBitrate="${t.bitrate}"${lang}>`,
    param('trackID', String(t.trackId)),
    param('trackName', t.trackName),
    ...(t.role === 'description' ? [param('accessibility', 'description'), param('role', 'alternate')] : []),
    ...(t.role && t.role !== 'main' && t.role !== 'description' ? [param('role', t.role)] : []),
    `      </${t.kind}>`,
  ].join('\n');
}

/** One `<textstream>` element, indented for the `<switch>` (also used to edit an existing .ism). */
export function textStreamElement(t: IsmTextEntry): string {
  return [
    `      <textstream src="${escapeXml(t.src)}" systemBitrate="${t.bitrate}" systemLanguage="${escapeXml(t.language)}">`,
    param('trackName', t.trackName),
    ...(t.isDefault ? [param('default', 'true')] : []),
    ...(t.forced ? [param('forced', 'true')] : []),
    ...(t.visible ? [] : [param('playerVisibility', 'Hidden')]),
    '      </textstream>',
  ].join('\n');
}

export function writeIsm(doc: IsmDocument): string {
  const metas = [`    <meta name="formats" content="mp4-v3"/>`];
  if (doc.fragmentsPerHlsSegment !== undefined) {
    metas.push(`    <meta name="fragmentsPerHLSSegment" content="${doc.fragmentsPerHlsSegment}"/>`);
  }
  if (doc.clientManifest) {
    metas.push(`    <meta name="clientManifestRelativePath" content="${escapeXml(doc.clientManifest)}"/>`);
  }
  const tracks = doc.tracks.map(trackElement);
  for (const t of doc.texts ?? []) tracks.push(textStreamElement(t));
  return [
    '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
    '<smil xmlns="http://www.w3.org/2001/SMIL20/Language">',
    '  <head>',
    ...metas,
    '  </head>',
    '  <body>',
    '    <switch>',
    ...tracks,
    '    </switch>',
    '  </body>',
    '</smil>',
    '',
  ].join('\n');
}
