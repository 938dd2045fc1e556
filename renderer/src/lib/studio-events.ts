import { createContext, useContext, useEffect, useRef } from 'react';
import type { JobEventData, Operation } from '@contract';

export type StudioEventListener = (event: JobEventData) => void;

/** Fans the studio's `jobs.events` out to every view that wants them (one long poll for the window). */
export interface StudioEventBus {
  subscribe(listener: StudioEventListener): () => void;
  emit(event: JobEventData): void;
}

export function createEventBus(): StudioEventBus {
  const listeners = new Set<StudioEventListener>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(event) {
      for (const l of [...listeners]) l(event);
    },
  };
}

export const StudioEventsContext = createContext<StudioEventBus>(createEventBus());

/** Calls `listener` (the latest one given) for every studio event while the view is shown. */
export function useStudioEvents(listener: StudioEventListener): void {
  const bus = useContext(StudioEventsContext);
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => bus.subscribe((e) => latest.current(e)), [bus]);
}

/** The group of an operation (`filters` of `filters.save`): a change in it invalidates its reads. */
export const groupOf = (operation: Operation | string): string => operation.split('.')[0] ?? operation;
