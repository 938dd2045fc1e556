import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError, openPresentation } from '../../../packaging-core/index.ts';
import { corpusFile } from '../../helpers/corpus.ts';

const FILES = [
  corpusFile('h264_aac_bframes_editlist_exoplayer_sample.mp4'),
  corpusFile('samsung_sef_slowmo_h264_aac12k_trailing_box.mp4'),
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'corrupt-moov-'));
  await writeFile(path.join(dir, 'm.ism'), '<smil><body><video src="f.mp4"/><audio src="f.mp4"/></body></smil>');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('damaged files', () => {
  it('random byte damage inside moov and random truncation give a MediaError or a result, never a crash', async () => {
    let seed = 20261124;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const originals = await Promise.all(FILES.map((f) => readFile(f)));
    const outcomes = { ok: 0, mediaError: 0 };
    for (let i = 0; i < 400; i++) {
      const buf = Buffer.from(originals[i % originals.length]!);
      const moovAt = buf.indexOf('moov') - 4;
      const moovSize = buf.readUInt32BE(moovAt);
      let data: Buffer = buf;
      if (random() < 0.2) {
        data = buf.subarray(0, Math.floor(random() * buf.length));
      } else {
        for (let k = 1 + Math.floor(random() * 4); k > 0; k--) buf[moovAt + Math.floor(random() * moovSize)] = Math.floor(random() * 256);
      }
      await writeFile(path.join(dir, 'f.mp4'), data);
      try {
        await openPresentation(dir, 'm.ism');
        outcomes.ok++;
      } catch (err) {
        if (!(err instanceof MediaError)) throw new Error(`case ${i}: ${(err as Error).message}`, { cause: err });
        outcomes.mediaError++;
      }
    }
    // Both outcomes occur: the damage is real, and harmless damage (e.g. in a name) still opens.
    expect(outcomes.mediaError).toBeGreaterThan(100);
    expect(outcomes.ok).toBeGreaterThan(20);
  });
});
