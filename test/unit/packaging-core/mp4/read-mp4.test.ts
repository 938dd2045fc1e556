import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrackSamples, readMp4 } from '../../../../packaging-core/mp4/read-mp4.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';
import { ascii, box, bytes, fullBox, hex, u16, u32 } from './box-bytes.ts';

const AVCC = hex('0164001effe1001a6764001eacd940a02ff970110000030001000003003c0f162d9601000468efbcb0');

/** A minimal progressive MP4: one H.264 track of `count` samples of 100 bytes placed at `dataAt`. */
function movie(count: number, dataAt: number, extraMoov: Uint8Array[] = []): Uint8Array {
  const visual = bytes(new Uint8Array(6), u16(1), new Uint8Array(16), u16(640), u16(360), u32(0x480000), u32(0x480000), u32(0), u16(1), new Uint8Array(32), u16(0x18), u16(0xffff));
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), box('avc1', visual, box('avcC', AVCC))),
    fullBox('stts', 0, 0, u32(1), u32(count), u32(512)),
    fullBox('stss', 0, 0, u32(1), u32(1)),
    fullBox('stsz', 0, 0, u32(100), u32(count)),
    fullBox('stsc', 0, 0, u32(1), u32(1), u32(count), u32(1)),
    fullBox('stco', 0, 0, u32(1), u32(dataAt)),
  );
  const mdia = box(
    'mdia',
    fullBox('mdhd', 0, 0, u32(0), u32(0), u32(15360), u32(count * 512), u16(0x55c4), u16(0)),
    fullBox('hdlr', 0, 0, u32(0), ascii('vide'), new Uint8Array(12), [0]),
    box('minf', stbl),
  );
  const trak = box('trak', fullBox('tkhd', 0, 3, u32(0), u32(0), u32(1), u32(0), u32(0), new Uint8Array(60)), mdia);
  return box('moov', fullBox('mvhd', 0, 0, u32(0), u32(0), u32(1000), u32(0), new Uint8Array(80)), trak, ...extraMoov);
}

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'read-mp4-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, data: Uint8Array): Promise<string> {
  await writeFile(file(name), data);
  return file(name);
}

describe('readMp4', () => {
  it('reads a progressive MP4 and its samples', async () => {
    const ftyp = box('ftyp', ascii('isom'), u32(512), ascii('isom'));
    const moovSize = movie(3, 0).length;
    const dataAt = ftyp.length + moovSize + 8;
    const p = await write('ok.mp4', bytes(ftyp, movie(3, dataAt), box('mdat', new Uint8Array(300))));
    const mp4 = await readMp4(p);
    expect(mp4.moov.movieTimescale).toBe(1000);
    const [track] = mp4.moov.tracks;
    expect(track?.handler).toBe('vide');
    expect(track?.entry.config?.codecString).toBe('avc1.64001e');
    const { samples } = loadTrackSamples(mp4, track!);
    expect([...samples.offsets]).toEqual([dataAt, dataAt + 100, dataAt + 200]);
  });

  it('says so when samples lie beyond the end of the file (truncated after moov)', async () => {
    const ftyp = box('ftyp', ascii('isom'), u32(512));
    const dataAt = ftyp.length + movie(3, 0).length + 8;
    const p = await write('cut.mp4', bytes(ftyp, movie(3, dataAt), box('mdat', new Uint8Array(300)).subarray(0, 150)));
    const mp4 = await readMp4(p);
    expect(() => loadTrackSamples(mp4, mp4.moov.tracks[0]!)).toThrow(/cut\.mp4 is truncated: sample 2 of 3/);
  });

  it('rejects a file without moov, naming the boxes it has', async () => {
    const p = await write('nomoov.mp4', bytes(box('ftyp', ascii('isom')), box('mdat', new Uint8Array(10))));
    await expect(readMp4(p)).rejects.toThrow(/nomoov\.mp4 has no moov box \(top-level boxes: ftyp, mdat\)/);
  });

  it('rejects a moov that runs past the end of the file', async () => {
    const p = await write('shortmoov.mp4', bytes(box('ftyp', ascii('isom')), movie(3, 0).subarray(0, 40)));
    await expect(readMp4(p)).rejects.toThrow(/shortmoov\.mp4 is truncated: its moov box/);
  });

  it('names what is wrong with a fragmented MP4 it cannot index (moof without mvex, mvex without moof, a cut moof)', async () => {
    const withMoof = await write('frag.mp4', bytes(box('ftyp', ascii('iso5')), movie(1, 0), box('moof', new Uint8Array(8))));
    await expect(readMp4(withMoof)).rejects.toThrow(/frag\.mp4 is corrupt: it has moof boxes but its moov has no mvex/);
    const withMvex = await write('mvex.mp4', bytes(box('ftyp', ascii('iso5')), movie(1, 0, [box('mvex')])));
    await expect(readMp4(withMvex)).rejects.toThrow(/mvex\.mp4 is corrupt: it is fragmented .* but holds no moof box/);
    const cut = await write('cutmoof.mp4', bytes(box('ftyp', ascii('iso5')), movie(1, 0, [box('mvex')]), box('moof', new Uint8Array(40)).subarray(0, 20)));
    await expect(readMp4(cut)).rejects.toThrow(/cutmoof\.mp4 is truncated: the file ends inside the fragment \(moof\)/);
  });

  it('rejects files that are not MP4 and missing files, as MediaError', async () => {
    const mkv = await write('x.mkv', hex('1a45dfa3a3428681010000000000'));
    await expect(readMp4(mkv)).rejects.toThrow(/x\.mkv is not an MP4 file/);
    await expect(readMp4(file('missing.mp4'))).rejects.toBeInstanceOf(MediaError);
    await expect(readMp4(file('missing.mp4'))).rejects.toThrow(/missing\.mp4 does not exist/);
  });

  it('names an empty track', async () => {
    const p = await write('empty.mp4', bytes(box('ftyp', ascii('isom')), movie(0, 0)));
    const mp4 = await readMp4(p);
    expect(() => loadTrackSamples(mp4, mp4.moov.tracks[0]!)).toThrow(/empty\.mp4 is corrupt: track 1: it has no samples/);
  });

  it('turns a corrupt box inside moov into a MediaError', async () => {
    const bad = movie(3, 0);
    // Corrupt the stts entry count so it claims more entries than the box holds.
    const at = Buffer.from(bad).indexOf('stts') + 8;
    new DataView(bad.buffer, bad.byteOffset).setUint32(at, 9999);
    const p = await write('bad.mp4', bytes(box('ftyp', ascii('isom')), bad));
    const mp4 = await readMp4(p);
    expect(() => loadTrackSamples(mp4, mp4.moov.tracks[0]!)).toThrow(MediaError);
    expect(() => loadTrackSamples(mp4, mp4.moov.tracks[0]!)).toThrow(/bad\.mp4 is corrupt: track 1: 'stts' is too short/);
  });
});
