import { useState } from 'react';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { StateBadge } from '../../components/state-badge.tsx';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { containerName, formatDate, formatDuration } from '../../lib/format.ts';
import { EncodeDialog } from '../encode/encode-dialog.tsx';
import { FiltersSection } from '../filters/filters-section.tsx';
import { FilesTable } from './files-table.tsx';
import { LadderChart } from './ladder-chart.tsx';
import { LocatorDialog } from './locator-dialog.tsx';
import { LocatorSection } from './locator-section.tsx';
import { QualityChart } from './quality-chart.tsx';
import { TracksTable } from './tracks-table.tsx';
import { AssetTracksSection, type DroppedSubtitle, subtitleOfDrop } from './asset-tracks-section.tsx';
import { ThumbnailScrubber } from '../thumbnails/thumbnail-scrubber.tsx';
import { useJobs } from '../jobs/job-feed-context.ts';
import { assetBadge, assetNote } from '../library/asset-badge.ts';

export function AssetDetail({ id, version, onBack, onDeleted }: { id: string; version: number; onBack: () => void; onDeleted: () => void }) {
  const client = useClient();
  const toasts = useToasts();
  const asset = useCall('assets.get', { id }, version);
  const files = useCall('assets.files', { id }, version);
  const locators = useCall('locators.list', { assetId: id }, version);
  const [dialog, setDialog] = useState<'encode' | 'publish' | null>(null);
  // An encoded asset has no probe of its own: its duration is its source's (the job names it).
  const { jobs } = useJobs();
  const madeFrom = jobs.find((j) => j.outputAssetId === id && j.inputAssetId)?.inputAssetId ?? null;
  const source = useCall('assets.get', asset.data && !asset.data.mediaInfo && madeFrom ? { id: madeFrom } : null);
  const [selectedLocator, setSelectedLocator] = useState<string | null>(null);
  const [revealedLocator, setRevealedLocator] = useState<string | null>(null);
  const [droppedSubtitle, setDroppedSubtitle] = useState<DroppedSubtitle | null>(null);

  const a = asset.data;
  const remove = async () => {
    if (!a || !window.confirm(`Delete "${a.name}" and its files?`)) return;
    try {
      await client.call('assets.delete', { id });
      toasts.show('info', `Deleted "${a.name}".`);
      onDeleted();
    } catch (err) {
      toasts.show('error', errorText(err));
    }
  };

  return (
    <section
      className="view asset-detail"
      aria-labelledby="asset-title"
      data-testid="asset-detail"
      onDrop={(e) => {
        const file = subtitleOfDrop(e);
        if (file) setDroppedSubtitle({ file, seq: Date.now() });
      }}
    >
      <div className="toolbar">
        <button type="button" onClick={onBack}>
          ← Library
        </button>
        <h2 id="asset-title">{a?.name ?? '…'}</h2>
        {a && <StateBadge state={assetBadge(a, jobs)} />}
        <span className="spacer" />
        {a?.sourceFile && (
          <button type="button" className="primary" onClick={() => setDialog('encode')}>
            Encode…
          </button>
        )}
        {a?.ismName && (
          <button type="button" className="primary" onClick={() => setDialog('publish')}>
            Publish…
          </button>
        )}
        <button type="button" className="danger" onClick={() => void remove()} disabled={!a}>
          Delete
        </button>
      </div>
      {asset.error && <p role="alert" className="error-text">{asset.error}</p>}
      {a && assetNote(a, jobs) && <p className="warning small" data-testid="asset-note">{assetNote(a, jobs)}</p>}
      {a && (
        <>
          <div className="detail-top">
            {files.data?.poster && <img className="detail-poster" src={files.data.poster} alt={`Poster of ${a.name}`} />}
            <dl className="facts">
              <dt>Duration</dt>
              <dd className="num" data-testid="asset-duration">{formatDuration(a.mediaInfo?.durationSec ?? source.data?.mediaInfo?.durationSec)}</dd>
              <dt>Created</dt>
              <dd>{formatDate(a.createdAt)}</dd>
              {a.mediaInfo && (
                <>
                  <dt>Container</dt>
                  <dd title={a.mediaInfo.container}>{containerName(a.mediaInfo.container, a.mediaInfo.file)}</dd>
                </>
              )}
              {a.ismName && (
                <>
                  <dt>Server manifest</dt>
                  <dd>
                    <code>{a.ismName}</code>
                  </dd>
                </>
              )}
            </dl>
            {files.data && <LadderChart tracks={files.data.tracks} />}
          </div>
          {a.ismName && <ThumbnailScrubber assetId={a.id} version={version} />}
          {a.ismName && <QualityChart assetId={a.id} version={version} />}
          {a.mediaInfo?.warnings.map((w) => (
            <p key={w} className="warning small">
              {w}
            </p>
          ))}
          <h3>Tracks</h3>
          <TracksTable asset={a} files={files.data} />
          <h3>Text and audio tracks</h3>
          <AssetTracksSection asset={a} version={version} dropped={droppedSubtitle} />
          <h3>Files</h3>
          <FilesTable files={files.data} sourceFile={a.sourceFile} />
          {a.ismName && a.state === 'Finished' && <FiltersSection assetId={a.id} previewAssetId={a.id} />}
          {a.ismName && <LocatorSection locators={locators.data ?? []} selected={selectedLocator} onSelect={setSelectedLocator} onChanged={locators.reload} revealed={revealedLocator} />}
          {dialog === 'encode' && <EncodeDialog asset={a} onClose={() => setDialog(null)} />}
          {dialog === 'publish' && (
            <LocatorDialog
              asset={a}
              onClose={() => setDialog(null)}
              onCreated={(l) => {
                setDialog(null);
                setSelectedLocator(l.id);
                setRevealedLocator(l.id);
                locators.reload();
                toasts.show('info', `Published: locator ${l.id}.`);
              }}
            />
          )}
        </>
      )}
    </section>
  );
}
