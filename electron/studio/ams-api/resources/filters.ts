/**
 * Asset filters and account filters: createOrUpdate, get, list, update, delete over the studio's
 * dynamic manifest filters (the same schema as AMS: presentationTimeRange, tracks, firstQuality), so
 * `filter=name` works in every streaming URL and the filter editor shows them.
 */
import type { FilterData, FilterDefinitionData } from '../../api/contract.ts';
import { badRequest, notFound, notSupported } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRequest, type ArmRoute, type ArmServices } from '../arm-context.ts';
import { page } from '../odata-query.ts';
import { mustFindAsset } from './asset-names.ts';

type Json = Record<string, unknown>;

/** AMS sends "no end" as Int64.MaxValue; the studio leaves the end out. */
const SAFE = Number.MAX_SAFE_INTEGER;

function definitionOf(props: Json): FilterDefinitionData {
  const ptr = props.presentationTimeRange as Json | undefined;
  const def: { -readonly [K in keyof FilterDefinitionData]: FilterDefinitionData[K] } = {};
  if (ptr) {
    if (typeof ptr.presentationWindowDuration === 'number' && ptr.presentationWindowDuration > 0 && ptr.presentationWindowDuration < SAFE) {
      throw notSupported('presentationTimeRange.presentationWindowDuration (a live window)', 'the studio serves on-demand assets.');
    }
    if (typeof ptr.liveBackoffDuration === 'number' && ptr.liveBackoffDuration > 0) throw notSupported('presentationTimeRange.liveBackoffDuration (live)');
    const range: Json = {};
    if (typeof ptr.startTimestamp === 'number' && ptr.startTimestamp >= 0) range.startTimestamp = ptr.startTimestamp;
    if (typeof ptr.endTimestamp === 'number' && ptr.endTimestamp < SAFE) range.endTimestamp = ptr.endTimestamp;
    if (typeof ptr.timescale === 'number') range.timescale = ptr.timescale;
    if (Object.keys(range).length > 0) def.presentationTimeRange = range as FilterDefinitionData['presentationTimeRange'];
  }
  if (Array.isArray(props.tracks)) def.tracks = props.tracks as FilterDefinitionData['tracks'];
  const fq = props.firstQuality as Json | undefined;
  if (fq && typeof fq.bitrate === 'number') def.firstQuality = { bitrate: fq.bitrate };
  return def;
}

function filterJson(account: AccountRef, f: FilterData, assetName: string | null) {
  const d = f.definition;
  const props = {
    ...(d.presentationTimeRange && { presentationTimeRange: { timescale: 10_000_000, ...d.presentationTimeRange } }),
    ...(d.firstQuality && { firstQuality: d.firstQuality }),
    tracks: d.tracks ?? [],
  };
  return assetName === null
    ? resource(account, 'accountFilters', `accountFilters/${encodeURIComponent(f.name)}`, f.name, props)
    : resource(account, 'assets/assetFilters', `assets/${encodeURIComponent(assetName)}/assetFilters/${encodeURIComponent(f.name)}`, f.name, props);
}

async function scope(req: ArmRequest, svc: ArmServices): Promise<{ assetId: string | null; assetName: string | null }> {
  if (req.params.assetName === undefined) return { assetId: null, assetName: null };
  const { asset, armName } = await mustFindAsset(svc.call, req.params.assetName);
  return { assetId: asset.id, assetName: armName };
}

async function list(req: ArmRequest, svc: ArmServices) {
  const s = await scope(req, svc);
  const all = await svc.call('filters.list', s.assetId === null ? {} : { assetId: s.assetId });
  const mine = all.filter((f) => f.assetId === s.assetId);
  return ok(page(mine.map((f) => filterJson(req.account, f, s.assetName)), req.url, { filterFields: ['name'], orderFields: ['name'] }));
}

async function get(req: ArmRequest, svc: ArmServices) {
  const s = await scope(req, svc);
  const name = req.params.filterName ?? '';
  const found = (await svc.call('filters.list', s.assetId === null ? {} : { assetId: s.assetId })).find((f) => f.name === name && f.assetId === s.assetId);
  if (!found) throw notFound(s.assetId === null ? 'account filter' : 'asset filter', name);
  return ok(filterJson(req.account, found, s.assetName));
}

async function put(req: ArmRequest, svc: ArmServices) {
  const s = await scope(req, svc);
  const name = req.params.filterName ?? '';
  if (!/^[A-Za-z0-9_.-]{1,128}$/.test(name)) throw badRequest(`The filter name "${name}" may hold letters, digits, "-", "_" and "." (1–128); it appears in URLs as filter=${name}.`);
  const existed = (await svc.call('filters.list', s.assetId === null ? {} : { assetId: s.assetId })).some((f) => f.name === name && f.assetId === s.assetId);
  const saved = await svc.call('filters.save', { name, assetId: s.assetId, definition: definitionOf(propertiesOf(req.body)) });
  return ok(filterJson(req.account, saved, s.assetName), existed && req.method === 'PUT' ? 200 : req.method === 'PUT' ? 201 : 200);
}

async function remove(req: ArmRequest, svc: ArmServices) {
  const s = await scope(req, svc);
  const name = req.params.filterName ?? '';
  const exists = (await svc.call('filters.list', s.assetId === null ? {} : { assetId: s.assetId })).some((f) => f.name === name && f.assetId === s.assetId);
  if (!exists) return noContent();
  await svc.call('filters.delete', { name, assetId: s.assetId });
  return { status: 200 };
}

async function patch(req: ArmRequest, svc: ArmServices) {
  await get(req, svc);
  return put(req, svc);
}

export const filterRoutes: ArmRoute[] = [
  { method: 'GET', path: 'accountFilters', handler: list },
  { method: 'GET', path: 'accountFilters/:filterName', handler: get },
  { method: 'PUT', path: 'accountFilters/:filterName', handler: put },
  { method: 'PATCH', path: 'accountFilters/:filterName', handler: patch },
  { method: 'DELETE', path: 'accountFilters/:filterName', handler: remove },
  { method: 'GET', path: 'assets/:assetName/assetFilters', handler: list },
  { method: 'GET', path: 'assets/:assetName/assetFilters/:filterName', handler: get },
  { method: 'PUT', path: 'assets/:assetName/assetFilters/:filterName', handler: put },
  { method: 'PATCH', path: 'assets/:assetName/assetFilters/:filterName', handler: patch },
  { method: 'DELETE', path: 'assets/:assetName/assetFilters/:filterName', handler: remove },
];
