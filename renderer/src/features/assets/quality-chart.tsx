import {
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
  type TooltipItem,
} from 'chart.js';
import { Scatter } from 'react-chartjs-2';
import type { RungQualityData } from '@contract';
import { useCall } from '../../lib/use-call.ts';

// Only what a scatter-with-lines needs (chart.js is tree-shaken by what is registered).
ChartJS.register(LinearScale, PointElement, LineElement, Tooltip, Legend);

/** A CSS custom property of the page (the charts follow the light/dark theme). */
const cssVar = (name: string, fallback: string): string =>
  (typeof document === 'undefined' ? '' : getComputedStyle(document.documentElement).getPropertyValue(name).trim()) || fallback;

type Point = { x: number; y: number; rung: RungQualityData };

const points = (rungs: readonly RungQualityData[], value: (r: RungQualityData) => number | null): Point[] =>
  rungs
    .filter((r) => r.measuredKbps !== null && value(r) !== null)
    .map((r) => ({ x: r.measuredKbps ?? 0, y: value(r) ?? 0, rung: r }))
    .sort((a, b) => a.x - b.x);

const fixed = (v: number | null, digits: number): string => (v === null ? '—' : v.toFixed(digits));

/**
 * The bitrate–quality curve of an encoded asset: each rung at its measured bitrate against its PSNR
 * (left axis) and SSIM (right axis), VMAF too where ffmpeg had libvmaf; the numbers in a table below.
 */
export function QualityChart({ assetId, version }: { assetId: string; version: number }) {
  const shown = useCall('assets.show', { id: assetId, quality: true }, version);
  const rungs = shown.data?.rungs ?? [];
  if (rungs.length === 0) return null;
  const measured = rungs.some((r) => r.ssim !== null);
  const text = cssVar('--text', '#1b1f24');
  const grid = cssVar('--border', '#d5dae1');
  const accent = cssVar('--accent', '#0f62d6');
  const second = '#d9480f';
  const third = '#2b8a3e';
  const hasVmaf = rungs.some((r) => r.vmaf !== null);
  const psnrPoints = points(rungs, (r) => r.psnr);
  const data: ChartData<'scatter', Point[]> = {
    datasets: [
      { label: 'PSNR (dB)', data: psnrPoints, yAxisID: 'psnr', showLine: true, borderColor: accent, backgroundColor: accent, pointRadius: 5 },
      { label: 'SSIM', data: points(rungs, (r) => r.ssim), yAxisID: 'ssim', showLine: true, borderColor: second, backgroundColor: second, pointRadius: 4, borderDash: [6, 4] },
      ...(hasVmaf ? [{ label: 'VMAF', data: points(rungs, (r) => r.vmaf), yAxisID: 'vmaf', showLine: true, borderColor: third, backgroundColor: third, pointRadius: 4 }] : []),
    ],
  };
  const axis = (title: string, position: 'left' | 'right', drawGrid: boolean) => ({
    type: 'linear' as const,
    position,
    title: { display: true, text: title, color: text },
    ticks: { color: text },
    grid: { color: grid, display: drawGrid },
  });
  const options: ChartOptions<'scatter'> = {
    animation: false,
    responsive: false,
    plugins: {
      legend: { labels: { color: text } },
      tooltip: {
        callbacks: {
          label: (item: TooltipItem<'scatter'>) => {
            const p = item.raw as Point;
            return `${p.rung.resolution} at ${p.x} kb/s: ${item.dataset.label ?? ''} ${item.datasetIndex === 0 ? p.y.toFixed(2) : p.y.toFixed(4)}`;
          },
        },
      },
    },
    scales: {
      x: { ...axis('measured bitrate (kb/s)', 'left', true), position: 'bottom' },
      psnr: axis('PSNR (dB)', 'left', true),
      ssim: axis('SSIM', 'right', false),
      ...(hasVmaf && { vmaf: { ...axis('VMAF', 'right', false), min: 0, max: 100 } }),
    },
  };
  return (
    <section className="quality-chart" aria-labelledby="quality-title" data-testid="quality-chart">
      <h3 id="quality-title">Bitrate and quality per rung</h3>
      {measured ? (
        <Scatter
          data={data}
          options={options}
          width={560}
          height={300}
          role="img"
          aria-label={`Bitrate–quality plot: ${psnrPoints.map((p) => `${p.rung.resolution} ${p.x} kb/s PSNR ${p.y.toFixed(2)} dB`).join('; ')}`}
          data-testid="quality-plot"
        />
      ) : null}
      <p className="muted small" data-testid="quality-note">{shown.data?.qualityNote}</p>
      <table className="table" data-testid="quality-table">
        <thead>
          <tr>
            <th scope="col">Rung</th>
            <th scope="col">Measured kb/s</th>
            <th scope="col">Target kb/s</th>
            <th scope="col">PSNR (dB)</th>
            <th scope="col">SSIM</th>
            <th scope="col">VMAF</th>
          </tr>
        </thead>
        <tbody>
          {rungs.map((r) => (
            <tr key={r.file}>
              <td>{r.resolution}</td>
              <td className="num">{r.measuredKbps ?? '—'}</td>
              <td className="num">{r.targetKbps}</td>
              <td className="num">{r.psnr === null && r.ssim !== null ? '∞ (identical)' : fixed(r.psnr, 2)}</td>
              <td className="num">{fixed(r.ssim, 4)}</td>
              <td className="num">{fixed(r.vmaf, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
