/**
 * What the manifests of one protected request signal, computed once from the locator's policy and
 * handed to the MPD, HLS and Smooth writers (types/protection.ts), which write it in place:
 *  - HLS: EXT-X-KEY METHOD=AES-128 for the envelope; METHOD=SAMPLE-AES with KEYFORMAT="identity" for
 *    cbcs CMAF (the key URI returns the raw key; players take the key id from the init's tenc).
 *  - DASH: the mp4protection descriptor with cenc:default_KID, the W3C ClearKey system with its
 *    licence URL (dashif:Laurl), and one ContentProtection per configured DRM system with its pssh.
 *  - Smooth: one ProtectionHeader per configured system, each that system's own data. Smooth clients
 *    take the key id from the first header, parsed as a PlayReady header (dash.js's MssParser does so
 *    whatever its SystemID), so a configured PlayReady header goes first and, without one, a
 *    key-id-only PlayReady header leads: ClearKey has no Smooth signalling of its own (its key ids
 *    travel in the fragments' common pssh).
 */
import { pssh } from '../mp4/protection-boxes.ts';
import type { DashContentProtection, HlsKey, ManifestProtection, SmoothProtectionHeader } from '../types/protection.ts';
import type { DrmSystemSignal, LocatorProtection, ProtectionScheme } from '../types/request.ts';
import { clearKeyLicencePath, rawKeyPath } from './key-paths.ts';
import { CLEARKEY_SYSTEM_ID } from './key-systems.ts';
import { PLAYREADY_SYSTEM_ID, playReadyKeyIdHeader } from './playready-header.ts';

export interface ManifestProtectionContext {
  readonly locator: string;
  /** `http://host:port` the client reached: the base of the absolute ClearKey licence URL. */
  readonly origin: string;
}

function hlsKey(scheme: ProtectionScheme, uri: string): HlsKey {
  if (scheme === 'cbc') return { method: 'AES-128', uri };
  return { method: scheme === 'cbcs' ? 'SAMPLE-AES' : 'SAMPLE-AES-CTR', uri, keyFormat: 'identity' };
}

/** The cenc:pssh element holds a whole pssh box. */
function psshBase64(system: DrmSystemSignal): string {
  return Buffer.from(pssh(system.systemId, null, Buffer.from(system.psshData ?? '', 'base64'))).toString('base64');
}

function dashDescriptors(scheme: ProtectionScheme, keyId: string, licenceUrl: string, systems: readonly DrmSystemSignal[]): DashContentProtection[] {
  return [
    { schemeIdUri: 'urn:mpeg:dash:mp4protection:2011', value: scheme, defaultKid: keyId },
    { schemeIdUri: `urn:uuid:${CLEARKEY_SYSTEM_ID}`, value: 'ClearKey1.0', licenceUrl },
    ...systems.map((system) => ({
      schemeIdUri: `urn:uuid:${system.systemId.toLowerCase()}`,
      value: system.value,
      pssh: system.psshData ? psshBase64(system) : undefined,
    })),
  ];
}

function smoothHeaders(keyId: string, systems: readonly DrmSystemSignal[]): SmoothProtectionHeader[] {
  const configured = systems.map((s) => ({ systemId: s.systemId.toLowerCase(), data: s.psshData ?? '' }));
  const playReady = configured.filter((s) => s.systemId === PLAYREADY_SYSTEM_ID);
  const lead = playReady.length > 0 ? playReady : [{ systemId: PLAYREADY_SYSTEM_ID, data: playReadyKeyIdHeader(keyId) }];
  return [...lead, ...configured.filter((s) => s.systemId !== PLAYREADY_SYSTEM_ID)];
}

export function manifestProtection(ctx: ManifestProtectionContext, protection: LocatorProtection, scheme: ProtectionScheme): ManifestProtection {
  const systems = protection.drmSystems ?? [];
  return {
    scheme,
    keyId: protection.keyId,
    dash: dashDescriptors(scheme, protection.keyId, `${ctx.origin}${clearKeyLicencePath(ctx.locator)}`, systems),
    hlsKey: hlsKey(scheme, rawKeyPath(ctx.locator, protection.keyId)),
    smoothHeaders: smoothHeaders(protection.keyId, systems),
  };
}
