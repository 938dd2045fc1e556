/**
 * Streaming locators: create, get, list, delete, listPaths, listContentKeys — the studio's locators
 * (same GUID, same URLs), so the desktop UI lists what a client publishes here and the reverse.
 * Content key values are never returned: the studio keeps keys to itself (listContentKeys gives ids).
 */
import type { LocatorData } from '../../api/contract.ts';
import { badRequest, notFound, ArmError } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRoute, type ArmServices } from '../arm-context.ts';
import { page } from '../odata-query.ts';
import { armAssetNames, armNameById, mustFindAsset } from './asset-names.ts';
import { contentKeyTypes } from './streaming-policies.ts';

export function locatorJson(account: AccountRef, l: LocatorData, assetName: string) {
  return resource(account, 'streamingLocators', `streamingLocators/${encodeURIComponent(l.name)}`, l.name, {
    assetName,
    created: l.createdAt,
    ...(l.start !== null && { startTime: l.start }),
    ...(l.end !== null && { endTime: l.end }),
    streamingLocatorId: l.id,
    streamingPolicyName: l.policyName,
    ...(l.contentKeyPolicy ? { defaultContentKeyPolicyName: l.contentKeyPolicy } : {}),
    contentKeys: [],
    filters: [...(l.filters ?? [])],
  });
}

async function findLocator(svc: ArmServices, name: string): Promise<LocatorData> {
  const all = await svc.call('locators.list', {});
  const l = all.find((x) => x.name === name) ?? all.find((x) => x.id === name.toLowerCase());
  if (!l) throw notFound('streaming locator', name);
  return l;
}

const str = (v: unknown, key: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`properties.${key} must be a string.`);
  return v;
};

export const streamingLocatorRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'streamingLocators',
    handler: async (req, svc) => {
      const [locators, assets] = await Promise.all([svc.call('locators.list', {}), svc.call('assets.list', {})]);
      const nameOf = new Map([...armAssetNames(assets)].map(([n, a]) => [a.id, n]));
      const items = locators.map((l) => locatorJson(req.account, l, nameOf.get(l.assetId) ?? l.assetId));
      return ok(page(items, req.url, { filterFields: ['name', 'properties/created', 'properties/endTime'], orderFields: ['name', 'properties/created', 'properties/endTime'] }));
    },
  },
  {
    method: 'GET',
    path: 'streamingLocators/:name',
    handler: async (req, svc) => {
      const l = await findLocator(svc, req.params.name ?? '');
      return ok(locatorJson(req.account, l, await armNameById(svc.call, l.assetId)));
    },
  },
  {
    method: 'PUT',
    path: 'streamingLocators/:name',
    handler: async (req, svc) => {
      const name = req.params.name ?? '';
      const p = propertiesOf(req.body);
      const assetName = str(p.assetName, 'assetName');
      const policyName = str(p.streamingPolicyName, 'streamingPolicyName');
      if (!assetName || !policyName) throw badRequest('properties.assetName and properties.streamingPolicyName are required.');
      const existing = (await svc.call('locators.list', {})).find((l) => l.name === name);
      if (existing) {
        throw new ArmError(409, 'Conflict', `The streaming locator '${name}' exists already; locators cannot be updated — delete it first or use another name.`);
      }
      if (p.alternativeMediaId !== undefined) throw badRequest('properties.alternativeMediaId is not supported by the studio.');
      const { asset, armName } = await mustFindAsset(svc.call, assetName);
      const keys = Array.isArray(p.contentKeys) ? (p.contentKeys as { id?: unknown; value?: unknown }[]) : [];
      // The studio protects a locator with one key; AMS's MultiDrm locators listed the same key per scheme.
      const ids = new Set(keys.map((k) => String(k.id ?? '').toLowerCase()).filter(Boolean));
      if (ids.size > 1) throw badRequest('The studio protects a locator with one content key; give one key id (the same for every scheme).');
      const key = keys.find((k) => k.id !== undefined);
      const keyPolicy = str(p.defaultContentKeyPolicyName, 'defaultContentKeyPolicyName');
      const filters = Array.isArray(p.filters) ? p.filters.map(String) : undefined;
      const locator = await svc.call('locators.create', {
        assetId: asset.id,
        policyName,
        name,
        ...(p.streamingLocatorId !== undefined && { id: String(p.streamingLocatorId) }),
        ...(str(p.startTime, 'startTime') !== undefined && { start: String(p.startTime) }),
        ...(str(p.endTime, 'endTime') !== undefined && { end: String(p.endTime) }),
        ...(filters && { filters }),
        ...((keyPolicy !== undefined || key) && {
          contentKey: {
            ...(keyPolicy !== undefined && { policyName: keyPolicy }),
            ...(key?.id !== undefined && { keyId: String(key.id) }),
            ...(key?.value !== undefined && { key: String(key.value) }),
          },
        }),
      });
      return ok(locatorJson(req.account, locator, armName), 201);
    },
  },
  {
    method: 'DELETE',
    path: 'streamingLocators/:name',
    handler: async (req, svc) => {
      const all = await svc.call('locators.list', {});
      const l = all.find((x) => x.name === req.params.name);
      if (!l) return noContent();
      await svc.call('locators.delete', { id: l.id });
      return { status: 200 };
    },
  },
  {
    method: 'POST',
    path: 'streamingLocators/:name/listPaths',
    handler: async (req, svc) => {
      const l = await findLocator(svc, req.params.name ?? '');
      const paths = await svc.call('locators.paths', { id: l.id });
      return ok({
        streamingPaths: paths.streamingPaths.map((g) => ({ streamingProtocol: g.protocol, encryptionScheme: g.encryptionScheme, paths: [...g.paths] })),
        downloadPaths: [...paths.downloadPaths],
      });
    },
  },
  {
    method: 'POST',
    path: 'streamingLocators/:name/listContentKeys',
    handler: async (req, svc) => {
      const l = await findLocator(svc, req.params.name ?? '');
      if (!l.keyId) return ok({ contentKeys: [] });
      const policies = await svc.call('policies.list', {});
      const scheme = policies.find((p) => p.name === l.policyName)?.encryptionScheme ?? 'NoEncryption';
      return ok({
        contentKeys: contentKeyTypes(scheme).map((type) => ({
          id: l.keyId,
          type,
          labelReferenceInStreamingPolicy: type,
          ...(l.contentKeyPolicy && { policyName: l.contentKeyPolicy }),
          tracks: [],
        })),
      });
    },
  },
];
