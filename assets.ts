/**
 * Assets: createOrUpdate, get, list ($filter/$orderby/$top, paged), delete, listContainerSas,
 * listStreamingLocators, getEncryptionKey. An asset is a studio asset (same id), so one made here
 * shows in the desktop UI and the reverse; its container is `asset-<id>` in the attached storage.
 */
import type { AssetData } from '../../api/contract.ts';
import { CONTAINER_PERMISSIONS, StorageError, type ContainerPermission } from '../../storage/blob-store.ts';
import { assetContainerName } from '../../storage/names.ts';
import { ArmError, badRequest, notSupported } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRoute, type ArmServices } from '../arm-context.ts';
import { page } from '../odata-query.ts';
import { armAssetNames, findAsset, mustFindAsset } from './asset-names.ts';
import { locatorJson } from './streaming-locators.ts';

const FILTER_FIELDS = ['name', 'properties/created', 'properties/lastModified', 'properties/alternateId', 'properties/assetId'];
const ORDER_FIELDS = ['name', 'properties/created', 'properties/lastModified'];

function storageAccountName(svc: ArmServices): string {
  return svc.storage?.kind === 'blob' ? svc.storage.description.replace(/^.*?\b(\w+)\b.*$/, '$1') : 'local';
}

export function assetJson(account: AccountRef, svc: ArmServices, a: AssetData, armName: string) {
  const meta = svc.store.assetMeta(a.id);
  return resource(account, 'assets', `assets/${encodeURIComponent(armName)}`, armName, {
    assetId: a.id,
    created: a.createdAt,
    lastModified: a.updatedAt,
    ...(meta.alternateId !== null && { alternateId: meta.alternateId }),
    ...(meta.description !== null && { description: meta.description }),
    container: assetContainerName(a.id),
    storageAccountName: storageAccountName(svc),
    storageEncryptionFormat: 'None',
  });
}

function optionalString(props: Record<string, unknown>, key: string): string | null {
  const v = props[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw badRequest(`properties.${key} must be a string.`);
  return v;
}

function checkUnsupportedAssetProps(props: Record<string, unknown>): void {
  if (typeof props.container === 'string' && props.container !== '') {
    throw notSupported('Choosing an asset container (properties.container)', 'the studio names each container asset-<assetId>, as AMS did by default.');
  }
  if (typeof props.storageAccountName === 'string' && props.storageAccountName !== '') {
    // The studio has one storage account; naming it is accepted only as a no-op when it is that one.
  }
}

const PERMISSIONS = new Map(CONTAINER_PERMISSIONS.map((p) => [p.toLowerCase(), p]));

function sasError(err: unknown): never {
  if (err instanceof StorageError) {
    if (err.code === 'not-supported') throw notSupported('listContainerSas on the local-folder storage', err.message);
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
      const items = [...armAssetNames(assets)].map(([name, a]) => assetJson(req.account, svc, a, name));
      return ok(page(items, req.url, { filterFields: FILTER_FIELDS, orderFields: ORDER_FIELDS }));
    },
  },
  {
    method: 'GET',
    path: 'assets/:assetName',
    handler: async (req, svc) => {
      const { asset, armName } = await mustFindAsset(svc.call, req.params.assetName ?? '');
      return ok(assetJson(req.account, svc, asset, armName));
    },
  },
  {
    method: 'PUT',
    path: 'assets/:assetName',
    handler: async (req, svc) => {
      const name = req.params.assetName ?? '';
      const props = propertiesOf(req.body);
      checkUnsupportedAssetProps(props);
      const meta = { description: optionalString(props, 'description'), alternateId: optionalString(props, 'alternateId') };
      const found = await findAsset(svc.call, name);
      if (found) {
        svc.store.setAssetMeta(found.asset.id, meta);
        return ok(assetJson(req.account, svc, found.asset, found.armName));
      }
      const asset = await svc.call('assets.create', { name });
      svc.store.setAssetMeta(asset.id, meta);
      if (svc.storage) {
        try {
          const container = assetContainerName(asset.id);
          if (!(await svc.storage.containerExists(container))) await svc.storage.createContainer(container);
        } catch (err) {
          await svc.call('assets.delete', { id: asset.id }).catch(() => undefined);
          sasError(err);
        }
      }
      return ok(assetJson(req.account, svc, asset, name), 201);
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
      if (svc.storage) await svc.storage.deleteContainer(assetContainerName(found.asset.id)).catch(() => false);
      return ok(undefined);
    },
  },
  {
    method: 'POST',
    path: 'assets/:assetName/listContainerSas',
    handler: async (req, svc) => {
      const { asset } = await mustFindAsset(svc.call, req.params.assetName ?? '');
      const body = (req.body ?? {}) as { permissions?: unknown; expiryTime?: unknown };
      const permission = PERMISSIONS.get(String(body.permissions ?? '').toLowerCase());
      if (!permission) throw badRequest(`permissions must be one of ${CONTAINER_PERMISSIONS.join(', ')}.`);
      const expiry = new Date(String(body.expiryTime ?? ''));
      if (Number.isNaN(expiry.getTime())) throw badRequest('expiryTime must be an ISO 8601 instant less than 24 hours from now.');
      if (!svc.storage) throw notSupported('listContainerSas', 'no blob storage is attached to this studio\'s API (start it with blob storage).');
      const container = assetContainerName(asset.id);
      try {
        if (!(await svc.storage.containerExists(container))) await svc.storage.createContainer(container);
        const url = await svc.storage.containerSasUrl(container, permission as ContainerPermission, expiry);
        return ok({ assetContainerSasUrls: [url] });
      } catch (err) {
        return sasError(err);
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
          return { name: l.name, assetName: armName, created: p.created, startTime: p.startTime, endTime: p.endTime, streamingLocatorId: l.id, streamingPolicyName: l.policyName, defaultContentKeyPolicyName: p.defaultContentKeyPolicyName };
        }),
      });
    },
  },
  {
    method: 'POST',
    path: 'assets/:assetName/getEncryptionKey',
    handler: async (req, svc) => {
      await mustFindAsset(svc.call, req.params.assetName ?? '');
      // AMS returned the storage encryption key of assets encrypted at rest (a v2 feature); the studio never encrypts at rest.
      throw new ArmError(400, 'BadRequest', 'The asset is not encrypted at rest (storageEncryptionFormat None): it has no storage encryption key.');
    },
  },
];
