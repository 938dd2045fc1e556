import { useEffect, useState } from 'react';
import type { AppInfo } from '../../electron/studio/api/contract.ts';
import type { StudioClient } from '../../electron/studio/api/contract.ts';

export function App({ client }: { client: StudioClient }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.call('app.info', {}).then(setInfo, (e: Error) => setError(e.message));
  }, [client]);

  return (
    <main>
      <h1>Origin Studio</h1>
      {info && (
        <p data-testid="app-info">
          {info.name} {info.version} ({info.host})
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
