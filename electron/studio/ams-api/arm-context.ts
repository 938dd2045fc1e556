/** What a resource handler gets and returns: one parsed ARM request over the studio, one JSON answer. */
import type { ArmStore } from './arm-store.ts';
import type { AsyncOperations } from './async-operations.ts';
import type { BlobStore } from '../storage/blob-store.ts';

/** What the API needs of the studio's storage (StudioStorage): the blob store, started on first use. */
export interface BlobStorageAccess {
  blob(): Promise<BlobStore>;
}
import type { StudioCall } from './studio-calls.ts';

/** The media services account the client addressed; the studio is one account under any name. */
export interface AccountRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  /** `/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Media/mediaservices/{a}` */
  readonly id: string;
}

export interface ArmServices {
  readonly call: StudioCall;
  readonly store: ArmStore;
  readonly operations: AsyncOperations;
  /**
   * The studio's blob storage (assets made here are containers `asset-<guid>` in it, as in AMS;
   * listContainerSas signs for them); null: assets go to the library folder and SAS is not supported.
   */
  readonly storage: BlobStorageAccess | null;
  /** The library folder (asset folders are `<library>/<asset.folder>`). */
  readonly libraryDir: string;
  /** The streaming endpoint's ARM-only state (scale units, a transition in progress). */
  readonly endpointState: { scaleUnits: number; transition: 'Starting' | 'Stopping' | 'Scaling' | null; lastModified: string };
  /** Jobs whose input is still being fetched (JobInputHttp, a blob), by ARM job key: cancel aborts. */
  readonly staging: Map<string, AbortController>;
  /** Where JobInputHttp downloads go before the encode reads them. */
  readonly downloadsDir: string;
}

export interface ArmRequest {
  readonly method: string;
  /** The URL as the client addressed it (scheme, host and port of the API). */
  readonly url: URL;
  readonly account: AccountRef;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface ArmResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ArmHandler = (req: ArmRequest, svc: ArmServices) => Promise<ArmResponse>;

export interface ArmRoute {
  readonly method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** Below the account, e.g. `assets/:assetName/listContainerSas`; '' is the account itself. */
  readonly path: string;
  readonly handler: ArmHandler;
}

export const ok = (body: unknown, status = 200): ArmResponse => ({ status, body });
export const noContent = (): ArmResponse => ({ status: 204 });

/** An ARM proxy resource: id, name, type, properties (the SDK flattens `properties` into the model). */
export function resource(account: AccountRef, type: string, path: string, name: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    id: `${account.id}/${path}`,
    name,
    type: `Microsoft.Media/mediaservices/${type}`,
    properties,
    ...extra,
  };
}

/** The request body's `properties` object (ARM puts a resource's fields there), or {}. */
export function propertiesOf(body: unknown): Record<string, unknown> {
  const p = body !== null && typeof body === 'object' ? (body as Record<string, unknown>).properties : undefined;
  return p !== null && typeof p === 'object' ? (p as Record<string, unknown>) : {};
}
