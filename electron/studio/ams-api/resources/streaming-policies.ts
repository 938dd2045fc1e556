/**
 * Streaming policies: the predefined ones and custom clear ones (which protocols), as the studio
 * has them. A custom policy with encryption is refused by name: the studio's protected policies are
 * the predefined Predefined_ClearKey / Predefined_MultiDrm* ones.
 */
import { ArmError, notFound, notSupported, badRequest } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRoute } from '../arm-context.ts';
import type { Protocol } from '../../../../packaging-core/index.ts';
import type { EncryptionScheme as Scheme } from '../../catalog/types.ts';
import { page } from '../odata-query.ts';

interface Policy {
  readonly name: string;
  readonly protocols: readonly Protocol[];
  readonly encryptionScheme: Scheme;
  readonly createdAt: string;
}

const enabledProtocols = (protocols: readonly Protocol[], only?: readonly Protocol[]) => {
  const on = (p: Protocol): boolean => protocols.includes(p) && (!only || only.includes(p));
  return { download: on('download'), dash: on('dash'), hls: on('hls'), smoothStreaming: on('smooth') };
};

/** The content key types (StreamingLocatorContentKeyType) a locator under this scheme has. */
export function contentKeyTypes(scheme: Scheme): string[] {
  switch (scheme) {
    case 'NoEncryption':
      return [];
    case 'CommonEncryptionCencAndCbcs':
      return ['CommonEncryptionCenc', 'CommonEncryptionCbcs'];
    default:
      return [scheme];
  }
}

export function policyJson(account: AccountRef, p: Policy) {
  const s = p.encryptionScheme;
  const props: Record<string, unknown> = { created: p.createdAt };
  if (s === 'NoEncryption') props.noEncryption = { enabledProtocols: enabledProtocols(p.protocols) };
  if (s === 'EnvelopeEncryption') props.envelopeEncryption = { enabledProtocols: enabledProtocols(p.protocols, ['hls']) };
  if (s === 'CommonEncryptionCenc' || s === 'CommonEncryptionCencAndCbcs') {
    props.commonEncryptionCenc = { enabledProtocols: enabledProtocols(p.protocols, ['dash', 'smooth']), clearTracks: [] };
  }
  if (s === 'CommonEncryptionCbcs' || s === 'CommonEncryptionCencAndCbcs') {
    props.commonEncryptionCbcs = { enabledProtocols: enabledProtocols(p.protocols, ['hls']), clearTracks: [] };
  }
  return resource(account, 'streamingPolicies', `streamingPolicies/${encodeURIComponent(p.name)}`, p.name, props);
}

function protocolsOf(ep: unknown): Protocol[] {
  const e = (ep ?? {}) as Record<string, unknown>;
  const out: Protocol[] = [];
  if (e.hls === true) out.push('hls');
  if (e.dash === true) out.push('dash');
  if (e.smoothStreaming === true) out.push('smooth');
  if (e.download === true) out.push('download');
  return out;
}

export const streamingPolicyRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'streamingPolicies',
    handler: async (req, svc) => {
      const items = (await svc.call('policies.list', {})).map((p) => policyJson(req.account, p));
      return ok(page(items, req.url, { filterFields: ['name', 'properties/created'], orderFields: ['name', 'properties/created'] }));
    },
  },
  {
    method: 'GET',
    path: 'streamingPolicies/:name',
    handler: async (req, svc) => {
      const p = (await svc.call('policies.list', {})).find((x) => x.name === req.params.name);
      if (!p) throw notFound('streaming policy', req.params.name ?? '');
      return ok(policyJson(req.account, p));
    },
  },
  {
    method: 'PUT',
    path: 'streamingPolicies/:name',
    handler: async (req, svc) => {
      const name = req.params.name ?? '';
      const props = propertiesOf(req.body);
      for (const k of ['envelopeEncryption', 'commonEncryptionCenc', 'commonEncryptionCbcs'] as const) {
        if (props[k] !== undefined) {
          throw notSupported(`A custom streaming policy with ${k}`, 'use Predefined_ClearKey, Predefined_MultiDrmCencStreaming or Predefined_MultiDrmStreaming for protected streaming.');
        }
      }
      const protocols = protocolsOf((props.noEncryption as { enabledProtocols?: unknown } | undefined)?.enabledProtocols);
      if (protocols.length === 0) throw badRequest('properties.noEncryption.enabledProtocols must enable at least one of hls, dash, smoothStreaming, download.');
      if ((await svc.call('policies.list', {})).some((p) => p.name === name)) {
        throw new ArmError(409, 'Conflict', `The streaming policy '${name}' exists already; streaming policies cannot be updated.`);
      }
      return ok(policyJson(req.account, await svc.call('policies.create', { name, protocols })), 201);
    },
  },
  {
    method: 'DELETE',
    path: 'streamingPolicies/:name',
    handler: async (req, svc) => {
      const exists = (await svc.call('policies.list', {})).some((p) => p.name === req.params.name);
      if (!exists) return noContent();
      throw notSupported('Deleting a streaming policy', 'the studio keeps streaming policies (locators refer to them).');
    },
  },
];
