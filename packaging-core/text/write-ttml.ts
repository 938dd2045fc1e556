/**
 * TTML (IMSC1 Text profile) documents out of cues: the samples of `stpp` text tracks (ISO/IEC 14496-30)
 * that DASH and Smooth serve. One document per fragment, holding the cues active in its time range, cut
 * to it: a sample presents only its own span, and a player that does not clip would otherwise show a
 * straddling cue twice.
 * Times: DASH puts TTML on the track's media timeline (`ttp:timeBase="media"`, absolute); Smooth clients
 * (AMS's, dash.js's MSS) read them relative to the fragment's start, as AMS wrote them.
 * WebVTT markup maps to TTML styling where IMSC1 has it (b, i, u); voice and class spans keep their text.
 */
import type { Cue } from './cues.ts';
import { cuesInRange } from './write-webvtt.ts';

export interface TtmlDocumentOptions {
  /** The fragment's range on the presentation timeline, milliseconds, [start, end). */
  readonly startMs: number;
  readonly endMs: number;
  /** Time expressions relative to `startMs` (Smooth) instead of the presentation timeline (DASH). */
  readonly relative: boolean;
  /** xml:lang of the document (the track's language). */
  readonly language: string;
}

/** `hh:mm:ss.mmm`: a TTML clock-time with a fraction (TTML2 §10.3.1). */
function clockTime(ms: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(ms / 3_600_000))}:${two(Math.floor(ms / 60_000) % 60)}:${two(Math.floor(ms / 1000) % 60)}.${String(ms % 1000).padStart(3, '0')}`;
}

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT's character references (the ones the format defines) back to characters. */
function decodeVttEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };
  return text.replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_, name: string) => named[name]!);
}

const STYLE_OF: Readonly<Record<string, string>> = {
  b: 'tts:fontWeight="bold"',
  i: 'tts:fontStyle="italic"',
  u: 'tts:textDecoration="underline"',
};

/** WebVTT cue text → TTML inline content: b/i/u become styled spans, other tags (v, c, lang, ruby, timestamps) are dropped with their text kept. */
function cueContent(text: string): string {
  const out: string[] = [];
  const open: string[] = [];
  for (const [i, part] of text.split(/(<[^>]*>)/).entries()) {
    if (i % 2 === 0) {
      out.push(escapeXmlText(decodeVttEntities(part)).replace(/\n/g, '<br/>'));
      continue;
    }
    const tag = /^<(\/?)([a-z]+)/i.exec(part);
    const name = tag?.[2]?.toLowerCase() ?? '';
    if (!(name in STYLE_OF)) continue;
    if (tag![1] === '/') {
      // Close only what is open (WebVTT parsers tolerate stray closing tags; XML does not).
      const at = open.lastIndexOf(name);
      if (at < 0) continue;
      for (let k = open.length - 1; k >= at; k--) out.push('</span>');
      open.splice(at);
    } else {
      out.push(`<span ${STYLE_OF[name]!}>`);
      open.push(name);
    }
  }
  for (let k = 0; k < open.length; k++) out.push('</span>');
  return out.join('');
}

/** The TTML document of the cues active in [startMs, endMs), each cut to that range. */
export function writeTtmlDocument(cues: readonly Cue[], options: TtmlDocumentOptions): string {
  const { startMs, endMs } = options;
  const base = options.relative ? startMs : 0;
  const paragraphs = cuesInRange(cues, startMs, endMs).map((cue) => {
    const begin = Math.max(cue.startMs, startMs) - base;
    const end = Math.min(cue.endMs, endMs) - base;
    return `      <p begin="${clockTime(begin)}" end="${clockTime(end)}">${cueContent(cue.text)}</p>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" xmlns:tts="http://www.w3.org/ns/ttml#styling" ttp:timeBase="media" xml:lang="${escapeXmlText(options.language).replace(/"/g, '&quot;')}">`,
    '  <head>',
    '    <styling>',
    '      <style xml:id="default" tts:color="white" tts:backgroundColor="rgba(0,0,0,0.8)" tts:textAlign="center"/>',
    '    </styling>',
    '    <layout>',
    '      <region xml:id="bottom" tts:origin="10% 75%" tts:extent="80% 20%" tts:displayAlign="after"/>',
    '    </layout>',
    '  </head>',
    '  <body style="default" region="bottom">',
    '    <div>',
    ...paragraphs,
    '    </div>',
    '  </body>',
    '</tt>',
    '',
  ].join('\n');
}
