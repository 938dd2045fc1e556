import { CatalogError } from './catalog-error.ts';
import type { Catalog } from './open-catalog.ts';
import { int, intOrNull, json, text, textOrNull } from './sql-row.ts';
import type { EndpointSettings, IpAllowRule } from './types.ts';

/** The streaming endpoint's settings (one row, seeded: 127.0.0.1:8787, CORS `*`). */
export function getEndpointSettings(catalog: Catalog): EndpointSettings {
  const row = catalog.db.prepare('SELECT * FROM streaming_endpoint WHERE id = 1').get();
  if (!row) throw new Error('catalog is missing its streaming_endpoint row (migration 1 seeds it)');
  return {
    host: text(row, 'host'),
    port: int(row, 'port'),
    corsOrigins: json<string[]>(row, 'cors_origins'),
    maxAgeSec: intOrNull(row, 'max_age_sec'),
    ipAllow: json<IpAllowRule[]>(row, 'ip_allow'),
    hostName: textOrNull(row, 'host_name'),
  };
}

export function updateEndpointSettings(catalog: Catalog, patch: Partial<EndpointSettings>): EndpointSettings {
  return catalog.transaction(() => updateEndpointRow(catalog, patch));
}

function updateEndpointRow(catalog: Catalog, patch: Partial<EndpointSettings>): EndpointSettings {
  const next = { ...getEndpointSettings(catalog), ...patch };
  if (!Number.isInteger(next.port) || next.port < 0 || next.port > 65535) {
    throw new CatalogError('invalid-argument', `Port ${next.port} is not valid: use a whole number from 1 to 65535 (0 = any free port).`);
  }
  if (next.maxAgeSec !== null && (!Number.isInteger(next.maxAgeSec) || next.maxAgeSec < 0)) {
    throw new CatalogError('invalid-argument', `Max age ${next.maxAgeSec} is not valid: use a whole number of seconds (0 or more).`);
  }
  catalog.db
    .prepare(
      `UPDATE streaming_endpoint SET host = ?, port = ?, cors_origins = ?, max_age_sec = ?, ip_allow = ?, host_name = ? WHERE id = 1`,
    )
    .run(
      next.host,
      next.port,
      JSON.stringify(next.corsOrigins),
      next.maxAgeSec,
      JSON.stringify(next.ipAllow),
      next.hostName,
    );
  return getEndpointSettings(catalog);
}
