import { describe, expect, it } from 'vitest';
import { writeTtmlDocument } from '../../../../packaging-core/text/write-ttml.ts';
import type { Cue } from '../../../../packaging-core/types/cue.ts';

const cue = (startMs: number, endMs: number, text: string): Cue => ({ id: '', startMs, endMs, settings: '', text });

describe('TTML documents (stpp samples)', () => {
  it('holds the cues of its span, cut to it; absolute times for DASH, fragment-relative for Smooth', () => {
    const cues = [cue(500, 1500, 'early'), cue(1900, 2600, 'across'), cue(4000, 4500, 'late')];
    const dash = writeTtmlDocument(cues, { startMs: 2000, endMs: 4000, relative: false, language: 'eng' });
    expect(dash).toContain('<p begin="00:00:02.000" end="00:00:02.600">across</p>');
    expect(dash).not.toContain('early');
    expect(dash).not.toContain('late');
    expect(dash).toContain('xml:lang="eng"');
    const smooth = writeTtmlDocument(cues, { startMs: 2000, endMs: 4000, relative: true, language: 'eng' });
    expect(smooth).toContain('<p begin="00:00:00.000" end="00:00:00.600">across</p>');
  });

  it('maps WebVTT markup to well-formed TTML: b/i/u styled, other tags dropped, text escaped, lines broken', () => {
    const doc = writeTtmlDocument([cue(0, 1000, '<v Bob><b>bold</b> &amp; <i>it</u>al</i> 1 &lt; 2</v>\nline two')], {
      startMs: 0,
      endMs: 2000,
      relative: false,
      language: 'en',
    });
    expect(doc).toContain(
      '<p begin="00:00:00.000" end="00:00:01.000"><span tts:fontWeight="bold">bold</span> &amp; <span tts:fontStyle="italic">ital</span> 1 &lt; 2<br/>line two</p>',
    );
  });

  it('an empty span is a valid document with no paragraphs', () => {
    const doc = writeTtmlDocument([cue(0, 1000, 'x')], { startMs: 6000, endMs: 8000, relative: false, language: 'en' });
    expect(doc).not.toContain('<p ');
    expect(doc).toMatch(/<div>\n {4}<\/div>/);
  });
});
