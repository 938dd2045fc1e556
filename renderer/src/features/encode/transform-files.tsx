import { useRef, useState } from 'react';
import type { TransformData } from '@contract';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { useClient } from '../../lib/client-context.ts';

/** Saves text as a file download (works in the desktop shell and in web mode). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * Transform files: import one (an AMS StandardEncoderPreset, a whole AMS transform, or the studio's
 * own JSON; named after the file) and export the selected one as an AMS preset or as studio JSON.
 */
export function TransformFiles({ selected, onImported }: { selected: TransformData | null; onImported: (t: TransformData) => void }) {
  const client = useClient();
  const toasts = useToasts();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  const importFile = async (file: File) => {
    setError(null);
    try {
      const t = await client.call('transforms.import', { json: await file.text(), fileName: file.name });
      toasts.show('info', `Imported "${t.name}" from ${file.name}.`);
      onImported(t);
    } catch (err) {
      setError(errorText(err));
    }
  };
  const exportAs = async (format: 'ams' | 'studio') => {
    if (!selected) return;
    setError(null);
    try {
      const out = await client.call('transforms.export', { name: selected.name, format });
      download(out.fileName, out.json);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div className="transform-files" data-testid="transform-files">
      <div className="row">
        <button type="button" onClick={() => input.current?.click()}>
          Import preset…
        </button>
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="transform-import-input"
          aria-label="Transform or AMS preset file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <button type="button" disabled={!selected} onClick={() => void exportAs('ams')} title="AMS StandardEncoderPreset JSON (built-in presets by name)">
          Export as AMS preset
        </button>
        <button type="button" disabled={!selected} onClick={() => void exportAs('studio')}>
          Export JSON
        </button>
      </div>
      {error && (
        <p role="alert" className="error-text small" data-testid="transform-file-error">
          {error}
        </p>
      )}
    </div>
  );
}
