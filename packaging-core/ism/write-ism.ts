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
}

export interface IsmDocument {
  readonly tracks: readonly IsmTrackEntry[];
  /** TS packing ratio; omitted = origin default (3). */
  readonly fragmentsPerHlsSegment?: number;
  /** `.ismc` file name, when one is written next to the `.ism`. */
  readonly clientManifest?: string;
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function writeIsm(doc: IsmDocument): string {
  const metas = [`    <meta name="formats" content="mp4-v3"/>`];
  if (doc.fragmentsPerHlsSegment !== undefined) {
    metas.push(`    <meta name="fragmentsPerHLSSegment" content="${doc.fragmentsPerHlsSegment}"/>`);
  }
  if (doc.clientManifest) {
    metas.push(`    <meta name="clientManifestRelativePath" content="${escapeXml(doc.clientManifest)}"/>`);
  }
  const tracks = doc.tracks.map((t) => {
    const lang = t.language ? ` systemLanguage="${escapeXml(t.language)}"` : '';
    return [
      `      <${t.kind} src="${escapeXml(t.src)}" systemBitrate="${t.bitrate}"${lang}>`,
      `        <param name="trackID" value="${t.trackId}" valuetype="data"/>`,
      `        <param name="trackName" value="${escapeXml(t.trackName)}" valuetype="data"/>`,
      `      </${t.kind}>`,
    ].join('\n');
  });
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
