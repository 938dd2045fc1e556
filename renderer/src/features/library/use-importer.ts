import { useCallback, useState } from 'react';
import type { AssetData, SetLadderData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { uploadFile } from '../../lib/studio-client.ts';
import { isSetDrop } from './set-drop.ts';

export interface Importer {
  readonly importFiles: (files: readonly File[]) => Promise<void>;
  /** Names of files being uploaded or probed now. */
  readonly busy: readonly string[];
  /** A dropped ABR set waiting for the user's go, with the ladder the studio found. */
  readonly pendingSet: PendingSet | null;
}

export interface PendingSet {
  readonly ladders: readonly SetLadderData[];
  readonly importing: boolean;
  readonly confirm: () => Promise<void>;
  /** Several loose files may also be wanted as separate mezzanines. */
  readonly separately: (() => Promise<void>) | null;
  readonly cancel: () => void;
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
  const [pendingSet, setPendingSet] = useState<PendingSet | null>(null);
  const track = useCallback(<T,>(names: readonly string[], work: () => Promise<T>): Promise<T> => {
    setBusy((b) => [...b, ...names]);
    return work().finally(() =>
      setBusy((b) => {
        const left = [...b];
        for (const n of names) {
          const i = left.indexOf(n);
          if (i >= 0) left.splice(i, 1);
        }
        return left;
      }),
    );
  }, []);
  /** Each file as its own mezzanine asset; `paths` where they are already on the studio's disk. */
  const importEach = useCallback(
    async (files: readonly File[], paths?: readonly string[]) => {
      for (const [i, file] of files.entries()) {
        try {
          const asset = await track([file.name], async () => {
            const path = paths?.[i] ?? (window.studio ? window.studio.pathForFile(file) : await uploadFile(file));
            return client.call('assets.import', { path, name: stem(file.name) });
          });
          toasts.show('info', `Imported "${asset.name}".`);
          onImported(asset);
        } catch (err) {
          toasts.show('error', `Could not import "${file.name}": ${errorText(err)}`);
        }
      }
    },
    [client, toasts, onImported, track],
  );
  const importFiles = useCallback(
    async (files: readonly File[]) => {
      const names = files.map((f) => f.name);
      if (!isSetDrop(names)) return importEach(files);
      // A set is imported by path: the desktop app has the dropped files' paths; a browser (web mode)
      // uploads them first, each into the studio's uploads/, and the set is imported from there.
      // Web mode cannot drop a folder or a .ism with its files: only several media files.
      const studio = window.studio;
      if (!studio && files.length === 1) return importEach(files);
      let paths: string[];
      try {
        paths = studio ? files.map((f) => studio.pathForFile(f)) : await track(names, () => Promise.all(files.map((f) => uploadFile(f))));
      } catch (err) {
        toasts.show('error', `Could not upload these ${files.length} files: ${errorText(err)}`);
        return;
      }
      let ladders: SetLadderData[];
      try {
        ladders = (await track(names, () => client.call('assets.importSet', { paths, dryRun: true }))).sets.map((s) => s.ladder);
      } catch (err) {
        toasts.show('error', `Could not import ${files.length === 1 ? `"${files[0]!.name}"` : `these ${files.length} files as one asset`}: ${errorText(err)}`);
        return;
      }
      const close = () => setPendingSet(null);
      const pending: PendingSet = {
        ladders,
        importing: false,
        cancel: close,
        separately:
          files.length > 1
            ? async () => {
                close();
                await importEach(files, studio ? undefined : paths);
              }
            : null,
        confirm: async () => {
          setPendingSet({ ...pending, importing: true });
          try {
            const { sets } = await client.call('assets.importSet', { paths });
            for (const s of sets) if (s.asset) onImported(s.asset);
            toasts.show('info', `Imported ${sets.map((s) => `"${s.ladder.name}"`).join(', ')} without re-encoding.`);
          } catch (err) {
            toasts.show('error', `Nothing was imported: ${errorText(err)}`);
          } finally {
            close();
          }
        },
      };
      setPendingSet(pending);
    },
    [client, toasts, onImported, importEach, track],
  );
  return { importFiles, busy, pendingSet };
}
