/**
 * A minimal Smooth Streaming client for codecs no player here decodes in Smooth (dash.js's MSS parser
 * knows only H264/AAC; ffmpeg and GStreamer have no HEVC/Dolby Smooth path). It does what MS-SSTR
 * clients do and nothing of our packager's: reads the client manifest (fast-xml-parser), expands the
 * `c` timeline, fetches every fragment by the manifest's Url template, takes the samples out of each
 * fragment by its `trun` and `mdat`, and rebuilds the elementary stream a decoder takes:
 *  - video: CodecPrivateData (Annex-B parameter sets) then each sample's NAL units, length prefixes
 *    (NALUnitLengthField, default 4) turned into start codes — the raw `.h264`/`.hevc` ffmpeg reads;
 *  - audio: the samples back to back (AC-3/E-AC-3 syncframes: the raw `.ac3`/`.eac3` ffmpeg reads).
 * The tests then decode those with ffmpeg and compare with the source.
 */
import { XMLParser } from 'fast-xml-parser';

export type SmoothNode = Record<string, string | SmoothNode[] | undefined>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['StreamIndex', 'QualityLevel', 'c'].includes(name),
});

export function parseSmoothManifest(xml: string): { root: SmoothNode; streams: SmoothNode[] } {
  const root = parser.parse(xml).SmoothStreamingMedia as SmoothNode;
  return { root, streams: (root.StreamIndex as SmoothNode[] | undefined) ?? [] };
}

/** Fragment start times from the `c` elements (Smooth's r counts every fragment of the run). */
export function chunkTimes(stream: SmoothNode): number[] {
  const times: number[] = [];
  let t = 0;
  for (const c of (stream.c as SmoothNode[] | undefined) ?? []) {
    if (c.t !== undefined) t = Number(c.t);
    for (let k = 0; k < (c.r === undefined ? 1 : Number(c.r)); k++) {
      times.push(t);
      t += Number(c.d);
    }
  }
  return times;
}

interface Box {
  readonly type: string;
  readonly start: number;
  readonly payload: number;
  readonly end: number;
}

function boxes(buf: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  for (let at = from; at + 8 <= to; ) {
    let size = buf.readUInt32BE(at);
    let payload = at + 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(at + 8));
      payload += 8;
    }
    if (size === 0) size = to - at;
    out.push({ type: buf.toString('latin1', at + 4, at + 8), start: at, payload, end: at + size });
    at += size;
  }
  return out;
}

function child(buf: Buffer, parent: Box, type: string): Box {
  const found = boxes(buf, parent.payload, parent.end).find((b) => b.type === type);
  if (!found) throw new Error(`no ${type} in ${parent.type}`);
  return found;
}

const TFXD = '6d1d9b0542d544e680e2141daff757b2';

/** One Smooth fragment's samples (by trun sizes from the data offset, ISO 14496-12 §8.8.8) and its tfxd time. */
export function fragmentSamples(buf: Buffer): { samples: Buffer[]; tfxdTime: number } {
  const moof = boxes(buf, 0, buf.length).find((b) => b.type === 'moof');
  if (!moof) throw new Error('no moof');
  const traf = child(buf, moof, 'traf');
  const tfhd = child(buf, traf, 'tfhd');
  const tfhdFlags = buf.readUInt32BE(tfhd.payload) & 0xffffff;
  let at = tfhd.payload + 8;
  if (tfhdFlags & 0x1) at += 8;
  if (tfhdFlags & 0x2) at += 4;
  if (tfhdFlags & 0x8) at += 4;
  const defaultSize = tfhdFlags & 0x10 ? buf.readUInt32BE(at) : 0;
  const trun = child(buf, traf, 'trun');
  const flags = buf.readUInt32BE(trun.payload) & 0xffffff;
  const count = buf.readUInt32BE(trun.payload + 4);
  let p = trun.payload + 8;
  const dataOffset = flags & 0x1 ? buf.readInt32BE(p) : 0;
  if (flags & 0x1) p += 4;
  if (flags & 0x4) p += 4;
  const samples: Buffer[] = [];
  let offset = moof.start + dataOffset;
  for (let i = 0; i < count; i++) {
    if (flags & 0x100) p += 4;
    let size = defaultSize;
    if (flags & 0x200) {
      size = buf.readUInt32BE(p);
      p += 4;
    }
    if (flags & 0x400) p += 4;
    if (flags & 0x800) p += 4;
    samples.push(buf.subarray(offset, offset + size));
    offset += size;
  }
  const tfxd = boxes(buf, traf.payload, traf.end).find((b) => b.type === 'uuid' && buf.toString('hex', b.payload, b.payload + 16) === TFXD);
  if (!tfxd) throw new Error('no tfxd');
  const version = buf[tfxd.payload + 16];
  const tfxdTime = version === 1 ? Number(buf.readBigUInt64BE(tfxd.payload + 20)) : buf.readUInt32BE(tfxd.payload + 20);
  return { samples, tfxdTime };
}

/** Length-prefixed NAL units → Annex B. */
export function toAnnexB(sample: Buffer, lengthSize: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < sample.length; ) {
    let size = 0;
    for (let k = 0; k < lengthSize; k++) size = size * 256 + sample[at + k]!;
    at += lengthSize;
    parts.push(Buffer.from([0, 0, 0, 1]), sample.subarray(at, at + size));
    at += size;
  }
  return Buffer.concat(parts);
}

/**
 * Fetches one quality level of one StreamIndex the way a Smooth client does and returns the
 * elementary stream, the fragment times the tfxd boxes carry and the QualityLevel element.
 */
export async function fetchSmoothTrack(
  manifestUrl: string,
  stream: SmoothNode,
  qualityIndex = 0,
): Promise<{ elementary: Buffer; tfxdTimes: number[]; manifestTimes: number[]; level: SmoothNode }> {
  const level = (stream.QualityLevel as SmoothNode[])[qualityIndex]!;
  const base = manifestUrl.replace(/\/manifest(\(.*\))?$/i, '');
  const manifestTimes = chunkTimes(stream);
  const parts: Buffer[] = [];
  const video = stream.Type === 'video';
  if (video) parts.push(Buffer.from(String(level.CodecPrivateData), 'hex'));
  const lengthSize = level.NALUnitLengthField === undefined ? 4 : Number(level.NALUnitLengthField);
  const tfxdTimes: number[] = [];
  for (const t of manifestTimes) {
    const url = `${base}/${String(stream.Url).replace('{bitrate}', String(level.Bitrate)).replace('{start time}', String(t))}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    const { samples, tfxdTime } = fragmentSamples(Buffer.from(await res.arrayBuffer()));
    tfxdTimes.push(tfxdTime);
    for (const s of samples) parts.push(video ? toAnnexB(s, lengthSize) : s);
  }
  return { elementary: Buffer.concat(parts), tfxdTimes, manifestTimes, level };
}
