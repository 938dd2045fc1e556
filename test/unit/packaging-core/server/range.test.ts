import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../../packaging-core/server/range.ts';

describe('Range header', () => {
  it.each([
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=0-', 1000, { start: 0, end: 999 }],
    ['bytes=500-', 1000, { start: 500, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=-5000', 1000, { start: 0, end: 999 }],
    ['bytes=990-5000', 1000, { start: 990, end: 999 }],
    ['BYTES = 1 - 2', 1000, { start: 1, end: 2 }],
  ])('%s of %d bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each([['bytes=1000-'], ['bytes=5000-6000'], ['bytes=-0']])('%s is unsatisfiable for 1000 bytes', (h) => {
    expect(parseRange(h, 1000)).toBe('unsatisfiable');
  });

  it.each([[undefined], [''], ['items=0-1'], ['bytes=5-1'], ['bytes=0-1,5-9'], ['bytes=-']])(
    '%s is ignored (whole body)',
    (h) => {
      expect(parseRange(h, 1000)).toBeNull();
    },
  );
});
