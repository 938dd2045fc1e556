/**
 * Edits an existing `.ism` in place: text streams replaced, an audio track added or removed, and
 * everything else kept byte for byte (a hand-written or AMS-exported manifest carries metas and params
 * this origin does not model; a parse-and-rewrite would drop them). The result is parsed again, so a
 * manifest this edit would break is refused instead of written.
 */
import { MediaError } from '../types/errors.ts';
import { parseIsm, type ParsedIsm } from './parse-ism.ts';
import { type IsmTextEntry, type IsmTrackEntry, textStreamElement, trackElement } from './write-ism.ts';

/** A `<kind …/>` or `<kind …>…</kind>` element with its line's indentation and line end. */
function elementPattern(kind: 'audio' | 'video' | 'textstream'): RegExp {
  return new RegExp(`[ \\t]*<${kind}\\b[^>]*?(?:/>|>[\\s\\S]*?</${kind}>)[ \\t]*\\r?\\n?`, 'g');
}

const SRC = /\bsrc\s*=\s*("([^"]*)"|'([^']*)')/;

function srcOf(element: string): string | undefined {
  const m = SRC.exec(element);
  const raw = m?.[2] ?? m?.[3];
  // The parser decodes entities; src values the writer escapes are compared decoded too.
  return raw?.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** Inserts elements before the last `</switch>` (AMS's layout), or before `</body>` when there is none. */
function insert(xml: string, elements: readonly string[], ismName: string): string {
  if (elements.length === 0) return xml;
  const block = `${elements.join('\n')}\n`;
  for (const close of ['</switch>', '</body>']) {
    const at = xml.lastIndexOf(close);
    if (at >= 0) {
      const lineStart = xml.lastIndexOf('\n', at) + 1;
      const before = xml.slice(lineStart, at).trim() === '' ? lineStart : at;
      return `${xml.slice(0, before)}${before === at ? '\n' : ''}${block}${xml.slice(before)}`;
    }
  }
  throw new MediaError(`${ismName} has no <switch> or <body> to add tracks to`);
}

function checked(xml: string, ismName: string): { xml: string; parsed: ParsedIsm } {
  return { xml, parsed: parseIsm(xml, ismName) };
}

/** The manifest with exactly `texts` as its `<textstream>` elements (in that order). */
export function withTextStreams(xml: string, texts: readonly IsmTextEntry[], ismName = 'the .ism'): string {
  parseIsm(xml, ismName);
  const stripped = xml.replace(elementPattern('textstream'), '');
  const { xml: out, parsed } = checked(insert(stripped, texts.map(textStreamElement), ismName), ismName);
  if ((parsed.texts?.length ?? 0) !== texts.filter((t) => /\.vtt$/i.test(t.src)).length) {
    throw new MediaError(`${ismName}: the text streams could not be rewritten`);
  }
  return out;
}

/** The manifest with one more `<audio>` or `<video>` element; a second element with the same src and track id is refused. */
export function withTrack(xml: string, track: IsmTrackEntry, ismName = 'the .ism'): string {
  const before = parseIsm(xml, ismName);
  if (before.tracks.some((t) => t.src === track.src && (t.trackId ?? 1) === track.trackId)) {
    throw new MediaError(`${ismName} already lists ${track.src}`);
  }
  const { xml: out, parsed } = checked(insert(xml, [trackElement(track)], ismName), ismName);
  if (parsed.tracks.length !== before.tracks.length + 1) throw new MediaError(`${ismName}: the track could not be added`);
  return out;
}

/** The manifest without the `<kind>` element(s) whose src is `src`; unchanged when there is none. */
export function withoutTrack(xml: string, kind: 'audio' | 'video' | 'textstream', src: string, ismName = 'the .ism'): string {
  parseIsm(xml, ismName);
  const out = xml.replace(elementPattern(kind), (element) => (srcOf(element) === src ? '' : element));
  return checked(out, ismName).xml;
}
