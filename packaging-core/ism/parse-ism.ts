/**
 * Reads a `.ism` server manifest (SMIL 2.0, streaming-formats.md §3): the head metas AMS used and one
 * entry per `<video>`/`<audio>` element. Attributes a minimal hand-written `.ism` omits stay undefined;
 * openPresentation derives them from the MP4s.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MediaError } from '../types/errors.ts';
import { AUDIO_ROLES, type AudioRole } from '../types/media.ts';

export interface IsmSource {
  readonly kind: 'video' | 'audio';
  /** File name (relative path) inside the asset folder, as written. */
  readonly src: string;
  readonly bitrate?: number;
  readonly trackId?: number;
  readonly trackName?: string;
  readonly language?: string;
  /**
   * An audio track's role. AMS signalled descriptive audio with `accessibility=description` (and
   * `role=alternate`) params; other roles are the `role` param. Absent: main.
   */
  readonly role?: AudioRole;
}

/** A `<textstream>`: a WebVTT file of the asset folder and how players should offer it. */
export interface IsmTextSource {
  readonly src: string;
  readonly bitrate?: number;
  readonly trackName?: string;
  readonly language?: string;
  readonly isDefault: boolean;
  readonly forced: boolean;
  readonly visible: boolean;
}

export interface ParsedIsm {
  /** `<textstream>` entries in document order; absent when there are none. */
  readonly texts?: readonly IsmTextSource[];
  /** Video entries, then audio entries, each in document order. */
  readonly tracks: readonly IsmSource[];
  readonly fragmentsPerHlsSegment?: number;
  readonly clientManifest?: string;
}

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set(['meta', 'switch', 'video', 'audio', 'textstream', 'param']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  // Entities are decoded below in one pass, numeric references included (writeIsm emits &#38; etc.).
  processEntities: false,
  isArray: (name) => ARRAY_TAGS.has(name),
});

function nodes(parent: XmlNode | undefined, tag: string): XmlNode[] {
  const value = parent?.[tag];
  if (!Array.isArray(value)) return [];
  // An element with neither attributes nor children parses as '': still an element.
  return value.map((v) => (typeof v === 'object' && v !== null ? (v as XmlNode) : {}));
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

function text(node: XmlNode, attr: string): string | undefined {
  const value = node[attr];
  return typeof value === 'string' && value.trim() !== '' ? decodeEntities(value.trim()) : undefined;
}

function positiveInt(value: string | undefined, what: string, ismName: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) {
    throw new MediaError(`${ismName}: ${what} must be a positive whole number, not "${value}"`);
  }
  return Number(value);
}

function readSource(node: XmlNode, kind: 'video' | 'audio', ismName: string): IsmSource {
  const src = text(node, 'src');
  if (!src) throw new MediaError(`${ismName}: a <${kind}> element has no src attribute`);
  const params = new Map<string, string>();
  for (const p of nodes(node, 'param')) {
    const name = text(p, 'name');
    const value = text(p, 'value');
    if (name && value !== undefined) params.set(name, value);
  }
  const source: { -readonly [K in keyof IsmSource]: IsmSource[K] } = { kind, src };
  // AMS writes systemBitrate/systemLanguage as attributes and again as params; other writers (mp4split,
  // hand-made manifests) use one or the other, and a few put trackName/trackID on the element.
  const either = (name: string) => text(node, name) ?? params.get(name);
  const bitrate = positiveInt(either('systemBitrate'), `systemBitrate of ${src}`, ismName);
  const trackId = positiveInt(params.get('trackID') ?? text(node, 'trackID'), `trackID of ${src}`, ismName);
  const trackName = params.get('trackName') ?? text(node, 'trackName');
  const language = either('systemLanguage');
  if (bitrate !== undefined) source.bitrate = bitrate;
  if (trackId !== undefined) source.trackId = trackId;
  if (trackName !== undefined) source.trackName = trackName;
  if (language !== undefined) source.language = language;
  const role = params.get('accessibility')?.toLowerCase() === 'description' ? 'description' : AUDIO_ROLES.find((r) => r === params.get('role')?.toLowerCase());
  if (role !== undefined && role !== 'main') source.role = role;
  return source;
}

function readTextSource(node: XmlNode, ismName: string): IsmTextSource {
  const src = text(node, 'src');
  if (!src) throw new MediaError(`${ismName}: a <textstream> element has no src attribute`);
  const params = new Map<string, string>();
  for (const p of nodes(node, 'param')) {
    const name = text(p, 'name');
    const value = text(p, 'value');
    if (name && value !== undefined) params.set(name, value);
  }
  const either = (name: string) => text(node, name) ?? params.get(name);
  const bitrate = positiveInt(either('systemBitrate'), `systemBitrate of ${src}`, ismName);
  const trackName = params.get('trackName') ?? text(node, 'trackName');
  const language = either('systemLanguage');
  return {
    src,
    ...(bitrate !== undefined && { bitrate }),
    ...(trackName !== undefined && { trackName }),
    ...(language !== undefined && { language }),
    isDefault: params.get('default') === 'true',
    forced: params.get('forced') === 'true',
    visible: params.get('playerVisibility')?.toLowerCase() !== 'hidden',
  };
}

/** Parses the text of a `.ism`; `ismName` only labels error messages. */
export function parseIsm(xml: string, ismName = 'the .ism'): ParsedIsm {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new MediaError(`${ismName} is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const doc = parser.parse(xml) as XmlNode;
  const smil = doc['smil'];
  if (smil === undefined) throw new MediaError(`${ismName} is not a SMIL server manifest (no <smil> root)`);
  // An empty <smil/> parses as a string: a manifest with no tracks, which openPresentation reports.
  const root = typeof smil === 'object' && smil !== null ? (smil as XmlNode) : {};
  const head = root['head'] as XmlNode | undefined;
  const body = root['body'] as XmlNode | undefined;
  const metas = new Map<string, string>();
  for (const meta of nodes(typeof head === 'object' ? head : undefined, 'meta')) {
    const name = text(meta, 'name');
    const content = text(meta, 'content');
    if (name && content !== undefined) metas.set(name, content);
  }
  const containers = typeof body === 'object' && body !== null ? [body, ...nodes(body, 'switch')] : [];
  const tracks: IsmSource[] = [];
  for (const kind of ['video', 'audio'] as const) {
    for (const container of containers) for (const node of nodes(container, kind)) tracks.push(readSource(node, kind, ismName));
  }
  const result: { -readonly [K in keyof ParsedIsm]: ParsedIsm[K] } = { tracks };
  // WebVTT textstreams only: mp4split's .ismt (TTML in fMP4) sources are not served yet and stay ignored.
  const texts = containers
    .flatMap((container) => nodes(container, 'textstream').map((node) => readTextSource(node, ismName)))
    .filter((t) => /\.vtt$/i.test(t.src));
  if (texts.length > 0) result.texts = texts;
  const perSegment = positiveInt(metas.get('fragmentsPerHLSSegment'), 'fragmentsPerHLSSegment', ismName);
  if (perSegment !== undefined) result.fragmentsPerHlsSegment = perSegment;
  const clientManifest = metas.get('clientManifestRelativePath');
  if (clientManifest !== undefined) result.clientManifest = clientManifest;
  return result;
}
