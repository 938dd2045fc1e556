/**
 * Transforms: createOrUpdate, get, list, delete over the studio's transforms (the same list the
 * encode dialog shows). The ARM body a client sent is kept, so it reads back what it wrote.
 */
import type { TransformData } from '../../api/contract.ts';
import { ArmError, notFound } from '../arm-error.ts';
import { noContent, ok, propertiesOf, resource, type AccountRef, type ArmRoute, type ArmServices } from '../arm-context.ts';
import { page } from '../odata-query.ts';
import { definitionOf, presetOf } from './encoder-presets.ts';

export function transformJson(account: AccountRef, svc: ArmServices, t: TransformData) {
  const stored = svc.store.transformBody(t.name);
  const outputs = Array.isArray(stored?.outputs)
    ? stored.outputs
    : [{ onError: 'StopProcessingJob', relativePriority: 'Normal', preset: presetOf(t) }];
  return resource(account, 'transforms', `transforms/${encodeURIComponent(t.name)}`, t.name, {
    created: t.createdAt,
    lastModified: t.updatedAt,
    ...(t.description !== null && t.description !== '' && { description: t.description }),
    outputs,
  });
}

export async function findTransform(svc: ArmServices, name: string): Promise<TransformData> {
  const t = (await svc.call('transforms.list', {})).find((x) => x.name === name);
  if (!t) throw notFound('transform', name);
  return t;
}

export const transformRoutes: ArmRoute[] = [
  {
    method: 'GET',
    path: 'transforms',
    handler: async (req, svc) => {
      const items = (await svc.call('transforms.list', {})).map((t) => transformJson(req.account, svc, t));
      return ok(page(items, req.url, { filterFields: ['name', 'properties/created', 'properties/lastModified'], orderFields: ['name', 'properties/created', 'properties/lastModified'] }));
    },
  },
  {
    method: 'GET',
    path: 'transforms/:name',
    handler: async (req, svc) => ok(transformJson(req.account, svc, await findTransform(svc, req.params.name ?? ''))),
  },
  {
    method: 'PUT',
    path: 'transforms/:name',
    handler: async (req, svc) => {
      const name = req.params.name ?? '';
      const props = propertiesOf(req.body);
      const all = await svc.call('transforms.list', {});
      const existing = all.find((t) => t.name === name);
      const description = typeof props.description === 'string' ? props.description : '';
      const definition = definitionOf(name, description, props.outputs, all.filter((t) => t.builtin));
      let saved: TransformData;
      if (existing?.builtin) {
        // "AdaptiveStreaming" with its own preset is the built-in itself; anything else would change a built-in.
        if (JSON.stringify({ ...existing.definition, description: '' }) !== JSON.stringify({ ...definition, description: '' })) {
          throw new ArmError(409, 'Conflict', `"${name}" is a built-in transform of the studio; give your transform another name.`);
        }
        saved = existing;
      } else {
        saved = await svc.call('transforms.save', { definition });
      }
      svc.store.setTransformBody(name, { outputs: props.outputs });
      return ok(transformJson(req.account, svc, saved), existing ? 200 : 201);
    },
  },
  {
    method: 'PATCH',
    path: 'transforms/:name',
    handler: async (req, svc) => {
      const t = await findTransform(svc, req.params.name ?? '');
      const props = propertiesOf(req.body);
      if (props.outputs === undefined) return ok(transformJson(req.account, svc, t));
      const all = await svc.call('transforms.list', {});
      const definition = definitionOf(t.name, typeof props.description === 'string' ? props.description : (t.description ?? ''), props.outputs, all.filter((x) => x.builtin));
      if (t.builtin) throw new ArmError(409, 'Conflict', `"${t.name}" is a built-in transform of the studio and cannot be changed.`);
      const saved = await svc.call('transforms.save', { definition });
      svc.store.setTransformBody(t.name, { outputs: props.outputs });
      return ok(transformJson(req.account, svc, saved));
    },
  },
  {
    method: 'DELETE',
    path: 'transforms/:name',
    handler: async (req, svc) => {
      const t = (await svc.call('transforms.list', {})).find((x) => x.name === req.params.name);
      if (!t) return noContent();
      if (t.builtin) throw new ArmError(409, 'Conflict', `"${t.name}" is a built-in transform of the studio and cannot be deleted.`);
      await svc.call('transforms.delete', { name: t.name });
      svc.store.setTransformBody(t.name, null);
      return { status: 200 };
    },
  },
];
