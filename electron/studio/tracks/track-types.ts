/** The contract's track types, under the names the tracks module uses. */
import type { AssetTrackData, AudioRoleData } from '../api/contract.ts';

export type AssetTrack = AssetTrackData;
export type AudioRole = AudioRoleData;
