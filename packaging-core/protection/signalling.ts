/**
 * How manifests announce encryption:
 *  - HLS: EXT-X-KEY before the first segment (after EXT-X-MAP, so the init segment stays clear):
 *    METHOD=AES-128 for the envelope (no IV attribute: the sequence number rule), METHOD=SAMPLE-AES
 *    with KEYFORMAT="identity" for cbcs CMAF (the key URI returns the raw key; players take the key id
 *    from the init segment's tenc).
 *  - DASH: the mp4protection descriptor with cenc:default_KID, the W3C ClearKey system with its
 *    licence URL (dashif:Laurl), and one ContentProtection per configured extra DRM system.
 */
import { escapeXml } from '../manifest/xml/escape-xml.ts';
import type { DrmSystemSignal, ProtectionScheme } from '../types/request.ts';
import { PLAYREADY_SYSTEM_ID, playReadyKeyIdHeader } from './playready-header.ts';
import { pssh } from '../mp4/protection-boxes.ts';
import { CLEARKEY_SYSTEM_ID } from './key-systems.ts';

export interface ManifestProtection {
  readonly scheme: ProtectionScheme;
  readonly keyId: string;
  /** Root-relative URL of the raw key. */
  readonly keyUri: string;
  /** Absolute URL of the ClearKey licence endpoint. */
  readonly licenceUrl: string;
  readonly drmSystems: readonly DrmSystemSignal[];
}

export const DASH_PROTECTION_NAMESPACES: readonly [string, string][] = [
  ['xmlns:cenc', 'urn:mpeg:cenc:2013'],
  ['xmlns:dashif', 'https://dashif.org/CPS'],
];

export function hlsKeyTag(p: ManifestProtection): string {
  const uri = `URI="${p.keyUri}"`;
  if (p.scheme === 'cbc') return `#EXT-X-KEY:METHOD=AES-128,${uri}`;
  if (p.scheme === 'cbcs') return `#EXT-X-KEY:METHOD=SAMPLE-AES,${uri},KEYFORMAT="identity",KEYFORMATVERSIONS="1"`;
  return `#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,${uri},KEYFORMAT="identity",KEYFORMATVERSIONS="1"`;
}

/** The playlist with its EXT-X-KEY inserted before the first segment. */
export function withHlsKey(playlist: string, p: ManifestProtection): string {
  const lines = playlist.split('\n');
  const first = lines.findIndex((l) => l.startsWith('#EXTINF'));
  if (first < 0) return playlist;
  lines.splice(first, 0, hlsKeyTag(p));
  return lines.join('\n');
}

export function dashContentProtection(p: ManifestProtection, indent: string): string[] {
  const lines = [
    `${indent}<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="${p.scheme}" cenc:default_KID="${p.keyId}"/>`,
    `${indent}<ContentProtection schemeIdUri="urn:uuid:${CLEARKEY_SYSTEM_ID}" value="ClearKey1.0">`,
    `${indent}  <dashif:Laurl>${escapeXml(p.licenceUrl)}</dashif:Laurl>`,
    `${indent}</ContentProtection>`,
  ];
  for (const system of p.drmSystems) {
    const value = system.value ? ` value="${escapeXml(system.value)}"` : '';
    lines.push(`${indent}<ContentProtection schemeIdUri="urn:uuid:${system.systemId.toLowerCase()}"${value}>`);
    if (system.psshData) lines.push(`${indent}  <cenc:pssh>${escapeXml(psshBase64(system))}</cenc:pssh>`);
    lines.push(`${indent}</ContentProtection>`);
  }
  return lines;
}

/** The MPD with protection namespaces on the root and ContentProtection first in each AdaptationSet. */
export function withDashProtection(mpd: string, p: ManifestProtection): string {
  const out: string[] = [];
  for (const line of mpd.split('\n')) {
    if (line.startsWith('<MPD ')) {
      const ns = DASH_PROTECTION_NAMESPACES.map(([k, v]) => ` ${k}="${v}"`).join('');
      out.push(line.replace('<MPD ', `<MPD${ns} `));
      continue;
    }
    out.push(line);
    const open = /^(\s*)<AdaptationSet[ >]/.exec(line);
    if (open) out.push(...dashContentProtection(p, `${open[1] ?? ''}  `));
  }
  return out.join('\n');
}

function psshBase64(system: DrmSystemSignal): string {
  // The cenc:pssh element holds a whole pssh box.
  return Buffer.from(pssh(system.systemId, null, Buffer.from(system.psshData ?? '', 'base64'))).toString('base64');
}

/**
 * Smooth's Protection element (MS-SSTR 2.2.2.2): one ProtectionHeader per configured system, each
 * that system's own data. Smooth clients take the key id from the first header, parsed as a PlayReady
 * header (dash.js's MssParser does so whatever its SystemID), so a configured PlayReady header goes
 * first and, without one, a key-id-only PlayReady header leads: ClearKey has no Smooth signalling of
 * its own (its key ids travel in the fragments' common pssh).
 */
export function withSmoothProtection(manifest: string, p: ManifestProtection): string {
  const configured = p.drmSystems.map((s) => ({ systemId: s.systemId.toLowerCase(), data: s.psshData ?? '' }));
  const playReady = configured.filter((s) => s.systemId === PLAYREADY_SYSTEM_ID);
  const lead = playReady.length > 0 ? playReady : [{ systemId: PLAYREADY_SYSTEM_ID, data: playReadyKeyIdHeader(p.keyId) }];
  const systems = [...lead, ...configured.filter((s) => s.systemId !== PLAYREADY_SYSTEM_ID)];
  const headers = systems.map((s) => `    <ProtectionHeader SystemID="${s.systemId}">${escapeXml(s.data)}</ProtectionHeader>`);
  const block = ['  <Protection>', ...headers, '  </Protection>'].join('\n');
  return manifest.replace(/(\s*<\/SmoothStreamingMedia>)/, `\n${block}$1`);
}
