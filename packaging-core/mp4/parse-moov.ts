import type { SampleTable } from '../types/media.ts';
import { type Box, BoxFormatError, childBoxes, findChild, findPath, requireChild } from './box.ts';
import { parseChunkOffsets } from './chunk-offsets.ts';
import { parseCtts } from './ctts.ts';
import { type EditEntry, parseElst } from './elst.ts';
import { parseHdlr } from './hdlr.ts';
import { parseMdhd } from './mdhd.ts';
import { parseMvhdTimescale } from './mvhd.ts';
import { parseStsd, type SampleEntry } from './sample-entry.ts';
import { buildSampleTable } from './sample-table.ts';
import { parseStsc } from './stsc.ts';
import { parseStss } from './stss.ts';
import { parseStsz } from './stsz.ts';
import { parseStts } from './stts.ts';
import { parseTkhd } from './tkhd.ts';

export interface Mp4Track {
  readonly trackId: number;
  /** hdlr handler type: `vide`, `soun`, ... */
  readonly handler: string;
  readonly timescale: number;
  readonly language: string;
  /** The first sample description, or why it could not be read. */
  readonly entry: SampleEntry | { readonly format: string; readonly codecName: string; readonly config: undefined; readonly unsupported: string };
  /**
   * Expands the sample table on demand: tracks nobody packages (chapters, metadata, the second
   * video of a motion photo) cost nothing and cannot fail the asset.
   */
  readonly loadSamples: () => { samples: SampleTable; duration: number };
  /** The edit list (a fragmented track's samples are indexed from its moofs, then edited alike). */
  readonly edits: readonly EditEntry[];
}

export interface Moov {
  readonly movieTimescale: number;
  /** `mvex` present: the samples live in movie fragments, not in this moov. */
  readonly fragmented: boolean;
  readonly tracks: readonly Mp4Track[];
}

function parseTrak(view: DataView, trak: Box, movieTimescale: number): Mp4Track {
  const tkhd = parseTkhd(view, requireChild(view, trak, 'tkhd'));
  const mdia = requireChild(view, trak, 'mdia');
  const mdhd = parseMdhd(view, requireChild(view, mdia, 'mdhd'));
  const hdlrBox = findChild(view, mdia, 'hdlr');
  const handler = hdlrBox ? parseHdlr(view, hdlrBox) : '';
  const stbl = findPath(view, mdia, ['minf', 'stbl']);
  if (!stbl) throw new BoxFormatError(`track ${tkhd.trackId} has no sample table (minf/stbl)`);
  const stsdBox = requireChild(view, stbl, 'stsd');
  let entry: Mp4Track['entry'];
  try {
    entry = parseStsd(view, stsdBox);
  } catch (err) {
    entry = { format: '?', codecName: 'unreadable', config: undefined, unsupported: (err as Error).message };
  }
  const elstBox = findPath(view, trak, ['edts', 'elst']);
  const edits = elstBox ? parseElst(view, elstBox) : [];
  const loadSamples = () => {
    try {
      return expandSamples();
    } catch (err) {
      if (err instanceof BoxFormatError) throw new BoxFormatError(`track ${tkhd.trackId}: ${err.message}`);
      throw err;
    }
  };
  const expandSamples = () => {
    const kids = childBoxes(view, stbl.payload, stbl.end);
    const get = (type: string) => kids.find((b) => b.type === type);
    const sizesBox = get('stsz') ?? get('stz2');
    const offsetsBox = get('stco') ?? get('co64');
    if (!sizesBox) throw new BoxFormatError(`track ${tkhd.trackId} has no stsz box`);
    if (!offsetsBox) throw new BoxFormatError(`track ${tkhd.trackId} has no stco/co64 box`);
    const cttsBox = get('ctts');
    const stssBox = get('stss');
    return buildSampleTable(
      {
        sizes: parseStsz(view, sizesBox),
        stts: parseStts(view, requireChild(view, stbl, 'stts')),
        ctts: cttsBox ? parseCtts(view, cttsBox) : undefined,
        stss: stssBox ? parseStss(view, stssBox) : undefined,
        stsc: parseStsc(view, requireChild(view, stbl, 'stsc')),
        chunkOffsets: parseChunkOffsets(view, offsetsBox),
      },
      { timescale: mdhd.timescale, movieTimescale, edits },
    );
  };
  if (mdhd.timescale === 0) throw new BoxFormatError(`track ${tkhd.trackId} has a zero timescale in mdhd`);
  return { trackId: tkhd.trackId, handler, timescale: mdhd.timescale, language: mdhd.language, entry, loadSamples, edits };
}

/** Parses a whole `moov` box (header included) read into memory. */
export function parseMoov(bytes: Uint8Array): Moov {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [moov] = childBoxes(view, 0, bytes.length);
  if (moov?.type !== 'moov') throw new BoxFormatError('expected a moov box');
  const kids = childBoxes(view, moov.payload, moov.end);
  const mvhd = kids.find((b) => b.type === 'mvhd');
  const movieTimescale = mvhd ? parseMvhdTimescale(view, mvhd) : 0;
  return {
    movieTimescale,
    fragmented: kids.some((b) => b.type === 'mvex'),
    tracks: kids.filter((b) => b.type === 'trak').map((trak) => parseTrak(view, trak, movieTimescale)),
  };
}
