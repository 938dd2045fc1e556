import { describe, expect, it } from 'vitest';
import { audioFileName, sanitizeBaseName, uniqueNames, videoFileName } from '../../../../electron/studio/encoding/output-names.ts';

describe('output names (encoding.md §1.4)', () => {
  it('sanitizes the base name to ASCII-safe, ≤ 32 characters', () => {
    expect(sanitizeBaseName('/in/my clip – été 😀.mp4')).toBe('my_clip_ete');
    expect(sanitizeBaseName('C:clip:1.mov')).toBe('C_clip_1');
    expect(sanitizeBaseName('/a/-rf.mp4')).toBe('rf');
    expect(sanitizeBaseName('/a/a.very.long.name.with.many.parts.that.goes.on.mp4')).toBe('a_very_long_name_with_many_parts');
    expect(sanitizeBaseName('/a/a.very.long.name.with.many.parts.that.goes.on.mp4').length).toBeLessThanOrEqual(32);
    expect(sanitizeBaseName('/a/日本語.mp4')).toBe('media');
    expect(sanitizeBaseName('/a/con.mp4')).toBe('con_');
    expect(sanitizeBaseName('/a/LPT1.mkv')).toBe('LPT1_');
  });

  it('builds AMS-shaped names', () => {
    expect(videoFileName('movie', 1280, 720, 3520, false)).toBe('movie_1280x720_3520.mp4');
    expect(videoFileName('movie', 1280, 720, 3400, true)).toBe('movie_1280x720_AACAudio_3400.mp4');
    expect(audioFileName('movie', 'fra', 128)).toBe('movie_AACAudio_fra_128.mp4');
  });

  it('makes colliding names unique, case-insensitively', () => {
    expect(uniqueNames(['a.mp4', 'b.mp4', 'A.mp4', 'a.mp4'])).toEqual(['a.mp4', 'b.mp4', 'A_2.mp4', 'a_3.mp4']);
  });
});
