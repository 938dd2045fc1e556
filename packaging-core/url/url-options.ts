/**
 * The option list inside `manifest(...)`, `Manifest(...)` and `Fragments(...)` (streaming-formats.md §1.2):
 * comma-separated `key=value` items, keys and keyword values in any case, spaces around items and one
 * trailing comma tolerated, each option at most once.
 */
import { OriginError } from '../types/errors.ts';
import { FORMAT_OF_AMS_KEY, URL_ENCRYPTIONS } from '../formats/format-table.ts';
import type { StreamingFormat } from '../types/formats.ts';
import type { UrlOptions } from '../types/request.ts';

export const MAX_FILTERS = 3;

/** Characters that would make a name ambiguous in the grammar once the path is percent-decoded. */
const NAME_FORBIDDEN = /[(),=;/\\\s]/;

export function badSyntax(message: string): OriginError {
  return new OriginError(400, 'MPE_BAD_URL_SYNTAX', message);
}

export interface ParsedOptionList {
  /** Items without `=` (the track name of `Manifest(T,...)`), in order. */
  readonly positional: readonly string[];
  /** The `T=t` item of `Fragments(T=t,...)`, when the caller asked for one. */
  readonly selector?: { readonly name: string; readonly value: string };
  /** `format=`, undefined when absent. */
  readonly format: StreamingFormat | undefined;
  readonly options: UrlOptions;
}

/** Whether a track or filter name can stand in a URL as it is (what a track's name must be to be served). */
export function isUrlName(name: string): boolean {
  return name !== '' && !NAME_FORBIDDEN.test(name);
}

export function checkName(name: string, what: string): string {
  if (!isUrlName(name)) {
    throw badSyntax(`Invalid ${what} "${name}": names may not be empty or contain ( ) , = ; / \\ or spaces.`);
  }
  return name;
}

/** Splits `a, b ,c,` into items; only the last item may be empty (a trailing comma). */
function splitItems(list: string): string[] {
  if (list.trim() === '') return [];
  const items = list.split(',').map((item) => item.trim());
  if (items.at(-1) === '') items.pop();
  if (items.some((item) => item === '')) {
    throw badSyntax(`Empty option in "(${list})": remove the doubled comma.`);
  }
  return items;
}

function parseFilters(value: string): string[] {
  const names = value.split(';').map((name) => name.trim());
  for (const name of names) checkName(name, 'filter name');
  if (names.length > MAX_FILTERS) {
    throw badSyntax(
      `At most ${MAX_FILTERS} filters can be composed in one URL; got ${names.length} (${value}).`,
    );
  }
  return names;
}

/**
 * Parses the text between the parentheses. `firstIsSelector`: the first item is `T=t`
 * (Fragments) rather than an option.
 */
export function parseOptionList(list: string, firstIsSelector: boolean): ParsedOptionList {
  const items = splitItems(list);
  const positional: string[] = [];
  const seen = new Set<string>();
  let selector: { name: string; value: string } | undefined;
  let format: StreamingFormat | undefined;
  let filters: string[] = [];
  let audioOnly = true;
  let audioTrack: string | undefined;
  let keyframes = false;
  let encryption: string | undefined;

  items.forEach((item, index) => {
    const eq = item.indexOf('=');
    if (firstIsSelector && index === 0) {
      if (eq < 0) throw badSyntax(`Fragments(...) must start with <track>=<time>, got "${item}".`);
      selector = {
        name: checkName(item.slice(0, eq).trim(), 'track name'),
        value: item.slice(eq + 1).trim(),
      };
      return;
    }
    if (eq < 0) {
      positional.push(checkName(item, 'track name'));
      return;
    }
    const key = item.slice(0, eq).trim().toLowerCase();
    const value = item.slice(eq + 1).trim();
    // filter= and filtername= are one option spelled two ways.
    const canonical = key === 'filtername' ? 'filter' : key;
    if (seen.has(canonical)) throw badSyntax(`Option "${key}" is given more than once.`);
    seen.add(canonical);
    switch (canonical) {
      case 'format': {
        const name = value.toLowerCase();
        if (name === 'f4m-f4f') {
          throw new OriginError(
            415,
            'MPE_FORMAT_NOT_SUPPORTED',
            'format=f4m-f4f (Adobe HDS) was retired by AMS and is not served.',
          );
        }
        const known = Object.hasOwn(FORMAT_OF_AMS_KEY, name) ? FORMAT_OF_AMS_KEY[name] : undefined;
        if (!known) {
          throw badSyntax(
            `Unknown format "${value}". Use one of: ${Object.keys(FORMAT_OF_AMS_KEY).join(', ')} (or no format for Smooth).`,
          );
        }
        format = known;
        break;
      }
      case 'filter':
        filters = parseFilters(value);
        break;
      case 'audio-only': {
        const flag = value.toLowerCase();
        if (flag !== 'true' && flag !== 'false')
          throw badSyntax(`audio-only must be true or false, got "${value}".`);
        audioOnly = flag === 'true';
        break;
      }
      case 'audiotrack':
        audioTrack = checkName(value, 'audio track name');
        break;
      case 'type':
        if (value.toLowerCase() !== 'keyframes') throw badSyntax(`type must be "keyframes", got "${value}".`);
        keyframes = true;
        break;
      case 'encryption': {
        const scheme = value.toLowerCase();
        if (!Object.hasOwn(URL_ENCRYPTIONS, scheme)) {
          throw badSyntax(`Unknown encryption "${value}". Use one of: ${Object.keys(URL_ENCRYPTIONS).join(', ')}.`);
        }
        encryption = scheme;
        break;
      }
      default:
        throw badSyntax(
          `Unknown option "${key}". Known options: format, filter, audio-only, audioTrack, type, encryption.`,
        );
    }
  });

  const options: UrlOptions = {
    filters,
    audioOnly,
    keyframes,
    ...(audioTrack !== undefined ? { audioTrack } : {}),
    ...(encryption !== undefined ? { encryption } : {}),
  };
  return { positional, format, options, ...(selector ? { selector } : {}) };
}
