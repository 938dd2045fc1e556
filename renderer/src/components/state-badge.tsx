/** A state name in its colour (Queued, Processing, Finished, Error, Canceled, active, expired …). */
export function StateBadge({ state }: { state: string }) {
  return <span className={`badge badge-${state.toLowerCase()}`}>{state}</span>;
}
