import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { JobData } from '@contract';
import { useClient } from '../../lib/client-context.ts';
import { errorText } from '../../lib/api-error.ts';
import { StudioEventsContext } from '../../lib/studio-events.ts';
import { applyJobEvent } from './apply-job-event.ts';

const POLL_MS = 25_000;
const RETRY_MS = 2_000;

export interface JobFeed {
  readonly jobs: readonly JobData[];
  /** Bumps when a job changes state: asset lists depend on it (an encode makes an asset). */
  readonly version: number;
  readonly error: string | null;
  /** Store errors the studio reported while writing job state (disk full …). */
  readonly storageError: string | null;
  readonly refresh: () => void;
}

/**
 * The job list, live: jobs.list once (so a reload shows everything), then the `jobs.events` long
 * poll; a `reset` (events dropped, or the studio restarted) loads the list again.
 */
export function useJobFeed(): JobFeed {
  const client = useClient();
  const bus = useContext(StudioEventsContext);
  const [jobs, setJobs] = useState<JobData[]>([]);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [storageError, setStorageError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    let live = true;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const load = async () => {
      // Take the event cursor first: events between the two calls are replayed, never lost.
      const head = await client.call('jobs.events', { since: 0, timeoutMs: 0 });
      const list = await client.call('jobs.list', {});
      if (!live) return;
      seq.current = head.seq;
      setJobs(list);
      setVersion((v) => v + 1);
    };
    void (async () => {
      while (live) {
        try {
          await load();
          setError(null);
          while (live) {
            const reply = await client.call('jobs.events', { since: seq.current, timeoutMs: POLL_MS });
            if (!live) return;
            if (reply.reset) break;
            seq.current = reply.seq;
            if (reply.events.length === 0) continue;
            setJobs((all) => reply.events.reduce(applyJobEvent, all));
            for (const e of reply.events) bus.emit(e);
            if (reply.events.some((e) => e.type === 'state')) setVersion((v) => v + 1);
            const storage = reply.events.find((e) => e.type === 'storage-error');
            if (storage?.type === 'storage-error') setStorageError(storage.message);
          }
        } catch (err) {
          if (!live) return;
          setError(`Lost contact with the studio: ${errorText(err)}`);
          await sleep(RETRY_MS);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [client, bus, generation]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  return { jobs, version, error, storageError, refresh };
}
