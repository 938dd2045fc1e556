/**
 * Content key policies: create/update, get, list, delete, getPolicyPropertiesWithSecrets. One option
 * per policy, as the studio's key delivery has: a ClearKey configuration (AES-128 envelope keys and
 * W3C ClearKey licences) with an open or a JWT token restriction (symmetric key → HS256; RSA
 * modulus/exponent or an X.509 certificate → RS256; required claims). PlayReady, Widevine and FairPlay
 * configurations are refused by name (no licence servers locally). Secrets come back only from
 * getPolicyPropertiesWithSecrets; get/list blank the verification keys, as AMS did.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import type { ContentKeyPolicyData } from '../../api/contract.ts';
import { ArmError, badRequest, notFound, notSupported } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRoute, type ArmServices } from '../arm-context.ts';
import { page } from '../odata-query.ts';

type Json = Record<string, unknown>;
type Restriction = { kind: 'open' } | { kind: 'token'; issuer: string; audience: string; algorithm: 'HS256' | 'RS256'; verificationKey: string; requiredClaims?: { type: string; value?: string }[] };

const CLEAR_KEY = '#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration';
const OPEN = '#Microsoft.Media.ContentKeyPolicyOpenRestriction';
const TOKEN = '#Microsoft.Media.ContentKeyPolicyTokenRestriction';

const b64 = (v: unknown, what: string): Buffer => {
  if (typeof v !== 'string' || v === '') throw badRequest(`${what} is required (base64).`);
  return Buffer.from(v, 'base64');
};

function verificationKey(key: Json | null | undefined): { algorithm: 'HS256' | 'RS256'; verificationKey: string } {
  const type = String(key?.['@odata.type'] ?? '');
  if (type === '#Microsoft.Media.ContentKeyPolicySymmetricTokenKey') {
    const raw = b64(key?.keyValue, 'primaryVerificationKey.keyValue');
    return { algorithm: 'HS256', verificationKey: raw.toString('base64') };
  }
  if (type === '#Microsoft.Media.ContentKeyPolicyRsaTokenKey') {
    const n = b64(key?.modulus, 'primaryVerificationKey.modulus').toString('base64url');
    const e = b64(key?.exponent, 'primaryVerificationKey.exponent').toString('base64url');
    const pem = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    return { algorithm: 'RS256', verificationKey: pem };
  }
  if (type === '#Microsoft.Media.ContentKeyPolicyX509CertificateTokenKey') {
    const der = b64(key?.rawBody, 'primaryVerificationKey.rawBody');
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`.replace('\n\n', '\n');
    return { algorithm: 'RS256', verificationKey: pem };
  }
  throw badRequest('primaryVerificationKey needs an @odata.type: ContentKeyPolicySymmetricTokenKey, ContentKeyPolicyRsaTokenKey or ContentKeyPolicyX509CertificateTokenKey.');
}

/** The studio restriction an ARM option describes; anything the studio cannot enforce is refused by name. */
function restrictionOf(options: unknown): Restriction {
  if (!Array.isArray(options) || options.length === 0) throw badRequest('properties.options must hold one option.');
  if (options.length > 1) throw notSupported('A content key policy with more than one option', 'the studio delivers keys under one restriction per policy.');
  const option = options[0] as Json;
  const configType = String((option.configuration as Json | undefined)?.['@odata.type'] ?? '');
  if (configType !== CLEAR_KEY) {
    throw notSupported(`The content key configuration ${configType || '(without @odata.type)'}`, 'the studio delivers keys as ClearKey (AES-128 envelope and W3C ClearKey); PlayReady, Widevine and FairPlay need their licence servers.');
  }
  const r = (option.restriction ?? {}) as Json;
  const rType = String(r['@odata.type'] ?? '');
  if (rType === OPEN) return { kind: 'open' };
  if (rType !== TOKEN) throw notSupported(`The restriction ${rType || '(without @odata.type)'}`, 'use ContentKeyPolicyOpenRestriction or ContentKeyPolicyTokenRestriction.');
  if (String(r.restrictionTokenType ?? 'Jwt') !== 'Jwt') throw notSupported(`Token type ${String(r.restrictionTokenType)}`, 'the studio verifies JWTs.');
  if (Array.isArray(r.alternateVerificationKeys) && r.alternateVerificationKeys.length > 0) throw notSupported('alternateVerificationKeys');
  if (typeof r.openIdConnectDiscoveryDocument === 'string' && r.openIdConnectDiscoveryDocument) throw notSupported('openIdConnectDiscoveryDocument', 'give the verification key itself.');
  const claims = Array.isArray(r.requiredClaims) ? (r.requiredClaims as Json[]) : [];
  return {
    kind: 'token',
    issuer: String(r.issuer ?? ''),
    audience: String(r.audience ?? ''),
    ...verificationKey(r.primaryVerificationKey as Json | null),
    requiredClaims: claims.map((c) => ({ type: String(c.claimType ?? ''), ...(typeof c.claimValue === 'string' && { value: c.claimValue }) })),
  };
}

/** The ARM options of a policy: the stored body when made here, else derived from the studio's restriction. */
function optionsOf(svc: ArmServices, p: ContentKeyPolicyData, withSecrets: boolean): Json[] {
  const stored = svc.store.keyPolicyBody(p.name);
  const options = Array.isArray(stored?.options)
    ? (stored.options as Json[])
    : [
        {
          policyOptionId: randomUUID(),
          name: p.restriction.kind,
          configuration: { '@odata.type': CLEAR_KEY },
          restriction:
            p.restriction.kind === 'open'
              ? { '@odata.type': OPEN }
              : {
                  '@odata.type': TOKEN,
                  issuer: p.restriction.issuer,
                  audience: p.restriction.audience,
                  primaryVerificationKey: null,
                  requiredClaims: (p.restriction.requiredClaims ?? []).map((c) => ({ claimType: c.type, claimValue: c.value })),
                  restrictionTokenType: 'Jwt',
                },
        },
      ];
  if (withSecrets) return options;
  return options.map((o) => {
    const r = o.restriction as Json;
    const key = r.primaryVerificationKey as Json | null | undefined;
    if (!key) return o;
    // Blank the key material, keep its type: what AMS's get returned.
    const blank: Json = { '@odata.type': key['@odata.type'], keyValue: null, modulus: null, exponent: null, rawBody: null };
    for (const k of Object.keys(blank)) if (blank[k] === null && !(k in key)) delete blank[k];
    return { ...o, restriction: { ...r, primaryVerificationKey: blank } };
  });
}

function propertiesJson(svc: ArmServices, p: ContentKeyPolicyData, withSecrets: boolean): Json {
  const stored = svc.store.keyPolicyBody(p.name);
  return {
    policyId: typeof stored?.policyId === 'string' ? stored.policyId : randomUUID(),
    created: p.createdAt,
    lastModified: typeof stored?.lastModified === 'string' ? stored.lastModified : p.createdAt,
    ...(p.description !== null && { description: p.description }),
    options: optionsOf(svc, p, withSecrets),
  };
}

const policyJson = (account: AccountRef, svc: ArmServices, p: ContentKeyPolicyData) =>
  resource(account, 'contentKeyPolicies', `contentKeyPolicies/${encodeURIComponent(p.name)}`, p.name, propertiesJson(svc, p, false));

async function mustFind(svc: ArmServices, name: string): Promise<ContentKeyPolicyData> {
  const p = (await svc.call('contentKeyPolicies.list', {})).find((x) => x.name === name);
  if (!p) throw notFound('content key policy', name);
  return p;
}

export const contentKeyPolicyRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'contentKeyPolicies',
    handler: async (req, svc) => {
      const items = (await svc.call('contentKeyPolicies.list', {})).map((p) => policyJson(req.account, svc, p));
      return ok(page(items, req.url, { filterFields: ['name', 'properties/created', 'properties/lastModified'], orderFields: ['name', 'properties/created', 'properties/lastModified'] }));
    },
  },
  {
    method: 'GET',
    path: 'contentKeyPolicies/:name',
    handler: async (req, svc) => ok(policyJson(req.account, svc, await mustFind(svc, req.params.name ?? ''))),
  },
  {
    method: 'POST',
    path: 'contentKeyPolicies/:name/getPolicyPropertiesWithSecrets',
    handler: async (req, svc) => ok(propertiesJson(svc, await mustFind(svc, req.params.name ?? ''), true)),
  },
  {
    method: 'PUT',
    path: 'contentKeyPolicies/:name',
    handler: async (req, svc) => {
      const name = req.params.name ?? '';
      const props = propertiesOf(req.body);
      const restriction = restrictionOf(props.options);
      const description = typeof props.description === 'string' ? props.description : undefined;
      const existing = (await svc.call('contentKeyPolicies.list', {})).find((x) => x.name === name);
      if (existing?.builtin) throw new ArmError(409, 'Conflict', `"${name}" is a built-in content key policy of the studio.`);
      // The studio has no in-place update: replace it (refused while a locator's key uses it).
      if (existing) await svc.call('contentKeyPolicies.delete', { name });
      const created = await svc.call('contentKeyPolicies.create', { name, ...(description !== undefined && { description }), restriction });
      const now = new Date().toISOString();
      const options = (props.options as Json[]).map((o) => ({ ...o, policyOptionId: typeof o.policyOptionId === 'string' ? o.policyOptionId : randomUUID() }));
      svc.store.setKeyPolicyBody(name, { policyId: randomUUID(), lastModified: now, options });
      return ok(policyJson(req.account, svc, created), existing ? 200 : 201);
    },
  },
  {
    method: 'DELETE',
    path: 'contentKeyPolicies/:name',
    handler: async (req, svc) => {
      const exists = (await svc.call('contentKeyPolicies.list', {})).some((x) => x.name === req.params.name);
      if (!exists) return noContent();
      await svc.call('contentKeyPolicies.delete', { name: req.params.name ?? '' });
      svc.store.setKeyPolicyBody(req.params.name ?? '', null);
      return { status: 200 };
    },
  },
];
