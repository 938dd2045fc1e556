/**
 * The studio as conformance tests drive it: called through the contract's dispatch (what the renderer
 * and the CLI send), over a real library in a temp folder, with the test fixture's ABR set as an asset.
 */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import type { Operation, OperationInput, OperationOutput } from '../../electron/studio/api/contract.ts';
import { dispatch, type CallReply } from '../../electron/studio/api/dispatch.ts';
import { assetFolderPath, insertAsset } from '../../electron/studio/catalog/assets-repo.ts';
import type { Catalog } from '../../electron/studio/catalog/open-catalog.ts';
import { openStudio, type OpenStudioOptions, type Studio } from '../../electron/studio/studio.ts';
import type { AbrFixture } from './fixtures.ts';

export type CallError = Extract<CallReply, { ok: false }>['error'];

export interface StudioCalls {
  /** The operation's value; a refused call throws naming its error code and message. */
  readonly call: <O extends Operation>(op: O, input: OperationInput<O>) => Promise<OperationOutput<O>>;
  /** The error of a call that must be refused (input is not type-checked: bad input is the point). */
  readonly failure: (op: Operation, input: unknown) => Promise<CallError>;
}

/** Calls on a studio opened later (in a beforeAll): `studio` is read at each call. */
export function studioCalls(studio: () => Studio): StudioCalls {
  return {
    call: async <O extends Operation>(op: O, input: OperationInput<O>): Promise<OperationOutput<O>> => {
      const reply = await dispatch(studio().handlers, op, input);
      if (!reply.ok) throw new Error(`${op}: ${reply.error.code}: ${reply.error.message}`);
      return reply.value as OperationOutput<O>;
    },
    failure: async (op: Operation, input: unknown): Promise<CallError> => {
      const reply = await dispatch(studio().handlers, op, input);
      if (reply.ok) throw new Error(`${op} succeeded`);
      return reply.error;
    },
  };
}

/**
 * A studio over `<dir>/library` that runs no jobs unless asked, its streaming endpoint set to a free
 * port (port 0); `serve` also starts the endpoint.
 */
export async function openTestStudio(dir: string, options: { serve?: boolean } & Pick<OpenStudioOptions, 'runJobs'> = {}): Promise<Studio> {
  const studio = await openStudio({ libraryDir: path.join(dir, 'library'), runJobs: options.runJobs ?? false });
  try {
    const { call } = studioCalls(() => studio);
    await call('endpoint.settings.set', { port: 0 });
    if (options.serve) await call('endpoint.start', {});
    return studio;
  } catch (err) {
    await studio.close();
    throw err;
  }
}

/**
 * The fixture's ABR set as a finished asset, as the encoder leaves it: a row, then a copy of the set
 * in its asset folder (the fixture's own folder is shared by every test, so it is never changed).
 */
export async function insertFixtureAsset(catalog: Catalog, fx: AbrFixture, name = 'fixture'): Promise<{ id: string; folder: string }> {
  const asset = insertAsset(catalog, { name, ismName: fx.ismName, state: 'Finished' });
  const folder = assetFolderPath(catalog, asset);
  await cp(fx.folder, folder, { recursive: true });
  return { id: asset.id, folder };
}
