import type { AssetData } from '@contract';
import { useCall } from '../../lib/use-call.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { formatDuration } from '../../lib/format.ts';
import { ladderSummary } from './ladder-summary.ts';

export function AssetCard({
  asset,
  badge,
  note = null,
  published,
  durationSec,
  onOpen,
}: {
  asset: AssetData;
  badge: string;
  /** Why the badge says what it does (a canceled or failed encode); null when it needs no words. */
  note?: string | null;
  published: boolean;
  durationSec: number | undefined;
  onOpen: () => void;
}) {
  // The poster (the encoder's, or for a source the frame the studio took at import) and the ladder.
  const files = useCall('assets.files', asset.state === 'Finished' ? { id: asset.id } : null, asset.updatedAt);
  return (
    <li className="asset-card">
      <button type="button" className="asset-card-button" onClick={onOpen} data-testid="asset-card" data-asset-name={asset.name}>
        <div className="poster">
          {files.data?.poster ? <img src={files.data.poster} alt="" /> : <span className="poster-placeholder">{asset.state === 'Finished' ? '…' : badge}</span>}
        </div>
        <div className="asset-card-text">
          <strong className="asset-name" title={asset.name}>
            {asset.name}
          </strong>
          <span className="muted">
            <span className="num">{formatDuration(durationSec)}</span>
            {ladderSummary(asset, files.data) && <> · {ladderSummary(asset, files.data)}</>}
          </span>
          <span className="row">
            <StateBadge state={badge} />
            {published && (
              <span className="badge badge-published" data-testid="published-badge">
                Published
              </span>
            )}
          </span>
          {note && (
            <span className="small muted asset-note" data-testid="asset-note">
              {note}
            </span>
          )}
        </div>
      </button>
    </li>
  );
}
