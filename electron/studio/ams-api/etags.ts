/**
 * ETags: every resource answer carries one (a hash of its JSON), and `If-Match` on PUT/PATCH/DELETE
 * is honoured (412 when the resource changed since the client read it), as ARM does for optimistic
 * concurrency. `If-Match: *` only requires that the resource exists.
 */
import { createHash } from 'node:crypto';
import { ArmError } from './arm-error.ts';
import type { ArmRequest, ArmServices } from './arm-context.ts';
import type { ArmRouter } from './router.ts';

export function bodyEtag(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}

export async function checkIfMatch(req: ArmRequest, router: ArmRouter, svc: ArmServices): Promise<void> {
  const ifMatch = req.headers['if-match'];
  if (typeof ifMatch !== 'string' || ifMatch.trim() === '') return;
  let current: string | null = null;
  try {
    const get = router.match('GET', req.url.pathname);
    const r = await get.route.handler({ ...req, method: 'GET', params: get.params, body: undefined }, svc);
    if (r.status === 200) current = bodyEtag(r.body);
  } catch (err) {
    if (!(err instanceof ArmError) || err.status !== 404) throw err;
  }
  const wanted = ifMatch.split(',').map((s) => s.trim());
  if (current === null || !(wanted.includes('*') || wanted.includes(current))) {
    throw new ArmError(412, 'PreconditionFailed', current === null ? 'The resource does not exist (If-Match).' : 'The resource changed since it was read: its ETag no longer matches If-Match.');
  }
}
