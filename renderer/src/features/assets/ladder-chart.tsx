import type { AssetFilesData } from '@contract';

const W = 420;
const BAR = 22;
const GAP = 8;
const LABEL = 110;

/** The encoded video ladder as horizontal bars, bitrate to scale, labelled with the resolution. */
export function LadderChart({ tracks }: { tracks: AssetFilesData['tracks'] }) {
  const rungs = tracks.filter((t) => t.kind === 'video' && t.bitrate).sort((a, b) => (b.bitrate ?? 0) - (a.bitrate ?? 0));
  if (rungs.length === 0) return null;
  const max = Math.max(...rungs.map((r) => r.bitrate ?? 0));
  const h = rungs.length * (BAR + GAP);
  return (
    <svg className="ladder-chart" viewBox={`0 0 ${W} ${h}`} width={W} height={h} role="img" aria-label="Bitrate ladder" data-testid="ladder-chart">
      {rungs.map((r, i) => {
        const y = i * (BAR + GAP);
        const w = Math.max(2, ((W - LABEL - 70) * (r.bitrate ?? 0)) / max);
        return (
          <g key={r.src}>
            <text x={0} y={y + BAR * 0.7} className="chart-label">
              {r.width && r.height ? `${r.width}×${r.height}` : r.src}
            </text>
            <rect x={LABEL} y={y} width={w} height={BAR} rx={3} className="chart-bar" />
            <text x={LABEL + w + 6} y={y + BAR * 0.7} className="chart-value">
              {Math.round((r.bitrate ?? 0) / 1000)} kb/s
            </text>
          </g>
        );
      })}
    </svg>
  );
}
