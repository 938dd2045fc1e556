/**
 * Reads the `moof`s of a fragmented MP4 and replaces each track's (empty) moov sample table with the
 * one its fragments give. `mfra`/`sidx` are not needed: the top-level walk already found every moof,
 * and the sample sizes live only in the moofs anyway.
 */
import type { ByteSource } from '../io/byte-source.ts';
import { type Box, BoxFormatError, childBoxes } from './box.ts';
import { FragmentedTrackIndex, fragmentedSampleTable, indexMoof, parseTrex } from './fragment-index.ts';
import type { Moov, Mp4Track } from './parse-moov.ts';

export interface MoofLocation {
  readonly offset: number;
  readonly size: number;
}

/** A moof larger than this is not a real fragment's header (a 20 s 60 fps fragment's is ~10 KB). */
const MAX_MOOF_BYTES = 16 * 1024 * 1024;

function findMvex(moovBytes: Uint8Array): Box | undefined {
  const view = new DataView(moovBytes.buffer, moovBytes.byteOffset, moovBytes.byteLength);
  const [moov] = childBoxes(view, 0, moovBytes.length);
  return moov ? childBoxes(view, moov.payload, moov.end).find((b) => b.type === 'mvex') : undefined;
}

export async function indexFragments(handle: ByteSource, moovBytes: Uint8Array, moov: Moov, moofs: readonly MoofLocation[]): Promise<Moov> {
  const mvex = findMvex(moovBytes);
  if (!mvex) throw new BoxFormatError('it has moof boxes but its moov has no mvex (movie extends) box');
  if (moofs.length === 0) throw new BoxFormatError('it is fragmented (mvex in moov) but holds no moof box: no media');
  const view = new DataView(moovBytes.buffer, moovBytes.byteOffset, moovBytes.byteLength);
  const trex = parseTrex(view, mvex);
  const indexes = new Map(moov.tracks.map((t) => [t.trackId, new FragmentedTrackIndex()]));
  let buffer = new Uint8Array(4096);
  for (const m of moofs) {
    if (m.size > MAX_MOOF_BYTES) throw new BoxFormatError(`the moof at byte ${m.offset} claims ${m.size} bytes`);
    if (buffer.length < m.size) buffer = new Uint8Array(Math.max(m.size, buffer.length * 2));
    const { bytesRead } = await handle.read(buffer, 0, m.size, m.offset);
    if (bytesRead !== m.size) throw new BoxFormatError(`the file ends inside the moof at byte ${m.offset}`);
    indexMoof(buffer.subarray(0, m.size), m.offset, trex, indexes);
  }
  const tracks: Mp4Track[] = moov.tracks.map((t) => {
    const index = indexes.get(t.trackId)!;
    const map = { timescale: t.timescale, movieTimescale: moov.movieTimescale, edits: t.edits };
    return {
      ...t,
      loadSamples: () => {
        try {
          return fragmentedSampleTable(index, map);
        } catch (err) {
          if (err instanceof BoxFormatError) throw new BoxFormatError(`track ${t.trackId}: ${err.message}`);
          throw err;
        }
      },
    };
  });
  return { ...moov, tracks };
}
