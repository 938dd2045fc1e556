/**
 * Maps `/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Media/mediaServices/{a}/…` to the
 * resource handlers. ARM path segments are case-insensitive (the SDK sends `mediaServices`, the ids
 * it gets back say `mediaservices`); names keep their case. Unknown resource families answer a
 * NotSupported error naming them, so a client learns what this studio does not do.
 */
import { ArmError, notSupported } from './arm-error.ts';
import type { AccountRef, ArmRoute } from './arm-context.ts';

const ACCOUNT = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Media\/mediaServices\/([^/]+)(\/.*)?$/i;

/** AMS resource families the studio does not implement, by the path segment the SDK uses. */
const UNSUPPORTED_FAMILIES: Readonly<Record<string, string>> = {
  liveevents: 'Live events (liveEvents)',
  privateendpointconnections: 'Private endpoint connections',
  privatelinkresources: 'Private link resources',
  mediaservicesoperationstatuses: 'Media services operation statuses',
  mediaservicesoperationresults: 'Media services operation results',
};

export interface RouteMatch {
  readonly route: ArmRoute;
  readonly params: Record<string, string>;
  readonly account: AccountRef;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ArmError(400, 'BadRequest', `The path segment "${segment}" is not valid percent-encoding.`);
  }
}

export class ArmRouter {
  readonly #routes: { route: ArmRoute; parts: string[] }[];
  constructor(routes: readonly ArmRoute[]) {
    this.#routes = routes.map((route) => ({ route, parts: route.path === '' ? [] : route.path.split('/') }));
  }

  match(method: string, pathname: string): RouteMatch {
    const m = ACCOUNT.exec(pathname);
    if (!m) {
      if (/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/providers\/Microsoft\.Media\/mediaServices\/?$/i.test(pathname)) {
        throw notSupported('Listing Media Services accounts', 'the studio is one account under any name; get it with mediaservices.get(resourceGroup, accountName).');
      }
      if (/^\/subscriptions\/[^/]+\/providers\/Microsoft\.Media\//i.test(pathname) || /^\/providers\/Microsoft\.Media\//i.test(pathname)) {
        throw notSupported(`The subscription-level Media operation ${pathname.replace(/^\/subscriptions\/[^/]+/i, '')}`, 'the studio is one account; address it under /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Media/mediaServices/{account}.');
      }
      throw new ArmError(404, 'InvalidResourceType', `No resource at ${pathname}: this API serves Microsoft.Media/mediaServices accounts only.`);
    }
    const [, sub = '', rg = '', name = '', rest = ''] = m;
    const account: AccountRef = {
      subscriptionId: decode(sub),
      resourceGroup: decode(rg),
      name: decode(name),
      id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Media/mediaservices/${name}`,
    };
    const segments = rest.split('/').filter((s) => s !== '');
    let pathMatched = false;
    for (const { route, parts } of this.#routes) {
      if (parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const fits = parts.every((p, i) => {
        const seg = segments[i] ?? '';
        if (p.startsWith(':')) {
          params[p.slice(1)] = decode(seg);
          return true;
        }
        return p.toLowerCase() === seg.toLowerCase();
      });
      if (!fits) continue;
      pathMatched = true;
      if (route.method === method) return { route, params, account };
    }
    if (pathMatched) throw new ArmError(405, 'MethodNotAllowed', `${method} is not allowed on ${rest || 'the account'}.`);
    const family = segments[0]?.toLowerCase() ?? '';
    const unsupported = UNSUPPORTED_FAMILIES[family];
    if (unsupported) throw notSupported(unsupported);
    throw notSupported(`The operation ${method} ${rest}`, 'no such Media Services resource or action in this studio.');
  }
}
