import { describe, expect, it } from 'vitest';
import { PackagedTexts } from '../../../../packaging-core/packager/packaged-texts.ts';
import type { Presentation } from '../../../../packaging-core/types/media.ts';

describe('PackagedTexts (the manifest cache)', () => {
  it('writes a text once per presentation and tag', () => {
    const texts = new PackagedTexts<string>(1 << 20, (t) => t.length);
    const p = {} as Presentation;
    let writes = 0;
    const write = () => `text ${++writes}`;
    expect(texts.get(p, 'mpd', write)).toBe('text 1');
    expect(texts.get(p, 'mpd', write)).toBe('text 1');
    expect(texts.get(p, 'm3u8', write)).toBe('text 2');
    expect(texts.get({} as Presentation, 'mpd', write)).toBe('text 3'); // another presentation (asset changed, filter)
  });

  it('keeps at most maxBytes of texts across presentations, least recently used out first', () => {
    // Each text is 6 bytes ("text N"): room for two.
    const texts = new PackagedTexts<string>(12, (t) => t.length);
    const p = {} as Presentation;
    let writes = 0;
    const write = () => `text ${++writes}`;
    texts.get(p, 'a', write); // 1
    texts.get(p, 'b', write); // 2
    texts.get(p, 'a', write); // hit: a is the most recent
    texts.get(p, 'c', write); // 3, evicts b
    expect(texts.get(p, 'a', write)).toBe('text 1');
    expect(texts.get(p, 'b', write)).toBe('text 4');
    expect(texts.bytes).toBe(12);
    texts.get({} as Presentation, 'a', write); // another presentation's text evicts the least recent, c
    expect(texts.get(p, 'b', write)).toBe('text 4');
    expect(texts.get(p, 'c', write)).toBe('text 6');
  });

  it('does not keep a failed write', () => {
    const texts = new PackagedTexts<string>(1 << 20, (t) => t.length);
    const p = {} as Presentation;
    expect(() =>
      texts.get(p, 'a', () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(texts.get(p, 'a', () => 'ok')).toBe('ok');
  });
});
