import type { Presentation, PresentationTrack } from '../types/media.ts';

function trackBytes(t: PresentationTrack): number {
  const s = t.samples;
  let bytes = s.offsets.byteLength + s.sizes.byteLength + s.dts.byteLength + s.cto.byteLength;
  bytes += s.durations.byteLength + s.sync.byteLength;
  bytes += t.fragments.firstSample.byteLength + t.fragments.startTicks.byteLength;
  const c = t.config;
  if (c.codec === 'avc1') bytes += c.avcC.byteLength * 2;
  else if (c.codec === 'mp4a') bytes += c.audioSpecificConfig.byteLength;
  else bytes += c.sampleEntry.byteLength;
  return bytes;
}

/** Memory a cached presentation holds, dominated by its typed arrays (objects counted roughly). */
export function presentationBytes(p: Presentation): number {
  let bytes = 1024;
  for (const t of [...p.video, ...p.audio]) bytes += trackBytes(t) + 512;
  return bytes;
}
