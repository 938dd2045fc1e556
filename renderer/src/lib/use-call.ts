import { useCallback, useEffect, useState } from 'react';
import type { Operation, OperationInput, OperationOutput } from '@contract';
import { errorText } from './api-error.ts';
import { useClient } from './client-context.ts';
import { groupOf, useStudioEvents } from './studio-events.ts';

/** Reads that show another group's state too: URLs carry the endpoint's address. */
const ALSO_DEPENDS: Partial<Record<Operation, readonly string[]>> = { 'locators.paths': ['endpoint'] };

const dependsOn = (operation: Operation, changedGroup: string): boolean =>
  groupOf(operation) === changedGroup || (ALSO_DEPENDS[operation]?.includes(changedGroup) ?? false);

export interface CallState<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
  /** Calls again (after a change the view knows about). */
  readonly reload: () => void;
}

/**
 * One API read bound to a view: loading/error state, and a reload. `key` says when to call again;
 * it is the input serialised by default, plus whatever the caller adds (e.g. a library version). It
 * also reloads on the studio's `changed` events of its operation's group.
 */
export function useCall<O extends Operation>(operation: O, input: OperationInput<O> | null, extraKey: unknown = null): CallState<OperationOutput<O>> {
  const client = useClient();
  const [state, setState] = useState<{ data: OperationOutput<O> | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: input !== null,
  });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify([operation, input, extraKey, tick]);
  useEffect(() => {
    if (input === null) return;
    let live = true;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the loading flag belongs to this request
    setState((s) => ({ ...s, loading: true }));
    client.call(operation, input).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (err: unknown) => live && setState((s) => ({ data: s.data, error: errorText(err), loading: false })),
    );
    return () => {
      live = false;
    };
    // The key stands for operation + input + extraKey + tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // Whoever changed it (this view, another one, another window), a change in this operation's group
  // makes the read stale: e.g. every filter picker reloads when a filter is saved.
  useStudioEvents((event) => {
    if (event.type === 'changed' && input !== null && dependsOn(operation, groupOf(event.operation))) reload();
  });
  return { ...state, reload };
}
