/**
 * Finds the CEA-608/708 captions a video carries in its SEI (mp4/cea-captions.ts) by reading the
 * first samples of the top rung when the asset is opened: about two seconds (a GOP or two), enough for
 * any caption-bearing stream (A/53 sends cc_data with every frame, padding included) and a read of a
 * few hundred kB, once per asset version.
 */
import { readSamples } from '../io/read-samples.ts';
import { emptyCaptionScan, finishCaptionScan, scanSampleForCaptions } from '../mp4/cea-captions.ts';
import type { InbandCaptions, MediaTrack } from '../types/media.ts';

const SAMPLES_SCANNED = 60;

export async function findInbandCaptions(track: MediaTrack | undefined): Promise<InbandCaptions | undefined> {
  const config = track?.config;
  if (!track || !config || (config.codec !== 'avc1' && config.codec !== 'hvc1' && config.codec !== 'hev1')) return undefined;
  const count = Math.min(SAMPLES_SCANNED, track.samples.count);
  if (count === 0) return undefined;
  const indices = Uint32Array.from({ length: count }, (_, i) => i);
  const { data, at } = await readSamples(track, indices);
  const scan = emptyCaptionScan();
  for (let k = 0; k < count; k++) {
    const start = at[k]!;
    scanSampleForCaptions(data.subarray(start, start + track.samples.sizes[k]!), config.nalLengthSize, config.codec !== 'avc1', scan);
  }
  finishCaptionScan(scan);
  if (scan.cea608.size === 0 && scan.cea708.size === 0) return undefined;
  return { cea608: [...scan.cea608].sort(), cea708: [...scan.cea708].sort((a, b) => a - b) };
}
