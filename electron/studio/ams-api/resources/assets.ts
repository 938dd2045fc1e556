/**
 * Assets: createOrUpdate, get, list ($filter/$orderby/$top, paged), delete, listContainerSas,
 * listStreamingLocators, getEncryptionKey, and the asset's tracks (asset-tracks.ts). An asset is a studio asset (same id), so one made here
 * shows in the desktop UI and the reverse; its container is `asset-<id>` in the attached storage.
 */
import type { AssetData } from '../../api/contract.ts';
import { CONTAINER_PERMISSIONS, StorageError } from '../../storage/blob-store.ts';
import { assetContainerName } from '../../storage/names.ts';
import { ArmError, badRequest, notSupported } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRoute, type ArmServices } from '../arm-context.ts';
import { page } from '../odata-query.ts';
import { armAssetNames, findAsset, mustFindAsset } from './asset-names.ts';
import { trackRoutes } from './asset-tracks.ts';
import { locatorJson } from './streaming-locators.ts';

const FILTER_FIELDS = ['name', 'properties/created', 'properties/lastModified', 'properties/alternateId', 'properties/assetId'];
const ORDER_FIELDS = ['name', 'properties/created', 'properties/lastModified'];

/** The storage account's name as AMS reports it on assets ("the storage account NAME at …"). */
async function storageAccountName(svc: ArmServices): Promise<string> {
  if (!svc.storage) return 'local';
  const store = await svc.storage.blob();
  return /storage account (\S+) at/.exec(store.description)?.[1] ?? 'blob';
}

export function assetJson(account: AccountRef, svc: ArmServices, a: AssetData, armName: string, accountName: string) {
  const meta = svc.store.assetMeta(a.id);
  return resource(account, 'assets', `assets/${encodeURIComponent(armName)}`, armName, {
    assetId: a.id,
    created: a.createdAt,
    lastModified: a.updatedAt,
    ...(meta.alternateId !== null && { alternateId: meta.alternateId }),
    ...(meta.description !== null && { description: meta.description }),
    // Blob assets: their container; assets made in the desktop app: their folder under the library.
    container: a.storage === 'blob' ? assetContainerName(a.id) : a.folder,
    storageAccountName: a.storage === 'blob' ? accountName : 'library-folder',
    storageEncryptionFormat: 'None',
  });
}

function optionalString(props: Record<string, unknown>, key: string): string | null {
  const v = props[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw badRequest(`properties.${key} must be a string.`);
  return v;
}

const PERMISSIONS = new Map(CONTAINER_PERMISSIONS.map((p) => [p.toLowerCase(), p]));

function storageFailure(err: unknown, what: string): never {
  if (err instanceof StorageError) {
    if (err.code === 'not-supported') throw notSupported(what, err.message);
    if (err.code === 'invalid-argument') throw badRequest(err.message);
    throw new ArmError(err.retryable ? 503 : 500, err.retryable ? 'ServiceUnavailable' : 'InternalServerError', err.message);
  }
  throw err;
}

export const assetRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'assets',
    handler: async (req, svc) => {
      const assets = await svc.call('assets.list', {});
      const accountName = assets.some((a) => a.storage === 'blob') ? await storageAccountName(svc) : 'local';
      const items = [...armAssetNames(assets)].map(([name, a]) => assetJson(req.account, svc, a, name, accountName));
      return ok(page(items, req.url, { filterFields: FILTER_FIELDS, orderFields: ORDER_FIELDS }));
    },
  },
  {
    method: 'GET',
    path: 'assets/:assetName',
    handler: async (req, svc) => {
      const { asset, armName } = await mustFindAsset(svc.call, req.params.assetName ?? '');
      return ok(assetJson(req.account, svc, asset, armName, asset.storage === 'blob' ? await storageAccountName(svc) : 'local'));
    },
  },
  {
    method: 'PUT',
    path: 'assets/:assetName',
    handler: async (req, svc) => {
      const name = req.params.assetName ?? '';
      const props = propertiesOf(req.body);
      if (typeof props.container === 'string' && props.container !== '') {
        throw notSupported('Naming an asset container (properties.container)', 'the studio names each container asset-<assetId>, the AMS default.');
      }
      const meta = { description: optionalString(props, 'description'), alternateId: optionalString(props, 'alternateId') };
      const found = await findAsset(svc.call, name);
      if (found) {
        svc.store.setAssetMeta(found.asset.id, meta);
        const accountName = found.asset.storage === 'blob' ? await storageAccountName(svc) : 'local';
        return ok(assetJson(req.account, svc, found.asset, found.armName, accountName));
      }
      // As in AMS, an asset made through the API is a container in the storage account.
      const asset = await svc.call('assets.create', { name, storage: svc.storage ? 'blob' : 'local' });
      svc.store.setAssetMeta(asset.id, meta);
      return ok(assetJson(req.account, svc, asset, name, svc.storage ? await storageAccountName(svc) : 'local'), 201);
    },
  },
  {
    method: 'DELETE',
    path: 'assets/:assetName',
    handler: async (req, svc) => {
      const found = await findAsset(svc.call, req.params.assetName ?? '');
      if (!found) return noContent();
      await svc.call('assets.delete', { id: found.asset.id });
      svc.store.deleteAssetMeta(found.asset.id);
      return { status: 200 };
    },
  },
  {
    method: 'POST',
    path: 'assets/:assetName/listContainerSas',
    handler: async (req, svc) => {
      const { asset } = await mustFindAsset(svc.call, req.params.assetName ?? '');
      const body = (req.body ?? {}) as { permissions?: unknown; expiryTime?: unknown };
      const permission = PERMISSIONS.get(String(body.permissions ?? 'Read').toLowerCase());
      if (!permission) throw badRequest(`permissions must be one of ${CONTAINER_PERMISSIONS.join(', ')}; got "${String(body.permissions)}".`);
      const expiry = new Date(String(body.expiryTime ?? ''));
      if (Number.isNaN(expiry.getTime())) throw badRequest('expiryTime must be an ISO 8601 instant less than 24 hours from now.');
      if (!svc.storage) throw notSupported('listContainerSas', "no blob storage is attached to this studio's API.");
      if (asset.storage !== 'blob') {
        throw notSupported(`listContainerSas for the asset '${req.params.assetName ?? ''}'`, 'it was made in the desktop app and lives in the library folder, not in blob storage.');
      }
      try {
        const store = await svc.storage.blob();
        return ok({ assetContainerSasUrls: [await store.containerSasUrl(assetContainerName(asset.id), permission, expiry)] });
      } catch (err) {
        return storageFailure(err, 'listContainerSas');
      }
    },
  },
  {
    method: 'POST',
    path: 'assets/:assetName/listStreamingLocators',
    handler: async (req, svc) => {
      const { asset, armName } = await mustFindAsset(svc.call, req.params.assetName ?? '');
      const locators = await svc.call('locators.list', { assetId: asset.id });
      return ok({
        streamingLocators: locators.map((l) => {
          const p = locatorJson(req.account, l, armName).properties;
          return {
            name: l.name,
            assetName: armName,
            created: p.created,
            startTime: p.startTime,
            endTime: p.endTime,
            streamingLocatorId: l.id,
            streamingPolicyName: l.policyName,
            defaultContentKeyPolicyName: p.defaultContentKeyPolicyName,
          };
        }),
      });
    },
  },
  {
    method: 'POST',
    path: 'assets/:assetName/getEncryptionKey',
    handler: async (req, svc) => {
      await mustFindAsset(svc.call, req.params.assetName ?? '');
      // AMS returned the key of assets encrypted at rest (a v2 feature); the studio never encrypts at rest.
      throw badRequest('The asset is not encrypted at rest (storageEncryptionFormat None): it has no storage encryption key.');
    },
  },
  ...trackRoutes,
];
