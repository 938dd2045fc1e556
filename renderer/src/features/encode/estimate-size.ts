import type { AssetData, TransformData } from '@contract';

type Definition = TransformData['definition'];
type Media = NonNullable<AssetData['mediaInfo']>;

export interface LadderRow {
  readonly height: number;
  readonly width: number | null;
  readonly kbps: number;
}

/**
 * The rungs a transform would make from this source, sized as the encoder does (width follows the
 * display aspect ratio, rounded to even). Adaptive ladders never exceed the source's height.
 */
export function plannedRungs(definition: Definition, media: Media | null): LadderRow[] {
  const v = media?.video;
  const aspect = v && v.displayHeight > 0 ? v.displayWidth / v.displayHeight : null;
  const rungs = definition.adaptive && v ? definition.video.filter((r) => r.height <= Math.min(v.displayWidth, v.displayHeight)) : definition.video;
  return rungs.map((r) => ({
    height: r.height,
    width: aspect ? Math.round((r.height * aspect) / 2) * 2 : null,
    kbps: r.kbps,
  }));
}

/** How many audio outputs: one per source language when separate, none extra when muxed in. */
export function audioOutputs(definition: Definition, media: Media | null): number {
  if (!definition.audio) return 0;
  const languages = Math.max(1, media?.audio.length ?? 1);
  return definition.interleaved ? 0 : languages;
}

/** Sum of bitrates × duration: what the user asked for, before container overhead. */
export function estimateOutputBytes(definition: Definition, media: Media | null): number | null {
  if (!media || definition.copy) return media && definition.copy ? media.sizeBytes : null;
  const rungs = plannedRungs(definition, media);
  const audioKbps = definition.audio?.kbps ?? 0;
  const perRungAudio = definition.interleaved ? audioKbps : 0;
  const videoKbps = rungs.reduce((s, r) => s + r.kbps + perRungAudio, 0);
  const totalKbps = videoKbps + audioOutputs(definition, media) * audioKbps + (rungs.length === 0 && definition.interleaved ? audioKbps : 0);
  return Math.round((totalKbps * 1000 * media.durationSec) / 8);
}
