import { useState } from 'react';
import type { TransformData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { errorText } from '../../lib/api-error.ts';
import { FormActions } from '../../components/form-actions.tsx';

interface Rung {
  height: number;
  kbps: number;
}

const START: Rung[] = [
  { height: 360, kbps: 800 },
  { height: 240, kbps: 400 },
];

/** A custom ladder: rungs (height, kbps) and AAC audio, saved as a transform (transforms.save). */
export function LadderEditor({ onSaved, onCancel }: { onSaved: (t: TransformData) => void; onCancel: () => void }) {
  const client = useClient();
  const [name, setName] = useState('Custom ladder');
  const [rungs, setRungs] = useState<Rung[]>(START);
  const [audioKbps, setAudioKbps] = useState(128);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const update = (i: number, patch: Partial<Rung>) => setRungs((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await client.call('transforms.save', {
        definition: {
          name: name.trim(),
          description: `${rungs.length} rungs, ${rungs.map((r) => `${r.height}p@${r.kbps}`).join(', ')}; AAC ${audioKbps} kb/s per language`,
          video: rungs,
          audio: { kbps: audioKbps, channels: 2 },
          interleaved: false,
          copy: false,
        },
      });
      onSaved(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <fieldset className="ladder-editor" data-testid="ladder-editor">
      <legend>Custom ladder</legend>
      <label className="field">
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Ladder name" />
      </label>
      <table className="table compact">
        <thead>
          <tr>
            <th>Rung</th>
            <th>Height (lines)</th>
            <th>Video kb/s</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rungs.map((r, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                <input type="number" step={2} min={64} value={r.height} aria-label={`Rung ${i + 1} height`} onChange={(e) => update(i, { height: Number(e.target.value) })} />
              </td>
              <td>
                <input type="number" min={50} value={r.kbps} aria-label={`Rung ${i + 1} kbps`} onChange={(e) => update(i, { kbps: Number(e.target.value) })} />
              </td>
              <td>
                <button type="button" onClick={() => setRungs((rs) => rs.filter((_, j) => j !== i))} disabled={rungs.length <= 1} aria-label={`Remove rung ${i + 1}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => setRungs((rs) => [...rs, { height: 180, kbps: 250 }])} disabled={rungs.length >= 12}>
          Add rung
        </button>
        <label className="field inline">
          Audio kb/s
          <input type="number" min={32} max={512} value={audioKbps} onChange={(e) => setAudioKbps(Number(e.target.value))} />
        </label>
      </div>
      <FormActions error={error} onCancel={onCancel} action="Save ladder" disabled={saving} onAction={() => void save()} />
    </fieldset>
  );
}
