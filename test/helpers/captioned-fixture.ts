/**
 * The ABR fixture with captions, as the caption suites (origin and players) serve it: a copy of the
 * fixture (its own folder is shared by every test) with an English WebVTT text track, marked default,
 * added to its .ism as a <textstream>.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReadCue } from './ffmpeg-cues.ts';
import { abrFixture, type AbrFixture } from './fixtures.ts';

/** The track's cues. TS segments are 3 × 2 s fragments: 6 s is a boundary, the second cue straddles it. */
export const CAPTION_CUES: readonly ReadCue[] = [
  { startMs: 1250, endMs: 3500, text: 'Hello from the origin' },
  { startMs: 5400, endMs: 7200, text: 'Across the boundary' },
  { startMs: 9001, endMs: 11_999, text: 'Third cue' },
];

/** The track's file, next to the .ism. */
export const CAPTIONS_FILE = 'subs_eng.vtt';

const stamp = (ms: number): string => new Date(ms).toISOString().slice(11, 23);
export const CAPTIONS_VTT = `WEBVTT\n\n${CAPTION_CUES.map((c) => `${stamp(c.startMs)} --> ${stamp(c.endMs)}\n${c.text}\n`).join('\n')}`;

/** The fixture, its `folder` the captioned copy: a temp folder named from `prefix` (the caller removes it). */
export async function captionedFixture(prefix: string): Promise<AbrFixture> {
  const fx = await abrFixture();
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await cp(fx.folder, dir, { recursive: true });
  await writeFile(path.join(dir, CAPTIONS_FILE), CAPTIONS_VTT);
  const ismPath = path.join(dir, fx.ismName);
  const ism = await readFile(ismPath, 'utf8');
  const text = `      <textstream src="${CAPTIONS_FILE}" systemBitrate="1000" systemLanguage="eng">\n        <param name="trackName" value="English" valuetype="data"/>\n        <param name="default" value="true" valuetype="data"/>\n      </textstream>\n    </switch>`;
  await writeFile(ismPath, ism.replace('</switch>', text));
  return { ...fx, folder: dir };
}
