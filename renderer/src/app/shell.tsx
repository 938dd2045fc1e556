import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '@contract';
import { useHashView } from './use-hash-view.ts';
import { AssetDetail } from '../features/assets/asset-detail.tsx';
import { EndpointPanel } from '../features/endpoint/endpoint-panel.tsx';
import { FiltersView } from '../features/filters/filters-view.tsx';
import { JobFeedContext } from '../features/jobs/job-feed-context.ts';
import { JobsPanel } from '../features/jobs/jobs-panel.tsx';
import { useJobFeed } from '../features/jobs/use-job-feed.ts';
import { DropImport } from '../features/library/drop-import.tsx';
import { ImportButton } from '../features/library/import-button.tsx';
import { LibraryView } from '../features/library/library-view.tsx';
import { SetImportDialog } from '../features/library/set-import-dialog.tsx';
import { useImporter } from '../features/library/use-importer.ts';
import { ProtectionView } from '../features/protection/protection-view.tsx';
import { SettingsPanel } from '../features/settings/settings-panel.tsx';
import { errorText } from '../lib/api-error.ts';
import { useClient } from '../lib/client-context.ts';
import { useCall } from '../lib/use-call.ts';

/** The window: header with navigation and Import, the current view, the jobs column. */
export function Shell() {
  const client = useClient();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [view, setView] = useHashView();
  const feed = useJobFeed();
  const [imports, setImports] = useState(0);
  const version = feed.version * 1000 + imports;
  const assets = useCall('assets.list', {}, version);
  const onImported = useCallback(() => setImports((n) => n + 1), []);
  const importer = useImporter(onImported);
  const onFiles = useCallback((files: File[]) => void importer.importFiles(files), [importer]);

  useEffect(() => {
    client.call('app.info', {}).then(setInfo, (e: unknown) => setInfoError(errorText(e)));
  }, [client]);

  const nav = (label: string, kind: 'library' | 'filters' | 'protection' | 'endpoint' | 'settings') => (
    <button type="button" className="nav-button" aria-current={view.kind === kind || (kind === 'library' && view.kind === 'asset') ? 'page' : undefined} onClick={() => {
        // Assets also come from other transports (the AMS API, the CLI): opening the library reloads them.
        if (kind === 'library') setImports((n) => n + 1);
        setView({ kind });
      }}>
      {label}
    </button>
  );

  return (
    <JobFeedContext.Provider value={feed}>
      <div className="app">
        <header className="app-header">
          <h1>Origin Studio</h1>
          <nav aria-label="Main">
            {nav('Library', 'library')}
            {nav('Filters', 'filters')}
            {nav('Protection', 'protection')}
            {nav('Endpoint', 'endpoint')}
            {nav('Settings', 'settings')}
          </nav>
          <span className="spacer" />
          <ImportButton onFiles={onFiles} busy={importer.busy} />
          {info && (
            <span className="muted small" data-testid="app-info">
              {info.name} {info.version} ({info.host})
            </span>
          )}
          {infoError && <span role="alert" className="error-text small">{infoError}</span>}
        </header>
        <main className="app-main">
          {view.kind === 'library' && <LibraryView assets={assets.data} error={assets.error} onOpen={(id) => setView({ kind: 'asset', id })} />}
          {view.kind === 'asset' && (
            <AssetDetail
              key={view.id}
              id={view.id}
              version={version}
              onBack={() => setView({ kind: 'library' })}
              onDeleted={() => {
                onImported();
                setView({ kind: 'library' });
              }}
            />
          )}
          {view.kind === 'filters' && <FiltersView />}
          {view.kind === 'protection' && <ProtectionView />}
          {view.kind === 'endpoint' && <EndpointPanel />}
          {view.kind === 'settings' && <SettingsPanel />}
        </main>
        <JobsPanel assets={assets.data ?? []} onOpenAsset={(id) => setView({ kind: 'asset', id })} />
        <DropImport onFiles={onFiles} />
        {importer.pendingSet && (
          <SetImportDialog
            ladders={importer.pendingSet.ladders}
            busy={importer.pendingSet.importing}
            onImport={() => void importer.pendingSet?.confirm()}
            {...(importer.pendingSet.separately && { onSeparately: () => void importer.pendingSet?.separately?.() })}
            onClose={importer.pendingSet.cancel}
          />
        )}
      </div>
    </JobFeedContext.Provider>
  );
}
