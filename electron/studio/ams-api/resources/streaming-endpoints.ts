/**
 * Streaming endpoints: the studio's one origin, `default`. get/list give its hostName (host:port of
 * the origin, which speaks HTTP), state and settings; start, stop and scale are long-running
 * operations (202 + Azure-AsyncOperation) as the SDK's begin…AndWait pollers expect. The studio has
 * one origin process: scaleUnits is recorded and reported, not multiplied.
 */
import { ArmError, badRequest, notFound, notSupported } from '../arm-error.ts';
import { ok, propertiesOf, type AccountRef, type ArmRequest, type ArmRoute, type ArmServices } from '../arm-context.ts';

export const DEFAULT_ENDPOINT = 'default';

function checkName(name: string | undefined): void {
  if ((name ?? '').toLowerCase() !== DEFAULT_ENDPOINT) {
    throw notFound('streaming endpoint', `${name ?? ''}' (the studio has one streaming endpoint, 'default'`);
  }
}

/** host[:port] of the origin as published URLs use it (what AMS clients prefix with a scheme). */
export async function endpointHostName(svc: ArmServices): Promise<string> {
  const [status, settings] = await Promise.all([svc.call('endpoint.status', {}), svc.call('endpoint.settings.get', {})]);
  if (status.url) return new URL(status.url).host;
  if (settings.hostName) return settings.hostName.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return `${settings.host}:${settings.port}`;
}

async function endpointJson(account: AccountRef, svc: ArmServices) {
  const [status, settings] = await Promise.all([svc.call('endpoint.status', {}), svc.call('endpoint.settings.get', {})]);
  const { scaleUnits, transition, lastModified } = svc.endpointState;
  const cors = settings.corsOrigins.length > 0;
  return {
    id: `${account.id}/streamingendpoints/${DEFAULT_ENDPOINT}`,
    name: DEFAULT_ENDPOINT,
    type: 'Microsoft.Media/mediaservices/streamingEndpoints',
    location: 'local',
    tags: {},
    sku: { name: scaleUnits > 0 ? 'Premium' : 'Standard', capacity: scaleUnits > 0 ? scaleUnits * 200 : 600 },
    properties: {
      description: 'The studio origin (dynamic packaging)',
      scaleUnits,
      hostName: await endpointHostName(svc),
      ...(settings.maxAgeSec !== null && { maxCacheAge: settings.maxAgeSec }),
      customHostNames: settings.hostName ? [settings.hostName] : [],
      cdnEnabled: false,
      provisioningState: 'Succeeded',
      resourceState: transition ?? (status.state === 'Running' ? 'Running' : 'Stopped'),
      ...(cors && { crossSiteAccessPolicies: {} }),
      ...(settings.ipAllow.length > 0 && {
        accessControl: { ip: { allow: settings.ipAllow.map((r) => ({ name: r.name, address: r.address, ...(r.subnetPrefixLength !== undefined && { subnetPrefixLength: r.subnetPrefixLength }) })) } },
      }),
      created: lastModified,
      lastModified,
    },
  };
}

function lro(req: ArmRequest, svc: ArmServices, state: 'Starting' | 'Stopping' | 'Scaling', work: () => Promise<unknown>) {
  checkName(req.params.name);
  const st = svc.endpointState;
  st.transition = state;
  return svc.operations.accept(
    async () => {
      try {
        await work();
        st.lastModified = new Date().toISOString();
      } finally {
        st.transition = null;
      }
    },
    req.account.id,
    req.url,
  );
}

const oneEndpointOnly = async (): Promise<never> => {
  throw notSupported('Creating or deleting streaming endpoints', "the studio has one streaming endpoint, 'default'; start, stop, scale or update it.");
};

export const streamingEndpointRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'streamingEndpoints',
    handler: async (req, svc) => ok({ value: [await endpointJson(req.account, svc)] }),
  },
  {
    method: 'GET',
    path: 'streamingEndpoints/:name',
    handler: async (req, svc) => {
      checkName(req.params.name);
      return ok(await endpointJson(req.account, svc));
    },
  },
  {
    method: 'POST',
    path: 'streamingEndpoints/:name/start',
    handler: async (req, svc) => lro(req, svc, 'Starting', () => svc.call('endpoint.start', {})),
  },
  {
    method: 'POST',
    path: 'streamingEndpoints/:name/stop',
    handler: async (req, svc) => lro(req, svc, 'Stopping', () => svc.call('endpoint.stop', {})),
  },
  {
    method: 'POST',
    path: 'streamingEndpoints/:name/scale',
    handler: async (req, svc) => {
      const units = (req.body as { scaleUnit?: unknown } | undefined)?.scaleUnit;
      if (typeof units !== 'number' || !Number.isInteger(units) || units < 0 || units > 10) {
        throw badRequest('scaleUnit must be a whole number from 0 to 10.');
      }
      return lro(req, svc, 'Scaling', async () => {
        svc.endpointState.scaleUnits = units;
      });
    },
  },
  {
    method: 'PATCH',
    path: 'streamingEndpoints/:name',
    handler: async (req, svc) => {
      checkName(req.params.name);
      const p = propertiesOf(req.body);
      if (p.maxCacheAge !== undefined && (typeof p.maxCacheAge !== 'number' || p.maxCacheAge < 0)) {
        throw badRequest('properties.maxCacheAge must be a number of seconds ≥ 0.');
      }
      if (p.cdnEnabled === true) throw notSupported('CDN integration (cdnEnabled)');
      return lro(req, svc, 'Scaling', async () => {
        if (typeof p.maxCacheAge === 'number') await svc.call('endpoint.settings.set', { maxAgeSec: Math.round(p.maxCacheAge) });
      });
    },
  },
  {
    method: 'PUT',
    path: 'streamingEndpoints/:name',
    handler: async (req) => {
      if ((req.params.name ?? '').toLowerCase() === DEFAULT_ENDPOINT) {
        throw new ArmError(409, 'Conflict', "The streaming endpoint 'default' exists; update it with PATCH (streamingEndpoints.beginUpdate).");
      }
      return oneEndpointOnly();
    },
  },
  { method: 'DELETE', path: 'streamingEndpoints/:name', handler: oneEndpointOnly },
  {
    method: 'GET',
    path: 'streamingEndpoints/:name/skus',
    handler: async (req) => {
      checkName(req.params.name);
      return ok({ value: [{ resourceType: 'Microsoft.Media/mediaservices/streamingEndpoints', sku: { name: 'Standard' }, capacity: { default: 1, minimum: 0, maximum: 10, scaleType: 'Automatic' } }] });
    },
  },
];
