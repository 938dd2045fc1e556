import { useState } from 'react';
import type { AssetData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { useCall } from '../../lib/use-call.ts';
import { Dialog } from '../../components/dialog.tsx';
import { useToasts } from '../../components/toasts.tsx';
import { errorText } from '../../lib/api-error.ts';
import { formatBytes } from '../../lib/format.ts';
import { EncoderSelect } from './encoder-select.tsx';
import { TransformFiles } from './transform-files.tsx';
import { estimateOutputBytes } from './estimate-size.ts';
import { LadderEditor } from './ladder-editor.tsx';
import { LadderTable } from './ladder-table.tsx';
import { useEncoders } from './use-encoders.ts';
import { FormActions } from '../../components/form-actions.tsx';

/** Pick a transform (preset or custom ladder), see what it makes and roughly how big, queue the job. */
export function EncodeDialog({ asset, onClose }: { asset: AssetData; onClose: () => void }) {
  const client = useClient();
  const toasts = useToasts();
  const transforms = useCall('transforms.list', {});
  const [chosen, setChosen] = useState<string>('AdaptiveStreaming');
  const [editing, setEditing] = useState(false);
  const [outputName, setOutputName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [queuing, setQueuing] = useState(false);
  const encoders = useEncoders();
  const [picked, setEncoder] = useState('libx264');
  const selected = transforms.data?.find((t) => t.name === chosen) ?? null;
  // Only the encoders of the transform's codec; another transform's pick falls back to its default.
  const codec = selected?.definition.videoCodec ?? 'h264';
  const codecEncoders = encoders.data ? { ...encoders.data, encoders: encoders.data.encoders.filter((e) => e.codec === codec) } : null;
  const encoder = codecEncoders?.encoders.some((e) => e.name === picked) ? picked : (codecEncoders?.encoders.find((e) => e.default)?.name ?? picked);
  const isDefaultEncoder = codecEncoders?.encoders.find((e) => e.name === encoder)?.default ?? encoder === 'libx264';
  // Quality per rung: on by default for content-aware transforms (their point is the rate–quality trade).
  const [measure, setMeasure] = useState<boolean | null>(null);
  const measureQuality = measure ?? selected?.definition.contentAware !== undefined;
  // The encoder's own plan for this source (rungs capped by it, dropped ones explained): what the job
  // will really make. Sources only: an encoded output has no probe to plan from (the local guess then).
  const plan = useCall('transforms.plan', selected && asset.mediaInfo ? { assetId: asset.id, transformName: selected.name, encoder } : null);
  // A plan still loading is the previous transform's: show none rather than a wrong one.
  const planned = plan.loading ? null : plan.data;
  const estimate = planned ? planned.estimatedBytes : selected && !asset.mediaInfo ? estimateOutputBytes(selected.definition, asset.mediaInfo) : null;

  const queue = async () => {
    setQueuing(true);
    setError(null);
    try {
      const job = await client.call('jobs.encode', {
        assetId: asset.id,
        transformName: chosen,
        ...(outputName.trim() && { outputName: outputName.trim() }),
        ...(!isDefaultEncoder && { encoder }),
        measureQuality,
      });
      toasts.show('info', `Queued "${asset.name}" with ${job.transformName}.`);
      onClose();
    } catch (err) {
      setError(errorText(err));
      setQueuing(false);
    }
  };

  return (
    <Dialog title={`Encode “${asset.name}”`} onClose={onClose} wide testId="encode-dialog">
      <div className="encode-layout">
        <div className="preset-list" role="radiogroup" aria-label="Transform">
          {transforms.data?.map((t) => (
            <label key={t.name} className={t.name === chosen ? 'preset selected' : 'preset'}>
              <input type="radio" name="transform" value={t.name} checked={t.name === chosen} onChange={() => setChosen(t.name)} />
              <span>
                <strong>{t.name}</strong>
                {!t.builtin && <span className="badge">custom</span>}
                <br />
                <span className="muted small">{t.description}</span>
              </span>
            </label>
          ))}
          {transforms.error && <p role="alert">{transforms.error}</p>}
        </div>
        <div className="preset-detail">
          {editing ? (
            <LadderEditor
              onCancel={() => setEditing(false)}
              onSaved={(t) => {
                setEditing(false);
                transforms.reload();
                setChosen(t.name);
                toasts.show('info', `Saved ladder "${t.name}".`);
              }}
            />
          ) : (
            <>
              {selected && <LadderTable definition={selected.definition} media={asset.mediaInfo} plan={planned} />}
              {plan.error && <p className="error-text small">{plan.error}</p>}
              <p>
                Estimated output: <strong className="num" data-testid="estimate">{estimate === null ? '—' : formatBytes(estimate)}</strong>{' '}
                <span className="muted small">(the planned bitrates × duration)</span>
              </p>
              <button type="button" onClick={() => setEditing(true)}>
                New custom ladder…
              </button>
              <TransformFiles
                selected={selected}
                onImported={(t) => {
                  transforms.reload();
                  setChosen(t.name);
                }}
              />
            </>
          )}
        </div>
      </div>
      <label className="field">
        Output asset name
        <input value={outputName} placeholder={`${asset.name} (${chosen})`} onChange={(e) => setOutputName(e.target.value)} />
      </label>
      <EncoderSelect list={codecEncoders} error={encoders.error} value={encoder} onChange={setEncoder} />
      <label className="field inline">
        <input type="checkbox" data-testid="measure-quality" checked={measureQuality} onChange={(e) => setMeasure(e.target.checked)} />
        Measure the quality of each rung (PSNR and SSIM against the source; one more decode of it)
      </label>
      <FormActions error={error} onCancel={onClose} action="Add to queue" disabled={!selected || queuing || editing} onAction={() => void queue()} />
    </Dialog>
  );
}
