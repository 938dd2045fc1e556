/**
 * Filters in AMS URLs: `filter=a;b` goes inside the manifest's parentheses with the other options
 * (`manifest(format=mpd-time-csf,filter=a;b)`); bare Smooth gets its own (`manifest(filter=a)`).
 * Only manifest URLs take it: the player carries it to every playlist and fragment itself.
 */
const MANIFEST = /\/manifest(?:\(([^)]*)\))?$/;

export function withFilters(url: string, names: readonly string[]): string {
  const m = MANIFEST.exec(url);
  if (!m) return url;
  // A filter option already in the URL is replaced, not doubled: the picker is the one source.
  const options = (m[1] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '' && !/^filter(name)?=/i.test(o));
  if (names.length > 0) options.push(`filter=${names.join(';')}`);
  const head = url.slice(0, m.index);
  return options.length > 0 ? `${head}/manifest(${options.join(',')})` : `${head}/manifest`;
}
