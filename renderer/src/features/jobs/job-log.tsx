import { useEffect, useRef, useState } from 'react';
import { CopyButton } from '../../components/copy-button.tsx';
import { errorText } from '../../lib/api-error.ts';
import { useClient } from '../../lib/client-context.ts';
import { useStudioEvents } from '../../lib/studio-events.ts';

interface LogState {
  readonly text: string;
  /** The number of the next line: live lines from it on are appended. */
  readonly nextLine: number;
  readonly truncated: boolean;
  readonly file: string | null;
}

/**
 * A job's whole log (ffmpeg's output, its command line, the studio's steps), live while it runs: the
 * stored text from jobs.log, then the numbered lines of the studio's `log` events joined on. A gap
 * (events missed) reloads the stored text.
 */
export function JobLog({ jobId }: { jobId: string }) {
  const client = useClient();
  const [log, setLog] = useState<LogState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const pre = useRef<HTMLPreElement>(null);
  const follow = useRef(true);

  useEffect(() => {
    let live = true;
    client.call('jobs.log', { id: jobId }).then(
      (l) => live && setLog(l),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [client, jobId, generation]);

  useStudioEvents((e) => {
    if (e.type !== 'log' || e.jobId !== jobId || !log) return;
    const end = e.line + e.lines.length;
    if (end <= log.nextLine) return;
    if (e.line > log.nextLine) return setGeneration((g) => g + 1);
    const fresh = e.lines.slice(log.nextLine - e.line).join('\n');
    setLog({ ...log, text: log.text ? `${log.text}\n${fresh}` : fresh, nextLine: end });
  });

  // Stay at the bottom while new lines arrive, unless the reader scrolled up.
  useEffect(() => {
    const el = pre.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [log?.text]);

  if (error) return <p className="error-text small">{error}</p>;
  if (!log) return <p className="muted small">Loading the log…</p>;
  const text = log.text || '(no output yet: the job has not started)';
  return (
    <div className="job-log" data-testid="job-log">
      <div className="row">
        <CopyButton text={log.text} label="Copy log" />
        <span className="muted small">
          {log.nextLine} lines{log.truncated ? ' (older lines dropped)' : ''}
        </span>
      </div>
      <pre
        ref={pre}
        className="log-tail"
        tabIndex={0}
        aria-label="Job log"
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
        }}
      >
        {text}
      </pre>
    </div>
  );
}
