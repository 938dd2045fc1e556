import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { abrFixture } from '../helpers/fixtures.ts';
import { ffprobeBin, mustRun } from '../helpers/run-process.ts';

async function probeJson(file: string, extra: string[]): Promise<any> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', ...extra, `file:${file}`]);
  return JSON.parse(r.stdout.toString('utf8'));
}

describe('fixture generator', () => {
  it('makes an AMS-style ABR set that ffprobe confirms: rungs, B-frames, aligned closed GOPs, languages', async () => {
    const fx = await abrFixture();
    expect(fx.videoFiles).toHaveLength(3);
    let keyframeTimes: string | undefined;
    for (const v of fx.videoFiles) {
      const s = await probeJson(v.file, ['-show_streams']);
      expect(s.streams).toHaveLength(1); // video only: audio lives in its own files
      const [st] = s.streams;
      expect([st.codec_name, st.width, st.height]).toEqual(['h264', v.rung.width, v.rung.height]);
      expect(st.has_b_frames).toBeGreaterThan(0);
      expect(Number(st.bit_rate)).toBeGreaterThan(v.bitrate * 0.7);
      expect(Number(st.bit_rate)).toBeLessThan(v.bitrate * 1.3);
      const p = await probeJson(v.file, ['-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags']);
      const keys = p.packets.filter((k: any) => k.flags.startsWith('K')).map((k: any) => Number(k.pts_time));
      expect(keys).toEqual([0, 2, 4, 6, 8, 10, 12]);
      keyframeTimes ??= JSON.stringify(keys);
      expect(JSON.stringify(keys)).toBe(keyframeTimes);
    }
    for (const a of fx.audioFiles) {
      const s = await probeJson(a.file, ['-show_streams']);
      expect(s.streams).toHaveLength(1);
      expect(s.streams[0].codec_name).toBe('aac');
      expect(s.streams[0].tags.language).toBe(a.language);
      expect(Number(s.streams[0].duration)).toBeCloseTo(13, 0);
    }
    expect(fx.audioFiles.map((a) => a.language)).toEqual(['eng', 'fra']);
    const ism = await readFile(path.join(fx.folder, fx.ismName), 'utf8');
    expect(ism).toContain('systemLanguage="fra"');
    expect(ism.match(/<video /g)).toHaveLength(3);
  });

  it('keeps the duration off the GOP grid so the last fragment is short', async () => {
    const fx = await abrFixture();
    const f = await probeJson(fx.videoFiles[0]!.file, ['-show_format']);
    expect(Number(f.format.duration) % 2).toBeGreaterThan(0.5);
  });
});
