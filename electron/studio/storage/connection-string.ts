/**
 * Connection strings carry secrets (AccountKey, SharedAccessSignature): never print one. This names
 * the account and endpoint only, for messages and Settings.
 */
export function parseConnectionString(cs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of cs.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

export function describeConnectionString(cs: string): string {
  const p = parseConnectionString(cs);
  const account = p.get('accountname');
  const endpoint =
    p.get('blobendpoint') ??
    (account ? `${p.get('defaultendpointsprotocol') ?? 'https'}://${account}.blob.${p.get('endpointsuffix') ?? 'core.windows.net'}` : undefined);
  if (endpoint) return `the storage account ${account ?? ''} at ${endpoint.replace(/\?.*$/, '')}`.replace('account  at', 'account at');
  return 'the storage account (connection string without an endpoint)';
}

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function azuriteConnectionString(blobEndpointBase: string): string {
  const base = blobEndpointBase.replace(/\/+$/, '');
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${base}/${AZURITE_ACCOUNT};`;
}
