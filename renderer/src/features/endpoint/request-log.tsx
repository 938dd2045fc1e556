import { useEffect, useState } from 'react';
import type { OperationOutput } from '@contract';
import { useClient } from '../../lib/client-context.ts';

type Entry = OperationOutput<'endpoint.log'>['entries'][number];

const POLL_MS = 1000;
const KEEP = 200;

/** The origin's latest requests, newest first, polled while the panel is open. */
export function RequestLog() {
  const client = useClient();
  const [entries, setEntries] = useState<Entry[]>([]);
  useEffect(() => {
    let live = true;
    let since = 0;
    const tick = async () => {
      try {
        const r = await client.call('endpoint.log', { since, limit: KEEP });
        if (!live) return;
        if (r.entries.length) setEntries((old) => [...r.entries.slice().reverse(), ...old].slice(0, KEEP));
        since = r.seq;
      } catch {
        // The panel shows the last entries it had; the status line above reports a studio outage.
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);
  return (
    // Focusable, so the scrolling list can be scrolled from the keyboard.
    <div className="request-log" data-testid="request-log" role="region" aria-label="Request log" tabIndex={0}>
      <table className="table compact">
        <thead>
          <tr>
            <th>Time</th>
            <th>Method</th>
            <th className="num">Status</th>
            <th>Path</th>
            <th className="num">Bytes</th>
            <th className="num">ms</th>
            <th>Client</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} className={e.status >= 400 ? 'row-error' : ''}>
              <td className="num">{new Date(e.time).toLocaleTimeString()}</td>
              <td>{e.method}</td>
              <td className="num">{e.status}</td>
              <td className="url">
                <code>{e.path}</code>
              </td>
              <td className="num">{e.bytes}</td>
              <td className="num">{e.ms.toFixed(1)}</td>
              <td>{e.client}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && <p className="muted">No requests yet.</p>}
    </div>
  );
}
