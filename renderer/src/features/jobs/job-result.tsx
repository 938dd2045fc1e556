import type { JobData } from '@contract';
import { formatBytes } from '../../lib/format.ts';
import { useCall } from '../../lib/use-call.ts';

/**
 * A finished encode's plan beside what came out: per video rung the planned and the measured bitrate
 * (ffprobe's, stored when the encode finished) and the planned and real file size; then the whole
 * output against the encode dialog's estimate (the same planning code, transforms.plan).
 */
export function JobResult({ job }: { job: JobData }) {
  const out = job.outputAssetId ?? '';
  const shown = useCall('assets.show', { id: out, quality: true });
  const files = useCall('assets.files', { id: out });
  const plan = useCall('transforms.plan', job.inputAssetId ? { assetId: job.inputAssetId, transformName: job.transformName } : null);
  const rungs = shown.data?.rungs ?? [];
  const durationSec = plan.data?.durationSec ?? null;
  const sizeOf = (name: string) => files.data?.files.find((f) => f.name === name)?.bytes ?? null;
  const media = (files.data?.files ?? []).filter((f) => f.name.endsWith('.mp4'));
  const total = media.reduce((s, f) => s + f.bytes, 0);
  if (shown.error) return <p className="error-text small">{shown.error}</p>;
  if (!shown.data || !files.data) return <p className="muted small">Loading the result…</p>;
  return (
    <div className="job-result" data-testid="job-result">
      {rungs.length === 0 ? (
        <p className="muted small">{shown.data.qualityNote}</p>
      ) : (
        <table className="table compact small">
          <thead>
            <tr>
              <th scope="col">Rung</th>
              <th scope="col" className="num">
                Plan
              </th>
              <th scope="col" className="num">
                Measured
              </th>
              <th scope="col" className="num">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {rungs.map((r) => (
              <tr key={r.file} data-testid="job-result-rung">
                <th scope="row">{r.height}p</th>
                <td className="num">{r.targetKbps} kb/s</td>
                <td className="num" data-testid="job-result-measured">
                  {r.measuredKbps === null ? '—' : `${r.measuredKbps} kb/s`}
                </td>
                <td className="num" title={durationSec ? `planned ${formatBytes((r.targetKbps * 1000 * durationSec) / 8)}` : undefined}>
                  {formatBytes(sizeOf(r.file) ?? Number.NaN)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="small num" data-testid="job-result-total">
        Output {formatBytes(total)} in {media.length} files
        {plan.data && <> · estimated {formatBytes(plan.data.estimatedBytes)}</>}
      </p>
    </div>
  );
}
