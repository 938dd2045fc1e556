import type { AssetData } from '@contract';
import { useCall } from '../../lib/use-call.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { formatDuration } from '../../lib/format.ts';
import { ladderSummary } from './ladder-summary.ts';

export function AssetCard({
  asset,
  badge,
  published,
  durationSec,
  onOpen,
}: {
  asset: AssetData;
  badge: string;
  published: boolean;
  durationSec: number | undefined;
  onOpen: () => void;
}) {
  // Only encoded assets have a poster and a ladder to show; sources need no extra call.
  const files = useCall('assets.files', asset.ismName ? { id: asset.id } : null, asset.updatedAt);
  return (
    <li className="asset-card">
      <button type="button" className="asset-card-button" onClick={onOpen} data-testid="asset-card" data-asset-name={asset.name}>
        <div className="poster">
          {files.data?.poster ? <img src={files.data.poster} alt="" /> : <span className="poster-placeholder">{asset.ismName ? '…' : 'Source'}</span>}
        </div>
        <div className="asset-card-text">
          <strong className="asset-name" title={asset.name}>
            {asset.name}
          </strong>
          <span className="muted">
            <span className="num">{formatDuration(durationSec)}</span> · {ladderSummary(asset, files.data)}
          </span>
          <span className="row">
            <StateBadge state={badge} />
            {published && (
              <span className="badge badge-published" data-testid="published-badge">
                Published
              </span>
            )}
          </span>
        </div>
      </button>
    </li>
  );
}
