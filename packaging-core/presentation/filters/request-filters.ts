/**
 * The filters one origin request asks for: the locator's own (always applied, AMS's locator filters)
 * then the URL's `filter=a;b`, each name resolved through the locator (asset filter over account
 * filter). An unknown name is AMS's 404 MPE_EGRESS_FILTER_NOT_FOUND.
 */
import { OriginError } from '../../types/errors.ts';
import type { ResolvedLocator } from '../../types/request.ts';
import type { NamedFilter } from '../../types/filter-definition.ts';

export const FILTER_NOT_FOUND = 'MPE_EGRESS_FILTER_NOT_FOUND';

export async function requestFilters(locator: ResolvedLocator, urlFilters: readonly string[]): Promise<NamedFilter[]> {
  const names = [...new Set([...(locator.defaultFilters ?? []), ...urlFilters])];
  const filters: NamedFilter[] = [];
  for (const name of names) {
    const definition = locator.resolveFilter ? await locator.resolveFilter(name) : null;
    if (!definition) {
      const where = urlFilters.includes(name) ? `filter=${name} in the URL` : 'a filter attached to this locator';
      throw new OriginError(404, FILTER_NOT_FOUND, `No asset or account filter is named "${name}" (${where}); create it or fix the name.`);
    }
    filters.push({ name, definition });
  }
  return filters;
}
