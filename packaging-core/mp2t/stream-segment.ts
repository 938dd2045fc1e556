/**
 * A planned TS segment as a streamed body part: the packets go out in chunks as they are written,
 * each chunk back in the pool once the socket has taken it, the writer waiting while the socket is
 * behind. A segment of any size is served in a few chunks and sample windows of memory.
 */
import { BufferPool } from '../io/buffer-pool.ts';
import type { StreamedPart } from '../types/body.ts';
import type { PacketOutput } from './packetizer.ts';
import { TS_PACKET_SIZE } from './packetizer.ts';
import type { TsSegmentPlan } from './ts-segment.ts';

/**
 * 2,048 packets (376 KiB): a 2 s 1080p segment is three or four socket writes, and the buffers are
 * large enough for the kernel copy to dominate the per-write cost.
 */
export const TS_CHUNK_BYTES = 2048 * TS_PACKET_SIZE;

/**
 * Every chunk is the same size, so any free one fits the next request. A response has at most about
 * four in flight (the socket's queue bound, write-body.ts, and the one being filled); 22 chunks (8 MiB)
 * cover a handful of concurrent streams without allocating.
 */
const chunkPool = new BufferPool({ granule: TS_CHUNK_BYTES, maxFreeBytes: 22 * TS_CHUNK_BYTES });

/** Bytes of chunks kept for the next segments (for memory reports). */
export function idleChunkBytes(): number {
  return chunkPool.idleBytes;
}

/**
 * The plan's bytes, produced when the response is written; closes the plan when done. `slot` (the
 * packager's limit on segments being read and built at once) is released when the write ends, or as
 * soon as it first waits for a slow client: a big segment then goes on outside the limit, so it
 * never holds up everyone else's.
 */
export function streamedTsPart(plan: TsSegmentPlan, slot: () => void = () => undefined): StreamedPart {
  return {
    streamed: true,
    length: plan.size,
    async write(sink) {
      let pending: Promise<void> | undefined;
      const output: PacketOutput = {
        next: () => chunkPool.acquire(TS_CHUNK_BYTES),
        filled(buffer, length) {
          const chunk = buffer as Buffer;
          if (length === 0) return chunkPool.release(chunk);
          pending = sink.push(chunk.subarray(0, length), () => chunkPool.release(chunk));
        },
      };
      try {
        await plan.write(output, () => {
          const wait = pending;
          pending = undefined;
          if (wait) slot();
          return wait;
        });
      } finally {
        slot();
        plan.close();
      }
    },
  };
}
