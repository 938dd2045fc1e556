import type { TransformPlanData } from '../api/contract.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import type { Asset } from '../catalog/types.ts';
import { planLadder } from '../encoding/ladder.ts';
import type { TransformDefinition } from '../encoding/transform-definition.ts';
import { isVideoEncoderName } from '../encoding/video-encoder-names.ts';

/**
 * What an encode of this source with this transform will make, from the encoder's own planning code
 * (planLadder), so the encode dialog shows the ladder the job will really use — rungs capped by the
 * source, dropped rungs and why — and a size from those bitrates.
 */
export function planPreview(asset: Asset, definition: TransformDefinition, encoder: string | undefined): TransformPlanData {
  const media = asset.mediaInfo;
  if (!media) throw new CatalogError('invalid-argument', `"${asset.name}" has no probe to plan from: it is an encoded output, not a source.`);
  const plan = planLadder(definition, media, { zscale: false, ...(encoder !== undefined && isVideoEncoderName(encoder) && { videoEncoder: encoder }) });
  const rungs = (plan.video?.rungs ?? []).map((r) => ({ width: r.width, height: r.height, kbps: r.kbps, maxrateKbps: r.maxrateKbps, profile: r.profile, level: r.level }));
  const audio = plan.audio.map((a) => ({ language: a.language, kbps: a.kbps, channels: a.channels, muxed: a.fileName === null }));
  const muxedAudioKbps = audio.filter((a) => a.muxed).reduce((s, a) => s + a.kbps, 0);
  const totalKbps =
    plan.mode === 'copy'
      ? plan.copies.reduce((s, c) => s + c.kbps, 0)
      : rungs.reduce((s, r) => s + r.kbps + muxedAudioKbps, 0) + audio.filter((a) => !a.muxed).reduce((s, a) => s + a.kbps, 0);
  return {
    mode: plan.mode,
    durationSec: plan.durationSec,
    rungs,
    audio,
    estimatedBytes: Math.round((totalKbps * 1000 * plan.durationSec) / 8),
    warnings: [...plan.warnings],
  };
}
