import type { FilterDefinitionData } from '@contract';

/** AMS filter times are in 100 ns units unless the filter says otherwise. */
export const TIMESCALE = 10_000_000;

export const PROPERTIES = ['Type', 'Name', 'Language', 'FourCC', 'Bitrate'] as const;
export type Property = (typeof PROPERTIES)[number];
export type Operation = 'Equal' | 'NotEqual';

export interface ConditionForm {
  readonly property: Property;
  readonly operation: Operation;
  readonly value: string;
}

/**
 * The filter as the form edits it: times in seconds and numbers as typed (strings), so a half-typed
 * value does not jump; `toDefinition` turns it into the API's definition or says what is wrong.
 */
export interface FilterForm {
  readonly name: string;
  readonly startSec: string;
  readonly endSec: string;
  /** OR across groups, AND within one. */
  readonly groups: readonly (readonly ConditionForm[])[];
  readonly firstQualityBitrate: string;
}

export const NAME = /^[A-Za-z0-9_.-]{1,128}$/;

export const emptyForm: FilterForm = {
  name: '',
  startSec: '',
  endSec: '',
  groups: [],
  firstQualityBitrate: '',
};

export type Parsed = { ok: true; definition: FilterDefinitionData } | { ok: false; error: string };

function seconds(text: string, label: string): number | undefined | string {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return `${label} must be a number of seconds ≥ 0.`;
  return n;
}

export function toDefinition(form: FilterForm): Parsed {
  const start = seconds(form.startSec, 'Start');
  const end = seconds(form.endSec, 'End');
  if (typeof start === 'string') return { ok: false, error: start };
  if (typeof end === 'string') return { ok: false, error: end };
  if (start !== undefined && end !== undefined && end <= start)
    return { ok: false, error: 'End must be after start.' };
  if (end === 0) return { ok: false, error: 'End must be after 0 s.' };
  const definition: { -readonly [K in keyof FilterDefinitionData]: FilterDefinitionData[K] } = {};
  if (start !== undefined || end !== undefined) {
    definition.presentationTimeRange = {
      ...(start !== undefined && { startTimestamp: Math.round(start * TIMESCALE) }),
      ...(end !== undefined && { endTimestamp: Math.round(end * TIMESCALE) }),
      timescale: TIMESCALE,
    };
  }
  const groups = form.groups.filter((g) => g.length > 0);
  for (const [i, g] of groups.entries()) {
    const blank = g.findIndex((c) => c.value.trim() === '');
    if (blank >= 0)
      return { ok: false, error: `Track selection ${i + 1}, condition ${blank + 1}: give a value.` };
  }
  if (groups.length > 0) {
    definition.tracks = groups.map((g) => ({
      trackSelections: g.map((c) => ({
        property: c.property,
        operation: c.operation,
        value: c.value.trim(),
      })),
    }));
  }
  if (form.firstQualityBitrate.trim() !== '') {
    const b = Number(form.firstQualityBitrate);
    if (!Number.isInteger(b) || b < 1)
      return { ok: false, error: 'First quality is a bitrate in b/s, e.g. 400000.' };
    definition.firstQuality = { bitrate: b };
  }
  return { ok: true, definition };
}

/** Timestamps back to seconds in the filter's own timescale; trailing zeros dropped. */
function toSeconds(ts: number | undefined, timescale: number): string {
  return ts === undefined ? '' : String(Number((ts / timescale).toFixed(7)));
}

export function toForm(name: string, def: FilterDefinitionData): FilterForm {
  const r = def.presentationTimeRange;
  const scale = r?.timescale ?? TIMESCALE;
  return {
    name,
    startSec: toSeconds(r?.startTimestamp, scale),
    endSec: toSeconds(r?.endTimestamp, scale),
    groups: (def.tracks ?? []).map((t) =>
      t.trackSelections.map((c) => ({ property: c.property, operation: c.operation, value: c.value })),
    ),
    firstQualityBitrate: def.firstQuality ? String(def.firstQuality.bitrate) : '',
  };
}

/** A one-line summary for lists: "2 s–8 s · 2 track selections · first 400 kb/s". */
export function describeDefinition(def: FilterDefinitionData): string {
  const parts: string[] = [];
  const r = def.presentationTimeRange;
  if (r && (r.startTimestamp !== undefined || r.endTimestamp !== undefined)) {
    const scale = r.timescale ?? TIMESCALE;
    const s = r.startTimestamp === undefined ? 'start' : `${toSeconds(r.startTimestamp, scale)} s`;
    const e = r.endTimestamp === undefined ? 'end' : `${toSeconds(r.endTimestamp, scale)} s`;
    parts.push(`${s}–${e}`);
  }
  if (def.tracks?.length) {
    parts.push(
      def.tracks
        .map((t) =>
          t.trackSelections
            .map((c) => `${c.property}${c.operation === 'Equal' ? '=' : '≠'}${c.value}`)
            .join(' and '),
        )
        .map((g) => (def.tracks && def.tracks.length > 1 ? `(${g})` : g))
        .join(' or '),
    );
  }
  if (def.firstQuality) parts.push(`first ${Math.round(def.firstQuality.bitrate / 1000)} kb/s`);
  return parts.length > 0 ? parts.join(' · ') : 'keeps everything';
}

/**
 * Drops one rung (by its exact bitrate) from whatever the selections keep: the condition joins every
 * group, since a track is kept when any group matches it. Without selections it becomes the only one.
 */
export function excludeBitrate(form: FilterForm, bitrate: number): FilterForm {
  const condition: ConditionForm = { property: 'Bitrate', operation: 'NotEqual', value: String(bitrate) };
  const groups = form.groups.length === 0 ? [[condition]] : form.groups.map((g) => [...g, condition]);
  return { ...form, groups };
}
