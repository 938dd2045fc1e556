import { useEffect, useState } from 'react';
import type { EncoderListData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { errorText } from '../../lib/api-error.ts';

/**
 * The encoder list, shown at once and completed when detection finishes: the first call answers
 * immediately (maybe still detecting), a second one waits for the trial encodes.
 */
export function useEncoders(): { data: EncoderListData | null; error: string | null } {
  const client = useClient();
  const [data, setData] = useState<EncoderListData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      try {
        const first = await client.call('encoders.list', {});
        if (!live) return;
        setData(first);
        if (first.detecting) {
          const done = await client.call('encoders.list', { wait: true });
          if (live) setData(done);
        }
      } catch (err) {
        if (live) setError(errorText(err));
      }
    };
    void load();
    return () => {
      live = false;
    };
  }, [client]);
  return { data, error };
}

/** Software stays selectable while detection runs: it needs no trial and is the default. */
export function selectable(e: EncoderListData['encoders'][number], detecting: boolean): boolean {
  return e.available || (e.default && detecting);
}
