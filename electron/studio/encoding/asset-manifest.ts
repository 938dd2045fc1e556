/**
 * The `.ism` of an encoded asset (streaming-formats.md §3): every rung as a `video` of one
 * `trackName`, each audio language as its own `audio` track. In interleaved files the audio is
 * MP4 track 2 of the top rung's file; ffmpeg numbers tracks in output-stream order.
 */
import type { IsmDocument, IsmTrackEntry } from '../../../packaging-core/index.ts';
import type { EncodePlan } from './encode-plan.ts';
import { audioTrackName } from './output-names.ts';

export function ismName(plan: EncodePlan): string {
  return `${plan.baseName}.ism`;
}

export function ismcName(plan: EncodePlan): string {
  return `${plan.baseName}.ismc`;
}

/** Measured bitrates (bit/s) by file name; used for copied streams, whose rate no plan sets. */
export type MeasuredBitrates = ReadonlyMap<string, number>;

export function ismDocument(plan: EncodePlan, measured: MeasuredBitrates, clientManifest?: string): IsmDocument {
  const tracks: IsmTrackEntry[] = [];
  if (plan.mode === 'copy') {
    for (const c of plan.copies) {
      const bitrate = measured.get(c.fileName) ?? c.kbps * 1000;
      tracks.push(
        c.kind === 'video'
          ? { kind: 'video', src: c.fileName, bitrate, trackId: 1, trackName: 'video' }
          : {
              kind: 'audio',
              src: c.fileName,
              bitrate,
              trackId: 1,
              trackName: audioTrackName(c.language ?? 'und', c.channels ?? 2, bitrate),
              language: c.language ?? 'und',
            },
      );
    }
  } else {
    for (const r of plan.video?.rungs ?? []) {
      tracks.push({ kind: 'video', src: r.fileName, bitrate: r.kbps * 1000, trackId: 1, trackName: 'video' });
    }
    const topRung = plan.video?.rungs[0];
    for (const a of plan.audio) {
      const src = a.fileName ?? topRung?.fileName;
      if (!src) continue;
      tracks.push({
        kind: 'audio',
        src,
        bitrate: a.kbps * 1000,
        trackId: a.fileName ? 1 : 2,
        trackName: a.trackName,
        language: a.language,
      });
    }
  }
  return { tracks, ...(clientManifest ? { clientManifest } : {}) };
}
