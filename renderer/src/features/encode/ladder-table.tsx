import type { AssetData, TransformData, TransformPlanData } from '@contract';
import { plannedRungs } from './estimate-size.ts';

/**
 * A transform's rungs as this source will get them: the studio's plan when there is one (the same
 * planning code the job runs), with its notes (dropped rungs, caps); else the transform's own list.
 */
export function LadderTable({ definition, media, plan = null }: { definition: TransformData['definition']; media: AssetData['mediaInfo']; plan?: TransformPlanData | null }) {
  const rungs = plan ? plan.rungs : plannedRungs(definition, media);
  return (
    <table className="table compact" data-testid="ladder-table">
      <thead>
        <tr>
          <th>Rung</th>
          <th className="num">Resolution</th>
          <th className="num">Video</th>
        </tr>
      </thead>
      <tbody>
        {rungs.map((r, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            <td className="num">{r.width ? `${r.width}×${r.height}` : `${r.height}p`}</td>
            <td className="num">{r.kbps} kb/s</td>
          </tr>
        ))}
        {rungs.length === 0 && (
          <tr>
            <td colSpan={3} className="muted">
              {definition.copy ? 'Copies the source streams' : 'No video'}
            </td>
          </tr>
        )}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={3} className="muted">
            Audio: {definition.audio ? `AAC ${definition.audio.kbps} kb/s, ${definition.audio.channels} ch, ${definition.interleaved ? 'muxed into each rung' : 'one file per language'}` : definition.copy ? 'copied' : 'none'}
          </td>
        </tr>
        {plan?.warnings.map((w) => (
          <tr key={w}>
            <td colSpan={3} className="muted small" data-testid="plan-note">
              {w}
            </td>
          </tr>
        ))}
      </tfoot>
    </table>
  );
}
