/**
 * ARM names of studio assets. An asset made through the API is named as the client named it (the
 * API refuses a second asset of the same name); one made in the desktop UI has a display name that
 * may repeat, so its ARM name is that name when unique in the library, else its id — a name that
 * always resolves to exactly one asset.
 */
import type { AssetData } from '../../api/contract.ts';
import { notFound } from '../arm-error.ts';
import type { StudioCall } from '../studio-calls.ts';

export function armAssetNames(assets: readonly AssetData[]): Map<string, AssetData> {
  const counts = new Map<string, number>();
  for (const a of assets) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  const byName = new Map<string, AssetData>();
  for (const a of assets) byName.set(counts.get(a.name) === 1 ? a.name : a.id, a);
  return byName;
}

export function armNameOf(asset: AssetData, assets: readonly AssetData[]): string {
  return assets.filter((a) => a.name === asset.name).length === 1 ? asset.name : asset.id;
}

export async function findAsset(call: StudioCall, name: string): Promise<{ asset: AssetData; armName: string } | null> {
  const assets = await call('assets.list', {});
  const byName = armAssetNames(assets);
  const asset = byName.get(name) ?? assets.find((a) => a.id === name.toLowerCase());
  return asset ? { asset, armName: armNameOf(asset, assets) } : null;
}

export async function mustFindAsset(call: StudioCall, name: string): Promise<{ asset: AssetData; armName: string }> {
  const found = await findAsset(call, name);
  if (!found) throw notFound('asset', name);
  return found;
}

/** The ARM name of an asset by id (for references in jobs and locators); the id when it is gone. */
export async function armNameById(call: StudioCall, id: string): Promise<string> {
  const assets = await call('assets.list', {});
  const asset = assets.find((a) => a.id === id);
  return asset ? armNameOf(asset, assets) : id;
}
