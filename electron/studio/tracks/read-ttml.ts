/**
 * TTML / IMSC1 subtitles into WebVTT cues, through imsc (sandflow's reference IMSC reader, the one
 * dash.js renders with): it resolves TTML's timing model (nested `par`/`seq` containers, frame and tick
 * rates, `dur`) into the intermediate document shown at each moment; consecutive moments showing the
 * same paragraph become one cue. Styling and regions are dropped (WebVTT keeps the words and line breaks).
 * Strict like the WebVTT/SRT reader: XML errors and malformed times are errors naming the line.
 */
import imscDoc, { type ImscErrorHandler } from 'imsc/src/main/js/doc.js';
import imscIsd, { type IsdElement } from 'imsc/src/main/js/isd.js';
import { type Cue, TextTrackError } from '../../../packaging-core/index.ts';

/** `<tt` as the document element (after an optional declaration, comments and a BOM). */
export function looksLikeTtml(text: string): boolean {
  return /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:\w+:)?tt\b/.test(text);
}

/** A TTML time expression: clock time (`00:00:01.250`, `00:00:01:12`) or offset (`1.25s`, `90f`, `1200t`). */
const TIME_EXPRESSION = /^\s*(?:\d{2,}:\d{2}:\d{2}(?:\.\d+|:\d{2,}(?:\.\d+)?)?|\d+(?:\.\d+)?(?:h|m|s|ms|f|t))\s*$/;

/** Messages about timing are errors here (a wrong time is a wrong cue); styling ones are not (styling is dropped). */
const TIMING_MESSAGE = /\b(?:begin|end|dur|frame rate|tick rate|time base|timeContainer)\b/i;

function lineOf(text: string, index: number): number {
  return text.slice(0, Math.max(0, index)).split('\n').length;
}

/** The line of the first `attr="…"` whose value is not a time expression (imsc's timing warnings name none). */
function lineOfBadTime(text: string, message: string): number | undefined {
  const attr = /\b(begin|end|dur)\b/i.exec(message)?.[1]?.toLowerCase();
  if (!attr) return undefined;
  for (const m of text.matchAll(new RegExp(`\\b${attr}\\s*=\\s*["']([^"']*)["']`, 'g'))) {
    if (!TIME_EXPRESSION.test(m[1]!)) return lineOf(text, m.index);
  }
  return undefined;
}

function fail(name: string, message: string, line: number | undefined): never {
  throw new TextTrackError(`${name}${line === undefined ? '' : ` line ${line}`}: ${message}`, line);
}

/** imsc reports through a handler; returning true stops it, but this one throws instead so the message survives. */
function strictHandler(text: string, name: string): ImscErrorHandler {
  const stop = (message: string): never => {
    // "… at (line,column)" (imsc's own structure errors; its line is 1-based sax line + 0).
    const at = /at \(?(\d+),(\d+)\)?/.exec(message);
    fail(name, message.replace(/\s*at \(?\d+,\d+\)?\s*$/, ''), at ? Number(at[1]) + 1 : lineOfBadTime(text, message));
  };
  return {
    info: () => false,
    warn: (message) => (TIMING_MESSAGE.test(message) ? stop(message) : false),
    error: (message) => (TIMING_MESSAGE.test(message) ? stop(message) : false),
    fatal: stop,
  };
}

/** WebVTT cue text of one paragraph: spans' text, `<br>` as a line break, markup characters escaped. */
function paragraphText(p: IsdElement): string {
  const parts: string[] = [];
  const walk = (e: IsdElement): void => {
    if (e.kind === 'br') parts.push('\n');
    else if (typeof e.text === 'string') parts.push(e.text);
    for (const child of e.contents ?? []) walk(child);
  };
  walk(p);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function paragraphs(e: IsdElement, out: string[]): string[] {
  if (e.kind === 'p') {
    const t = paragraphText(e);
    if (t) out.push(t);
    return out;
  }
  for (const child of e.contents ?? []) paragraphs(child, out);
  return out;
}

/**
 * The cues of a TTML document. A paragraph with no end (shown "forever") ends at `durationMs`, or is an
 * error without it. Cues are checked against the asset's duration by the caller, like any text track.
 */
export function readTtml(text: string, name: string, durationMs?: number): Cue[] {
  const handler = strictHandler(text, name);
  let doc;
  try {
    doc = imscDoc.fromXML(text.replace(/^\uFEFF/, ''), handler);
  } catch (err) {
    if (err instanceof TextTrackError) throw err;
    // sax's own XML errors: "Unexpected close tag\nLine: 1\nColumn: 29\nChar: >" (0-based line).
    const message = err instanceof Error ? err.message : String(err);
    const line = /Line: (\d+)/.exec(message);
    fail(name, `not well-formed XML: ${message.split('\n')[0]!}`, line ? Number(line[1]) + 1 : undefined);
  }
  if (!doc) fail(name, 'is not a TTML document (no <tt> root in the TTML namespace)', undefined);
  const events = [...new Set(doc.getMediaTimeEvents().map((t) => Math.round(t * 1000)))].sort((a, b) => a - b);
  const cues: Cue[] = [];
  const open = new Map<string, number>();
  const close = (textKey: string, endMs: number): void => {
    const startMs = open.get(textKey)!;
    open.delete(textKey);
    if (endMs > startMs) cues.push({ id: '', startMs, endMs, settings: '', text: textKey });
  };
  for (const atMs of events) {
    const isd = imscIsd.generateISD(doc, atMs / 1000, handler);
    const shown = new Set(isd.contents.flatMap((region) => paragraphs(region, [])));
    for (const t of [...open.keys()]) if (!shown.has(t)) close(t, atMs);
    for (const t of shown) if (!open.has(t)) open.set(t, atMs);
  }
  if (open.size > 0) {
    if (durationMs === undefined) fail(name, `"${[...open.keys()][0]!.split('\n')[0]!}" has no end time`, undefined);
    for (const t of [...open.keys()]) close(t, durationMs);
  }
  if (cues.length === 0) throw new TextTrackError(`${name} holds no cues`);
  cues.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  if (durationMs === undefined) return cues;
  // As for WebVTT and SRT: a cue after the asset's end is a wrong file; one running past it is cut.
  const late = cues.find((c) => c.startMs >= durationMs);
  if (late) {
    const line = text.split('\n').findIndex((l) => l.includes(late.text.split('\n')[0]!.replace(/&amp;/g, '&')));
    fail(name, `the cue "${late.text.split('\n')[0]!}" starts at ${late.startMs / 1000} s, after the asset ends (${durationMs / 1000} s) — is this the right file?`, line >= 0 ? line + 1 : undefined);
  }
  return cues.map((c) => ({ ...c, endMs: Math.min(c.endMs, durationMs) }));
}
