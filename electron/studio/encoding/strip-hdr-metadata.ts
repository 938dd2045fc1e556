/**
 * Removes HDR mastering-display and content-light-level boxes from an encoded MP4. ffmpeg 5.1 copies the
 * source stream's side data onto every encoded stream, so an HDR10 source tone-mapped to SDR BT.709 would
 * still announce 1000-nit mastering and MaxCLL in `mdcv`/`clli`, and players and TVs would treat the SDR
 * picture as HDR. No ffmpeg 5.1 option drops stream side data, so the boxes are renamed `free` in place
 * (ISO 14496-12 lets a free box stand anywhere and readers skip it): no size or offset changes.
 */
import { open } from 'node:fs/promises';
import { type Box, childBoxes } from '../../../packaging-core/index.ts';

/** ISO (`mdcv`, `clli`) and QuickTime (`SmDm`, `CoLL`) names of the HDR static metadata boxes. */
const HDR_BOXES = new Set(['mdcv', 'clli', 'SmDm', 'CoLL']);
/** Bytes of a VisualSampleEntry before its child boxes (ISO 14496-12 §12.1.3). */
const VISUAL_ENTRY_FIELDS = 78;
/** stsd: version/flags and entry count before the sample entries. */
const STSD_HEADER = 8;
const MAX_MOOV_BYTES = 256 << 20;
const PATH_TO_STSD = ['mdia', 'minf', 'stbl', 'stsd'];

function descend(view: DataView, box: Box, path: readonly string[]): Box | undefined {
  let at: Box | undefined = box;
  for (const type of path) {
    at = at ? childBoxes(view, at.payload, at.end).find((b) => b.type === type) : undefined;
  }
  return at;
}

/** Renames the HDR boxes of every video sample entry in a moov buffer; returns how many. */
export function stripHdrBoxes(moov: Uint8Array): number {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const payload = view.getUint32(0) === 1 ? 16 : 8; // a 64-bit size
  const root: Box = { type: 'moov', start: 0, payload, end: moov.byteLength };
  let renamed = 0;
  for (const trak of childBoxes(view, root.payload, root.end).filter((b) => b.type === 'trak')) {
    const stsd = descend(view, trak, PATH_TO_STSD);
    if (!stsd) continue;
    for (const entry of childBoxes(view, stsd.payload + STSD_HEADER, stsd.end)) {
      if (entry.end - entry.payload < VISUAL_ENTRY_FIELDS) continue;
      let children: Box[];
      try {
        children = childBoxes(view, entry.payload + VISUAL_ENTRY_FIELDS, entry.end);
      } catch {
        continue; // an audio entry's fields do not parse as boxes at the visual offset
      }
      for (const child of children) {
        if (!HDR_BOXES.has(child.type)) continue;
        moov.set([0x66, 0x72, 0x65, 0x65], child.start + 4); // 'free'
        renamed++;
      }
    }
  }
  return renamed;
}

/** Strips the HDR boxes of an MP4 file in place; returns how many boxes were renamed. */
export async function stripHdrMetadata(file: string): Promise<number> {
  const fh = await open(file, 'r+');
  try {
    const size = (await fh.stat()).size;
    let pos = 0;
    const header = Buffer.alloc(16);
    while (pos + 8 <= size) {
      await fh.read(header, 0, 16, pos);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - pos;
      if (boxSize < 8) return 0;
      if (type === 'moov') {
        if (boxSize > MAX_MOOV_BYTES || pos + boxSize > size) return 0;
        const moov = Buffer.alloc(boxSize);
        await fh.read(moov, 0, boxSize, pos);
        const renamed = stripHdrBoxes(moov);
        if (renamed > 0) await fh.write(moov, 0, boxSize, pos);
        return renamed;
      }
      pos += boxSize;
    }
    return 0;
  } finally {
    await fh.close();
  }
}
