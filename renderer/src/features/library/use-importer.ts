import { useCallback, useState } from 'react';
import type { AssetData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { uploadFile } from '../../lib/studio-client.ts';

export interface Importer {
  readonly importFiles: (files: readonly File[]) => Promise<void>;
  /** Names of files being uploaded or probed now. */
  readonly busy: readonly string[];
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * Imports files the user dropped or chose. Electron gives their paths (imported where they are);
 * a browser cannot, so web mode uploads them to the studio first. A bad file is a toast, not a stop:
 * the others still import.
 */
export function useImporter(onImported: (asset: AssetData) => void): Importer {
  const client = useClient();
  const toasts = useToasts();
  const [busy, setBusy] = useState<string[]>([]);
  const importFiles = useCallback(
    async (files: readonly File[]) => {
      for (const file of files) {
        setBusy((b) => [...b, file.name]);
        try {
          const path = window.studio ? window.studio.pathForFile(file) : await uploadFile(file);
          const asset = await client.call('assets.import', { path, name: stem(file.name) });
          toasts.show('info', `Imported "${asset.name}".`);
          onImported(asset);
        } catch (err) {
          toasts.show('error', `Could not import "${file.name}": ${errorText(err)}`);
        } finally {
          setBusy((b) => {
            const i = b.indexOf(file.name);
            return i < 0 ? b : [...b.slice(0, i), ...b.slice(i + 1)];
          });
        }
      }
    },
    [client, toasts, onImported],
  );
  return { importFiles, busy };
}
