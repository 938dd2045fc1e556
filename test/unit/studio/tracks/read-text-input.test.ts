import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextTrackError } from '../../../../packaging-core/index.ts';
import { decodeText, readTextInput, readTextInputText } from '../../../../electron/studio/tracks/read-text-input.ts';
import { readTtml } from '../../../../electron/studio/tracks/read-ttml.ts';

const TTML = `<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
    ttp:frameRate="25" ttp:tickRate="10000000" xml:lang="en">
  <head><styling><style xml:id="s1" tts:color="yellow"/></styling></head>
  <body><div>
    <p begin="00:00:01.250" end="00:00:03.500">Hello <span style="s1">from</span><br/>TTML &amp; IMSC</p>
    <p begin="5.4s" dur="1.8s">Frames &lt;and&gt; ticks</p>
    <p begin="00:00:09:00" end="119990000t">Third cue</p>
  </div></body>
</tt>
`;

const cueTimes = (cues: readonly { startMs: number; endMs: number; text: string }[]) => cues.map((c) => [c.startMs, c.endMs, c.text]);

function expectTextError(fn: () => unknown, message: RegExp, line?: number): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(TextTrackError);
    expect((err as Error).message).toMatch(message);
    expect((err as TextTrackError).line).toBe(line);
    return;
  }
  throw new Error('expected a TextTrackError');
}

describe('TTML / IMSC input', () => {
  it('gives the paragraphs as cues: clock, offset, frame and tick times; spans joined, <br> a line break, markup escaped', () => {
    expect(cueTimes(readTtml(TTML, 'movie.ttml'))).toEqual([
      [1250, 3500, 'Hello from\nTTML &amp; IMSC'],
      [5400, 7200, 'Frames &lt;and&gt; ticks'],
      [9000, 11_999, 'Third cue'],
    ]);
  });

  it('cuts a cue at the asset end; one starting after it is an error naming the file and line', () => {
    expect(cueTimes(readTtml(TTML, 'movie.ttml', 10_000)).at(-1)).toEqual([9000, 10_000, 'Third cue']);
    expectTextError(() => readTtml(TTML, 'movie.ttml', 8000), /^movie\.ttml line 8: the cue "Third cue" starts at 9 s, after the asset ends \(8 s\)/, 8);
  });

  it('a malformed time or broken XML is an error naming the line', () => {
    expectTextError(() => readTtml(TTML.replace('begin="5.4s"', 'begin="5,4s"'), 'bad.ttml'), /^bad\.ttml line 7: Malformed begin value 5,4s/, 7);
    expectTextError(() => readTtml(TTML.replace('TTML &amp; IMSC', 'TTML & IMSC'), 'broken.ttml'), /^broken\.ttml line 6: not well-formed XML: Invalid character in entity name/, 6);
    expectTextError(() => readTtml(TTML.replace('</p>\n    <p begin="5.4s"', '</p></div>\n    <p begin="5.4s"'), 'moved.ttml'), /^moved\.ttml line 7: Parent of <p> element is not <div>/, 7);
  });

  it('is told from WebVTT and SRT by its content', () => {
    expect(readTextInputText(TTML, 'x').format).toBe('ttml');
    expect(readTextInputText('WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n', 'x').format).toBe('webvtt');
    expect(readTextInputText('1\n00:00:01,000 --> 00:00:02,000\nhi\n', 'x').format).toBe('srt');
  });
});

describe('subtitle file bytes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'text-input-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('UTF-8 (BOM dropped), UTF-16 with a BOM, and Windows-1252 SRT all read as the same text', async () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nDéjà vu – “quoted”\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(srt, 'utf16le')]);
    const cp1252 = Buffer.from(srt.replace('–', '\x96').replace('“', '\x93').replace('”', '\x94'), 'latin1');
    for (const [name, bytes] of [['utf8.srt', Buffer.from(`\uFEFF${srt}`)], ['utf16.srt', utf16], ['cp1252.srt', cp1252]] as const) {
      await writeFile(path.join(dir, name), bytes);
      const { format, cues } = await readTextInput(path.join(dir, name));
      expect(format).toBe('srt');
      expect(cues[0]!.text).toBe('Déjà vu – “quoted”');
    }
    expect(decodeText(Buffer.from('plain'))).toBe('plain');
  });

  it('a binary file, a missing file and a broken SRT are errors naming the file', async () => {
    await writeFile(path.join(dir, 'movie.mp4'), Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]));
    await expect(readTextInput(path.join(dir, 'movie.mp4'))).rejects.toThrow(/movie\.mp4 is not a text file/);
    await expect(readTextInput(path.join(dir, 'nope.srt'))).rejects.toThrow(/nope\.srt does not exist/);
    await writeFile(path.join(dir, 'bad.srt'), '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 -> 00:00:04,000\nbad\n');
    await expect(readTextInput(path.join(dir, 'bad.srt'))).rejects.toThrow(/^bad\.srt line 6: expected a timing line/);
  });
});
