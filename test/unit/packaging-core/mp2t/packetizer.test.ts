import { describe, expect, it } from 'vitest';
import {
  TsPacketWriter,
  adaptationFieldSize,
  pesPacketCount,
} from '../../../../packaging-core/mp2t/packetizer.ts';
import { parsePacket, parseTs } from './parse-ts.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Writes PESes of the given lengths (fake bytes after a fake PES start code) and returns the packets. */
function write(pes: { pid: number; length: number; pcr?: number; rai?: boolean }[]): Uint8Array {
  const count = pes.reduce(
    (n, p) => n + pesPacketCount(p.length, adaptationFieldSize(p.pcr !== undefined, p.rai === true)),
    0,
  );
  const w = new TsPacketWriter(Buffer.alloc(count * 188));
  for (const p of pes) {
    w.startPes(p.pid, p.length, p.pcr ?? -1, p.rai === true);
    const body = Buffer.alloc(p.length, 0xab);
    body.set([0, 0, 1, 0xe0, 0, 0, 0x80, 0, 0]);
    // Written in uneven pieces, as Annex B writing does.
    for (let s = 0; s < p.length; s += 97) w.bytes(body, s, Math.min(p.length, s + 97));
  }
  return w.finish();
}

describe('TS packetizer', () => {
  it('pads a short PES with adaptation-field stuffing in its only packet', () => {
    const ts = write([{ pid: 0x100, length: 100 }]);
    expect(ts.length).toBe(188);
    expect(hex(ts.subarray(0, 6))).toBe('474100305300'); // PUSI, PID 0x100, AF+payload, CC 0; AF 83 bytes, no flags
    expect(ts.subarray(6, 88).every((b) => b === 0xff)).toBe(true);
    expect(hex(ts.subarray(88, 91))).toBe('000001');
  });

  it('stuffs with a lone zero length byte when one byte is missing, and not at all when full', () => {
    const one = write([{ pid: 0x100, length: 183 }]);
    expect(hex(one.subarray(0, 8))).toBe('4741003000000001');
    const full = write([{ pid: 0x100, length: 184 }]);
    expect(hex(full.subarray(0, 7))).toBe('47410010000001');
    const spill = write([{ pid: 0x100, length: 185 }]);
    expect(spill.length).toBe(376);
    expect(hex(spill.subarray(188, 193))).toBe('47010031b6'); // no PUSI, CC 1, 182-byte AF
    expect(spill[375]).toBe(0xab);
  });

  it('puts PCR and random_access_indicator in the first packet only', () => {
    const ts = write([{ pid: 0x100, length: 1000, pcr: 2 ** 33 + 894000 - 63000, rai: true }]);
    const first = parsePacket(ts, 0);
    expect([first.randomAccess, first.pcr, first.adaptationLength]).toEqual([true, 831000, 7]);
    expect(hex(ts.subarray(4, 12))).toBe('0750' + '0006570c7e00');
    // Bit 32 of the base lands in the top bit of the first byte, bit 0 in the top bit of the fifth.
    const high = write([{ pid: 0x100, length: 10, pcr: 2 ** 32 + 5 }]);
    expect(hex(high.subarray(4, 12))).toBe('ad10' + '80000002fe00'); // AF: 184 − 10 payload − 1 = 173;
    for (let i = 1; i < ts.length / 188; i++) expect(parsePacket(ts, i).pcr).toBeUndefined();
  });

  it('keeps one continuity counter per PID, wrapping at 16, and counts packets exactly', () => {
    const pes = [
      { pid: 0x100, length: 3000, pcr: 1000, rai: true },
      { pid: 0x101, length: 500, rai: true },
      { pid: 0x100, length: 184 * 5 - 8 },
      { pid: 0x101, length: 20 },
    ];
    const ts = write(pes);
    const parsed = parseTs(ts); // throws on a counter error
    const video = parsed.packets.filter((p) => p.pid === 0x100);
    expect(video.map((p) => p.cc).slice(15, 19)).toEqual([15, 0, 1, 2]);
    const lengths = (list: number[]): number[] => list.sort((a, b) => a - b);
    expect(lengths(parsed.pes.map((p) => p.data.length + 9))).toEqual(lengths(pes.map((p) => p.length)));
    expect(video.length).toBe(pesPacketCount(3000, 8) + pesPacketCount(184 * 5 - 8, 0));
    expect(pesPacketCount(184 * 5 - 8, 0)).toBe(5);
  });

  it('PCR-only packets repeat the counter and fill the packet with the adaptation field', () => {
    const w = new TsPacketWriter(Buffer.alloc(3 * 188));
    w.startPes(0x100, 184, -1, false);
    w.bytes(Buffer.alloc(184), 0, 184);
    w.pcrOnly(0x100, 9000);
    w.startPes(0x100, 184, -1, false);
    w.bytes(Buffer.alloc(184), 0, 184);
    const ts = w.finish();
    expect(hex(ts.subarray(188, 200))).toBe('47010020b710000011947e00');
    expect([parsePacket(ts, 1).cc, parsePacket(ts, 2).cc]).toEqual([0, 1]);
  });

  it('refuses to write more or less than announced', () => {
    const w = new TsPacketWriter(Buffer.alloc(188));
    w.startPes(0x100, 10, -1, false);
    expect(() => w.bytes(Buffer.alloc(11), 0, 11)).toThrow(/more bytes/);
    const short = new TsPacketWriter(Buffer.alloc(188));
    short.startPes(0x100, 10, -1, false);
    short.bytes(Buffer.alloc(5), 0, 5);
    expect(() => short.finish()).toThrow(/5 bytes short/);
    const unfilled = new TsPacketWriter(Buffer.alloc(376));
    unfilled.startPes(0x100, 10, -1, false);
    unfilled.bytes(Buffer.alloc(10), 0, 10);
    expect(() => unfilled.finish()).toThrow(/wrote 188 of 376 bytes/);
  });
});
