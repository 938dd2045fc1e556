/**
 * A planned TS segment as a streamed body part: the packets go out in chunks as they are written,
 * each chunk back in the pool once the socket has taken it, the writer waiting while the socket is
 * behind. A segment of any size is served in a few chunks and sample windows of memory.
 */
import { SHARED_GRANULE } from '../io/buffer-pool.ts';
import { byteArena } from '../io/copy-arena.ts';
import type { StreamedPart } from '../types/body.ts';
import type { PacketOutput } from './packetizer.ts';
import { TS_PACKET_SIZE } from './packetizer.ts';
import type { TsSegmentPlan } from './ts-segment.ts';

/**
 * The whole packets that fit one buffer of the shared pool (1,394 packets, 256 KiB less 112 bytes): a
 * 2 s 1080p segment is five socket writes, large enough for the kernel copy to dominate each.
 */
export const TS_CHUNK_BYTES = Math.floor(SHARED_GRANULE / TS_PACKET_SIZE) * TS_PACKET_SIZE;

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
      // Chunks come from the byte arena, where the samples are: the packetizer then copies with
      // WebAssembly (copy-arena.ts). Each goes back once the socket is done with it, sent or dropped.
      const chunkPool = byteArena();
      let pending: Promise<void> | undefined;
      /** The pool's buffer behind each chunk handed to the writer and not yet pushed. */
      const pooled = new Map<Uint8Array, Buffer>();
      const output: PacketOutput = {
        next() {
          const buffer = chunkPool.acquire(TS_CHUNK_BYTES);
          const chunk = buffer.subarray(0, TS_CHUNK_BYTES);
          pooled.set(chunk, buffer);
          return chunk;
        },
        filled(chunk, length) {
          const buffer = pooled.get(chunk)!;
          pooled.delete(chunk);
          if (length === 0) return chunkPool.release(buffer);
          pending = sink.push(chunk.subarray(0, length), () => chunkPool.release(buffer));
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
        // A write stopped midway (the client went away) leaves the chunk it was filling.
        for (const buffer of pooled.values()) chunkPool.release(buffer);
        slot();
        plan.close();
      }
    },
  };
}
