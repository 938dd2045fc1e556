// The package ships no types; this reference brings our declaration into any program that compiles
// this file (e.g. the contract-drift check's own tsconfig), not only the repository's.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration cannot be imported
/// <reference path="./webvtt-parser.d.ts" />
/**
 * Reads a subtitle file (WebVTT or SRT) into cues, strictly: a malformed timing line, a cue ending
 * before it starts or a cue past the asset's end is an error naming the line, never a silently
 * dropped or zero-timed cue (what lenient parsers do, and what a viewer would only notice on screen).
 */
// webvtt-parser is CommonJS: under plain Node only its default export exists (named imports work
// only through a bundler), so the CLI and the origin would fail to load this module.
import webvtt from 'webvtt-parser';
import { type Cue, TextTrackError } from './cues.ts';
import { parseCueTime } from './webvtt-time.ts';

export type TextFormat = 'webvtt' | 'srt';

/** A cue and the line of its timing, when the reader knows it (for errors). */
type ReadCue = Cue & { readonly line?: number };

const ARROW = /^\s*(\S+)\s+-->\s+(\S+)(.*)$/;

/** The format from the content: WebVTT files must start with `WEBVTT`; anything else is read as SRT. */
export function detectTextFormat(text: string): TextFormat {
  return /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(text) ? 'webvtt' : 'srt';
}

function lines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** SRT: blocks of `index`, `start --> end`, text lines, separated by blank lines. */
function readSrt(text: string, name: string): ReadCue[] {
  const all = lines(text);
  const cues: ReadCue[] = [];
  let i = 0;
  while (i < all.length) {
    while (i < all.length && all[i]!.trim() === '') i++;
    if (i >= all.length) break;
    const blockStart = i;
    let timing = all[i]!;
    let id = '';
    if (!timing.includes('-->')) {
      id = timing.trim();
      i++;
      timing = all[i] ?? '';
    }
    const lineNo = i + 1;
    const m = ARROW.exec(timing);
    if (!m) {
      throw new TextTrackError(`${name} line ${lineNo}: expected a timing line "00:00:01,000 --> 00:00:02,000" for the cue starting at line ${blockStart + 1}, found "${timing.trim()}"`, lineNo);
    }
    const startMs = parseCueTime(m[1]!);
    const endMs = parseCueTime(m[2]!);
    if (startMs === undefined || endMs === undefined) {
      const bad = startMs === undefined ? m[1]! : m[2]!;
      throw new TextTrackError(`${name} line ${lineNo}: "${bad}" is not a time (hh:mm:ss,mmm)`, lineNo);
    }
    i++;
    const body: string[] = [];
    while (i < all.length && all[i]!.trim() !== '') body.push(all[i++]!);
    cues.push({ id, startMs, endMs, settings: '', text: srtMarkupToVtt(body.join('\n')), line: lineNo });
  }
  return cues;
}

/** SRT's HTML-ish tags: b/i/u kept (WebVTT has them), font colours and ASS overrides dropped, the rest escaped. */
function srtMarkupToVtt(text: string): string {
  const escape = (t: string): string => t.replace(/&(?![a-zA-Z]+;|#\d+;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .replace(/\{\\[^}]*\}/g, '')
    .split(/(<[^>]*>)/)
    .map((part, i) => {
      if (i % 2 === 0) return escape(part);
      const tag = /^<(\/?)([biu])>$/i.exec(part);
      return tag ? `<${tag[1]!}${tag[2]!.toLowerCase()}>` : '';
    })
    .join('');
}

function settingsOf(timingLine: string): string {
  const m = ARROW.exec(timingLine);
  return m ? m[3]!.trim() : '';
}

function readWebVtt(text: string, name: string): Cue[] {
  const tree = new webvtt.WebVTTParser().parse(text, 'metadata');
  const first = tree.errors[0];
  if (first) throw new TextTrackError(`${name} line ${first.line}: ${first.message}`, first.line);
  // The parser keeps no timing-line text, so settings are read back from the lines in cue order.
  const timingLines = lines(text).filter((l) => l.includes('-->'));
  return tree.cues.map((c, i) => ({
    id: c.id,
    startMs: Math.round(c.startTime * 1000),
    endMs: Math.round(c.endTime * 1000),
    settings: settingsOf(timingLines[i] ?? ''),
    text: c.text,
  }));
}

/**
 * The cues of a WebVTT or SRT file, sorted by start. With `durationMs`, a cue starting at or after the
 * asset's end is an error (a wrong file or a wrong frame rate), one running past it is cut at the end.
 */
export function readTextTrack(text: string, name: string, durationMs?: number): Cue[] {
  const format = detectTextFormat(text);
  const cues: ReadCue[] = format === 'webvtt' ? readWebVtt(text, name) : readSrt(text, name);
  if (cues.length === 0) throw new TextTrackError(`${name} holds no cues`);
  const out: Cue[] = [];
  for (const [index, cue] of cues.entries()) {
    const line = cue.line;
    const where = line === undefined ? `${name} cue ${index + 1}` : `${name} line ${line} (cue ${index + 1})`;
    if (cue.endMs <= cue.startMs) throw new TextTrackError(`${where}: ends (${cue.endMs} ms) before it starts (${cue.startMs} ms)`, line);
    if (durationMs !== undefined && cue.startMs >= durationMs) {
      throw new TextTrackError(`${where}: starts at ${cue.startMs / 1000} s, after the asset ends (${durationMs / 1000} s) — is this the right file?`, line);
    }
    out.push({ id: cue.id, startMs: cue.startMs, endMs: durationMs === undefined ? cue.endMs : Math.min(cue.endMs, durationMs), settings: cue.settings, text: cue.text });
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}
