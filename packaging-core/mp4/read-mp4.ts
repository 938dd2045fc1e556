import { openByteSource } from '../io/byte-source.ts';
import path from 'node:path';
import { MediaError } from '../types/errors.ts';
import type { SampleTable } from '../types/media.ts';
import { BoxFormatError } from './box.ts';
import { type Moov, type Mp4Track, parseMoov } from './parse-moov.ts';
import { indexFragments, type MoofLocation } from './read-fragments.ts';

export interface Mp4File {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** The ETag of a blob (absent for files). */
  readonly etag?: string;
  readonly moov: Moov;
}

interface TopLevelBox {
  readonly type: string;
  readonly offset: number;
  readonly size: number;
}

const HEADER_BYTES = 16;
/** A moov larger than this is not a real file's index (a 24 h, 60 fps rung is ~60 MB). */
const MAX_MOOV_BYTES = 512 * 1024 * 1024;

function isFourcc(bytes: Uint8Array): boolean {
  return bytes.every((b) => b >= 0x20 && b <= 0x7e);
}

function describe(file: string): string {
  return path.basename(file);
}

/**
 * Reads an MP4's index: walks the top-level boxes with 16-byte reads and reads `moov` whole; the media
 * data is never read. Every problem becomes a MediaError naming the file.
 */
export async function readMp4(file: string): Promise<Mp4File> {
  const name = describe(file);
  let handle;
  try {
    handle = await openByteSource(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be opened (${code ?? (err as Error).message})`;
    throw new MediaError(`${name} ${why}`, file);
  }
  try {
    const stat = await handle.stat();
    const size = stat.size;
    const header = new Uint8Array(HEADER_BYTES);
    const boxes: TopLevelBox[] = [];
    const moofs: MoofLocation[] = [];
    let moov: TopLevelBox | undefined;
    for (let at = 0; at + 8 <= size; ) {
      const { bytesRead } = await handle.read(header, 0, HEADER_BYTES, at);
      const view = new DataView(header.buffer, 0, bytesRead);
      let boxSize = view.getUint32(0);
      const typeBytes = header.subarray(4, 8);
      if (!isFourcc(typeBytes)) {
        if (at === 0) throw new MediaError(`${name} is not an MP4 file (no ISO BMFF box at its start)`, file);
        throw new MediaError(`${name} is corrupt: unreadable box header at byte ${at}`, file);
      }
      const type = String.fromCharCode(...typeBytes);
      if (boxSize === 1) {
        if (bytesRead < 16) throw new MediaError(`${name} is truncated inside the '${type}' box header at byte ${at}`, file);
        boxSize = Number(view.getBigUint64(8));
      } else if (boxSize === 0) {
        boxSize = size - at;
      }
      if (boxSize < 8) throw new MediaError(`${name} is corrupt: box '${type}' at byte ${at} has size ${boxSize}`, file);
      const overruns = at + boxSize > size;
      if (type === 'moof') {
        if (overruns) throw new MediaError(`${name} is truncated: the file ends inside the fragment (moof) at byte ${at}`, file);
        moofs.push({ offset: at, size: boxSize });
      }
      if (type === 'moov') {
        if (overruns) throw new MediaError(`${name} is truncated: its moov box needs ${boxSize} bytes at byte ${at} but the file ends at ${size}`, file);
        moov = { type, offset: at, size: boxSize };
      }
      boxes.push({ type, offset: at, size: boxSize });
      // A box running past the end (e.g. an mdat whose size is too large) ends the walk; the
      // sample offsets are checked against the real file size later.
      if (overruns) break;
      at += boxSize;
    }
    if (!moov) {
      const seen = boxes.map((b) => b.type).join(', ') || 'none';
      throw new MediaError(`${name} has no moov box (top-level boxes: ${seen}): the file is incomplete or not a progressive MP4`, file);
    }
    if (moov.size > MAX_MOOV_BYTES) throw new MediaError(`${name} has an implausibly large moov box (${moov.size} bytes)`, file);
    const bytes = new Uint8Array(moov.size);
    const { bytesRead } = await handle.read(bytes, 0, moov.size, moov.offset);
    if (bytesRead !== moov.size) throw new MediaError(`${name} is truncated inside its moov box`, file);
    let parsed: Moov;
    try {
      parsed = parseMoov(bytes);
    } catch (err) {
      throw asMediaError(err, file);
    }
    // Fragmented (CMAF, ISMV/ISMA, live archives): the samples are indexed from the moofs instead.
    if (parsed.fragmented || moofs.length > 0) {
      try {
        parsed = await indexFragments(handle, bytes, parsed, moofs);
      } catch (err) {
        throw asMediaError(err, file);
      }
    }
    return { path: file, size, mtimeMs: stat.mtimeMs, ...(stat.etag !== undefined && { etag: stat.etag }), moov: parsed };
  } finally {
    await handle.close();
  }
}

function asMediaError(err: unknown, file: string): MediaError {
  if (err instanceof MediaError) return err;
  if (err instanceof BoxFormatError || err instanceof RangeError) {
    return new MediaError(`${describe(file)} is corrupt: ${err.message}`, file);
  }
  throw err;
}

/**
 * Expands a track's sample table and checks that every sample lies inside the file: a file cut after
 * its moov (an interrupted copy) is caught here, not when a segment request reads past the end.
 */
export function loadTrackSamples(mp4: Mp4File, track: Mp4Track): { samples: SampleTable; duration: number } {
  let loaded;
  try {
    loaded = track.loadSamples();
  } catch (err) {
    throw asMediaError(err, mp4.path);
  }
  const { offsets, sizes, count } = loaded.samples;
  for (let i = 0; i < count; i++) {
    const end = offsets[i]! + sizes[i]!;
    if (end > mp4.size) {
      throw new MediaError(
        `${describe(mp4.path)} is truncated: sample ${i + 1} of ${count} of track ${track.trackId} ends at byte ${end} but the file has ${mp4.size} bytes`,
        mp4.path,
      );
    }
  }
  return loaded;
}
