/**
 * The lines an encode writes into its job's log about its own steps (plan, command, verification),
 * beside ffmpeg's output, so a log read alone says what was asked, what ran and what came out.
 */
import type { MediaInfo } from '../media/media-info.ts';
import type { EncodePlan } from './encode-plan.ts';
import type { ProbedOutput } from './probe-output.ts';

/** A line the studio itself writes into a job's log (ffmpeg's own lines are kept as they are). */
export const studioLine = (text: string): string => `[studio] ${text}`;

const kbps = (bitrate: number | null | undefined): string => (bitrate ? `${Math.round(bitrate / 1000)} kb/s` : '? kb/s');

export function describePlan(plan: EncodePlan): string[] {
  const lines = [`plan: ${plan.transform}, ${plan.mode}, ${plan.durationSec.toFixed(2)} s, ${plan.outputFiles.length} file(s), estimate ${(plan.estimatedBytes / 1e6).toFixed(1)} MB`];
  const v = plan.video;
  if (v) {
    lines.push(
      `plan: video ${v.encoder ?? 'libx264'}, ${(v.frameRate.num / v.frameRate.den).toFixed(3)} fps, GOP ${v.gopFrames} frames (${v.gopSec} s), complexity ${v.complexity}${v.preFilters.length > 0 ? `, filters ${v.preFilters.join(',')}` : ''}`,
    );
    for (const r of v.rungs) lines.push(`plan: rung ${r.width}x${r.height} ${r.kbps} kb/s (max ${r.maxrateKbps}) ${r.profile}@${r.level} → ${r.fileName}`);
  }
  for (const a of plan.audio) lines.push(`plan: audio ${a.language} ${a.kbps} kb/s ${a.channels} ch ${a.sampleRate} Hz → ${a.fileName ?? 'muxed into every video file'}`);
  for (const c of plan.copies) lines.push(`plan: copy ${c.kind} stream ${c.sourceIndex} → ${c.fileName}`);
  for (const w of plan.warnings) lines.push(`plan: note: ${w}`);
  return lines;
}

export function describeOutput(name: string, p: ProbedOutput): string {
  const parts = [`${name}: ${(p.sizeBytes / 1e6).toFixed(2)} MB`, `${p.durationSec?.toFixed(3) ?? '?'} s`];
  if (p.video) parts.push(`video ${p.video.width ?? '?'}x${p.video.height ?? '?'} ${kbps(p.video.bitrate)}`, `${p.keyframesSec.length} keyframes`);
  for (const a of p.audio) parts.push(`audio ${kbps(a.bitrate)}`);
  return parts.join(', ');
}

/** The argument list as one POSIX shell line (copy-pasteable to rerun by hand). */
export function shellQuote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function describeMedia(m: MediaInfo): string {
  const parts = [`${m.container}`, `${m.durationSec.toFixed(3)} s`, kbps(m.bitrate)];
  const v = m.video;
  if (v) {
    parts.push(
      `video ${v.codec}${v.profile ? ` ${v.profile}` : ''} ${v.displayWidth}x${v.displayHeight} ${v.frameRate.toFixed(3)} fps${v.variableFrameRate ? ' (VFR)' : ''} ${v.pixelFormat}${v.hdr ? ` HDR ${v.hdr}` : ''}${v.interlaced ? ' interlaced' : ''}${v.rotation ? ` rotated ${v.rotation}°` : ''} ${kbps(v.bitrate)}`,
    );
  } else parts.push('no video');
  for (const a of m.audio) parts.push(`audio ${a.codec} ${a.language} ${a.channels} ch ${a.sampleRate} Hz ${kbps(a.bitrate)}`);
  return parts.join(', ');
}
