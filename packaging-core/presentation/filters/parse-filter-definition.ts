/**
 * Checks a filter definition that arrives as untyped JSON (API, catalog, an AMS export) and returns
 * it normalized, or throws one error listing every problem with the path of the field at fault, so a
 * user fixes them all at once.
 */
import {
  DEFAULT_FILTER_TIMESCALE,
  FILTER_NAME_PATTERN,
  TRACK_OPERATIONS,
  TRACK_PROPERTIES,
  type FilterDefinition,
  type PresentationTimeRange,
  type TrackCondition,
  type TrackOperation,
  type TrackProperty,
  type TrackSelection,
} from '../../types/filter-definition.ts';
import { canonicalLanguage, parseBitrateRange } from './track-match.ts';

export class FilterDefinitionError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid filter: ${problems.join('; ')}.`);
    this.name = 'FilterDefinitionError';
    this.problems = problems;
  }
}

const LIVE_ONLY = ['presentationWindowDuration', 'liveBackoffDuration', 'forceEndTimestamp'];
const TYPES = ['video', 'audio', 'text'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], at: string, problems: string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    if (LIVE_ONLY.includes(key)) {
      problems.push(`${at}.${key} applies to live streams only; on-demand assets have a fixed timeline, remove it`);
    } else {
      problems.push(`${at}.${key} is not a filter field (known: ${known.join(', ')})`);
    }
  }
}

function wholeNumber(value: unknown, at: string, problems: string[], min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    problems.push(`${at} must be a whole number ≥ ${min}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

function timeRange(value: unknown, problems: string[]): PresentationTimeRange | undefined {
  const at = 'presentationTimeRange';
  if (!isRecord(value)) {
    problems.push(`${at} must be an object { startTimestamp, endTimestamp, timescale }`);
    return undefined;
  }
  unknownKeys(value, ['startTimestamp', 'endTimestamp', 'timescale'], at, problems);
  const start = wholeNumber(value['startTimestamp'], `${at}.startTimestamp`, problems, 0);
  const end = wholeNumber(value['endTimestamp'], `${at}.endTimestamp`, problems, 1);
  const timescale = wholeNumber(value['timescale'], `${at}.timescale`, problems, 1);
  if (start !== undefined && end !== undefined && end <= start) {
    problems.push(`${at}.endTimestamp (${end}) must be after startTimestamp (${start})`);
  }
  return {
    ...(start !== undefined && { startTimestamp: start }),
    ...(end !== undefined && { endTimestamp: end }),
    ...(timescale !== undefined && timescale !== DEFAULT_FILTER_TIMESCALE && { timescale }),
  };
}

function oneOfCaseless<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value !== 'string') return undefined;
  return allowed.find((a) => a.toLowerCase() === value.toLowerCase());
}

function conditionValue(property: TrackProperty, value: string, at: string, problems: string[]): string {
  const trimmed = value.trim();
  if (trimmed === '') problems.push(`${at}.value must not be empty`);
  else if (property === 'Type' && !TYPES.includes(trimmed.toLowerCase())) {
    problems.push(`${at}.value "${value}" is not a track type (video, audio or text)`);
  } else if (property === 'Bitrate' && !parseBitrateRange(trimmed)) {
    problems.push(`${at}.value "${value}" is not a bitrate in b/s nor a range like 0-600000`);
  } else if (property === 'Language' && canonicalLanguage(trimmed) === undefined) {
    problems.push(`${at}.value "${value}" is not a language code (RFC 5646, e.g. en, fr-CA, or ISO 639-2, e.g. eng)`);
  }
  return property === 'Type' ? trimmed.toLowerCase() : trimmed;
}

function condition(value: unknown, at: string, problems: string[]): TrackCondition | undefined {
  if (!isRecord(value)) {
    problems.push(`${at} must be an object { property, operation, value }`);
    return undefined;
  }
  unknownKeys(value, ['property', 'operation', 'value'], at, problems);
  const property = oneOfCaseless<TrackProperty>(value['property'], TRACK_PROPERTIES);
  const operation = oneOfCaseless<TrackOperation>(value['operation'], TRACK_OPERATIONS);
  if (!property) problems.push(`${at}.property must be one of ${TRACK_PROPERTIES.join(', ')}, got ${JSON.stringify(value['property'])}`);
  if (!operation) problems.push(`${at}.operation must be Equal or NotEqual, got ${JSON.stringify(value['operation'])}`);
  const raw = value['value'];
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string') {
    problems.push(`${at}.value must be a string, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  if (!property || !operation) return undefined;
  return { property, operation, value: conditionValue(property, text, at, problems) };
}

function selections(value: unknown, problems: string[]): TrackSelection[] {
  if (!Array.isArray(value)) {
    problems.push('tracks must be a list of { trackSelections: [conditions] }');
    return [];
  }
  return value.flatMap((entry: unknown, i) => {
    const at = `tracks[${i}]`;
    if (!isRecord(entry) || !Array.isArray(entry['trackSelections'])) {
      problems.push(`${at} must be an object { trackSelections: [conditions] }`);
      return [];
    }
    unknownKeys(entry, ['trackSelections'], at, problems);
    const list = entry['trackSelections'] as unknown[];
    if (list.length === 0) problems.push(`${at}.trackSelections is empty: it would select every track; give at least one condition`);
    const conditions = list.flatMap((c, j) => condition(c, `${at}.trackSelections[${j}]`, problems) ?? []);
    return [{ trackSelections: conditions }];
  });
}

/** The definition, normalized (canonical property names, lower-case types, default timescale dropped). */
export function parseFilterDefinition(value: unknown): FilterDefinition {
  const problems: string[] = [];
  if (!isRecord(value)) throw new FilterDefinitionError(['a filter must be an object { presentationTimeRange, tracks, firstQuality }']);
  unknownKeys(value, ['presentationTimeRange', 'tracks', 'firstQuality'], 'filter', problems);
  const range = value['presentationTimeRange'] === undefined ? undefined : timeRange(value['presentationTimeRange'], problems);
  const tracks = value['tracks'] === undefined ? undefined : selections(value['tracks'], problems);
  let firstQuality: { bitrate: number } | undefined;
  const fq = value['firstQuality'];
  if (fq !== undefined) {
    if (!isRecord(fq)) problems.push('firstQuality must be an object { bitrate }');
    else {
      unknownKeys(fq, ['bitrate'], 'firstQuality', problems);
      const bitrate = wholeNumber(fq['bitrate'], 'firstQuality.bitrate', problems, 1);
      if (bitrate === undefined && fq['bitrate'] === undefined) problems.push('firstQuality.bitrate is required');
      if (bitrate !== undefined) firstQuality = { bitrate };
    }
  }
  if (problems.length > 0) throw new FilterDefinitionError(problems);
  return {
    ...(range && (range.startTimestamp !== undefined || range.endTimestamp !== undefined) && { presentationTimeRange: range }),
    ...(tracks && tracks.length > 0 && { tracks }),
    ...(firstQuality && { firstQuality }),
  };
}

export function checkFilterName(name: string): string {
  if (!FILTER_NAME_PATTERN.test(name)) {
    throw new FilterDefinitionError([
      `filter name "${name}" must be 1–128 letters, digits, "-", "_" or "." (it appears in URLs as filter=${name})`,
    ]);
  }
  return name;
}
