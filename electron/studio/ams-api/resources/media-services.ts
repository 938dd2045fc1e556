/**
 * The account itself (mediaservices.get). The studio is one Media Services account under whatever
 * subscription, resource group and account name the client's code uses, so AMS code runs with only
 * its endpoint and credential changed. Creating, updating or deleting accounts is not supported.
 */
import { createHash } from 'node:crypto';
import { ArmError, notSupported } from '../arm-error.ts';
import { ok, type ArmRoute } from '../arm-context.ts';

/** A stable id for this library (AMS's mediaServiceId is a GUID). */
function mediaServiceId(libraryDir: string): string {
  const h = createHash('sha256').update(libraryDir).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const unsupported = async (): Promise<never> => {
  throw notSupported('Creating, updating or deleting a Media Services account', 'the studio is one account; address it under any name.');
};

export const mediaServicesRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: '',
    handler: async (req, svc) =>
      ok({
        id: req.account.id,
        name: req.account.name,
        type: 'Microsoft.Media/mediaservices',
        location: 'local',
        tags: {},
        properties: {
          mediaServiceId: mediaServiceId(svc.libraryDir),
          storageAccounts: [
            {
              id: `/subscriptions/${req.account.subscriptionId}/resourceGroups/${req.account.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${svc.storage ? 'blob' : 'local'}`,
              type: 'Primary',
            },
          ],
          storageAuthentication: 'System',
          publicNetworkAccess: 'Enabled',
          provisioningState: 'Succeeded',
          privateEndpointConnections: [],
        },
      }),
  },
  { method: 'PUT', path: '', handler: unsupported },
  { method: 'PATCH', path: '', handler: unsupported },
  { method: 'DELETE', path: '', handler: unsupported },
  {
    method: 'POST',
    path: 'syncStorageKeys',
    handler: async () => ok({}),
  },
  {
    method: 'POST',
    path: 'listEdgePolicies',
    handler: async () => {
      throw notSupported('listEdgePolicies (Live Video Analytics edge policies)');
    },
  },
  {
    method: 'GET',
    path: 'asyncOperations/:id',
    handler: async (req, svc) => {
      const op = svc.operations.get(req.params.id ?? '');
      if (!op) throw new ArmError(404, 'ResourceNotFound', `No operation ${req.params.id ?? ''}: operation statuses are kept while the studio runs.`);
      return ok(op);
    },
  },
];
