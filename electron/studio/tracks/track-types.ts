/**
 * Audio roles and how the .ism carries them. AMS signalled descriptive audio with two params on the
 * `<audio>` element (its "signal descriptive audio tracks" how-to): `accessibility=description` and
 * `role=alternate`; other roles go in `role` alone (DASH's Role vocabulary, urn:mpeg:dash:role:2011).
 */
import type { IsmSource, IsmTrackEntry } from '../../../packaging-core/index.ts';
import type { AssetTrackData, AudioRoleData } from '../api/contract.ts';

export type AssetTrack = AssetTrackData;
export type AudioRole = AudioRoleData;

export function audioRoleOf(t: Pick<IsmSource, 'accessibility' | 'role'>): AudioRole {
  if (t.accessibility === 'description') return 'description';
  if (t.role === 'commentary' || t.role === 'alternate' || t.role === 'dub') return t.role;
  return 'main';
}

/** The .ism params of a role (none for main). */
export function roleParams(role: AudioRole): Pick<IsmTrackEntry, 'accessibility' | 'role'> {
  if (role === 'main') return {};
  if (role === 'description') return { accessibility: 'description', role: 'alternate' };
  return { role };
}
