import { describe, expect, it } from 'vitest';
import {
  box,
  concat,
  fourcc,
  fullBox,
  u16,
  u24,
  u32,
  u64,
  u8,
  uuidBytes,
} from '../../../../packaging-core/mp4/write-box.ts';
import { hex } from './read-boxes.ts';

describe('fmp4 box writers', () => {
  it('write big-endian integers of each width', () => {
    expect(hex(u8(0x1ff))).toBe('ff');
    expect(hex(u16(0x1234))).toBe('1234');
    expect(hex(u24(0x123456))).toBe('123456');
    expect(hex(u32(0xdeadbeef))).toBe('deadbeef');
    expect(hex(u64(0x1_0000_0005))).toBe('0000000100000005');
    expect(hex(u64(Number.MAX_SAFE_INTEGER))).toBe('001fffffffffffff');
  });

  it('refuses values a 64-bit field would corrupt', () => {
    expect(() => u64(-1)).toThrow(/unsigned 64-bit/);
    expect(() => u64(1.5)).toThrow(/unsigned 64-bit/);
    expect(() => u64(2 ** 53 + 2)).toThrow(/unsigned 64-bit/);
  });

  it('writes four-character codes and rejects other lengths', () => {
    expect(hex(fourcc('moof'))).toBe('6d6f6f66');
    expect(() => fourcc('abc')).toThrow(/4 characters/);
  });

  it('frames a box with its 32-bit size and type', () => {
    expect(hex(box('free', Uint8Array.of(1, 2)))).toBe('0000000a' + '66726565' + '0102');
    expect(hex(box('skip'))).toBe('00000008' + '736b6970');
  });

  it('prefixes a full box payload with version and 24-bit flags', () => {
    expect(hex(fullBox('test', 1, 0x020304, u8(9)))).toBe('0000000d' + '74657374' + '01020304' + '09');
  });

  it('concatenates in order and parses UUIDs', () => {
    expect(hex(concat([u8(1), u16(2), new Uint8Array(0)]))).toBe('010002');
    expect(hex(uuidBytes('6d1d9b05-42d5-44e6-80e2-141daff757b2'))).toBe('6d1d9b0542d544e680e2141daff757b2');
    expect(() => uuidBytes('not-a-uuid')).toThrow(/not a UUID/);
  });
});
