/**
 * The URL fuzz target: valid origin URLs for a real asset (every format, playlist, fragment, init,
 * download, key and policy path, with options and filters), mutated along the AMS grammar — numbers
 * swapped for edge values, options duplicated, dropped, re-cased, percent-encoded, parentheses broken,
 * traversal and separators inserted — and sent with odd methods and headers through the real HTTP
 * handler. An input passes when the answer is below 500, carries no stack trace and comes within 2 s.
 */
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOriginHandler, type LocatorProtection, type OriginHandler, type Presentation, PresentationCache, type ResolvedLocator } from '../../packaging-core/index.ts';
import type { Prng } from './prng.ts';

export const CLEAR_LOCATOR = 'f0220000-0000-4000-8000-0000000000c1';
export const PROTECTED_LOCATOR = 'f0220000-0000-4000-8000-0000000000e2';

export interface UrlInput {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface UrlVerdict {
  readonly status: number;
  readonly ms: number;
  readonly failure?: string;
}

const FORMATS = ['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf', 'fmp4-v20'];
const EDGE_NUMBERS = ['0', '-1', '1', '00000000000000000001', '9007199254740993', '1e30', 'NaN', '0x10', '4294967296', '18446744073709551616', '99999999999999999999999999999', '１２', ''];
const JUNK = ['..', '%2e%2e', '%2f', '%5c', '/', '//', '\\', '%00', '%', '%zz', '(', ')', ',', '=', ';', ' ', '%20', '\u00e9', '\ud83d\ude00', '*', '?', '#', "'", '"', '<', '>'];

/** Valid paths for the asset: the grammar's every form, with the track names and times that exist. */
export function validPaths(p: Presentation, ism: string): string[] {
  const out: string[] = ['/crossdomain.xml', '/clientaccesspolicy.xml'];
  for (const loc of [CLEAR_LOCATOR, PROTECTED_LOCATOR]) {
    const base = `/${loc}/${ism}`;
    out.push(`${base}/manifest`, `${base}/Manifest`, `${base}/manifest(format=mpd-time-csf).mpd`);
    for (const f of FORMATS) {
      out.push(`${base}/manifest(format=${f})`, `${base}/manifest(format=${f},audio-only=false,filter=none)`, `${base}/manifest(format=${f},encryption=cenc)`);
    }
    for (const t of [...p.video, ...p.audio]) {
      const name = t.kind === 'video' ? 'video' : t.name;
      const q = `${base}/QualityLevels(${t.bitrate})`;
      const time = Math.round(t.fragments.startTicks[Math.min(1, t.fragments.startTicks.length - 2)]!);
      out.push(`${q}/Manifest(${name},format=m3u8-aapl)`, `${q}/Manifest(${name},format=m3u8-cmaf)`, `${q}/Manifest(${name},format=m3u8-aapl,type=keyframes)`);
      out.push(`${q}/Fragments(${name}=${time})`, `${q}/Fragments(${name}=${time},format=m3u8-aapl)`, `${q}/Fragments(${name}=${time},format=mpd-time-cmaf)`);
      out.push(`${q}/Fragments(${name}=i,format=mpd-time-csf)`, `${q}/Fragments(${name}=${time},format=m3u8-cmaf).m4s`, `${q}/Fragments(${name}=${time},format=m3u8-aapl-v3,audioTrack=${p.audio[0]?.name ?? 'x'}).ts`);
      out.push(`/${loc}/${t.file.split('/').pop()!}`);
    }
    out.push(`/keys/${loc}/8a4b3c2d-1e0f-4a5b-9c8d-7e6f5a4b3c2d`, `/keys/${loc}/clearkey`);
  }
  return out;
}

/** One grammar-aware change to a valid path. */
function mutatePath(path: string, rng: Prng): string {
  const ops: (() => string)[] = [
    // A number (bitrate, time) replaced by an edge value.
    () => {
      const numbers = [...path.matchAll(/\d+/g)];
      if (numbers.length === 0) return path;
      const m = rng.pick(numbers);
      return path.slice(0, m.index) + rng.pick(EDGE_NUMBERS) + path.slice(m.index + m[0].length);
    },
    // Junk inserted at a random place.
    () => {
      const at = rng.int(path.length + 1);
      return path.slice(0, at) + rng.pick(JUNK) + path.slice(at);
    },
    // A character deleted (breaks parentheses, commas, separators).
    () => {
      const at = rng.int(path.length);
      return path.slice(0, at) + path.slice(at + 1);
    },
    // An option duplicated or replaced.
    () => path.replace(/\(([^)]*)\)/, (_m, inner: string) => `(${inner},${rng.pick(['format=m3u8-aapl', 'format=smooth', 'filter=a;b;c;d', 'audio-only=maybe', 'type=keyframes', 'encryption=cbcs-aapl', 'encryption=none', 'audioTrack=', 'x=y', 'format=', '='])})`),
    // Case flipped in one segment.
    () => {
      const parts = path.split('/');
      const i = rng.int(parts.length);
      parts[i] = [...parts[i]!].map((c) => (rng.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
      return parts.join('/');
    },
    // Percent-encoding of one character.
    () => {
      const at = rng.int(path.length);
      return path.slice(0, at) + encodeURIComponent(path[at]!).replace(/^([^%])$/, (c) => `%${c.charCodeAt(0).toString(16)}`) + path.slice(at + 1);
    },
    // A segment repeated or a very long one.
    () => {
      const parts = path.split('/');
      const i = 1 + rng.int(Math.max(1, parts.length - 1));
      parts.splice(i, 0, rng.chance(0.5) ? parts[i] ?? '' : 'A'.repeat(1 + rng.int(5000)));
      return parts.join('/');
    },
    // A query string (tokens, junk).
    () => `${path}?${rng.pick(['token=abc', 'token=', 'a=1&a=2', '%', 'format=m3u8-aapl'])}`,
  ];
  let out = path;
  for (let k = 1 + rng.int(3); k > 0; k--) out = rng.pick(ops)();
  // Node's HTTP parser refuses raw control and non-ASCII bytes before any handler sees them.
  return out.replace(/[^\x21-\x7e]/g, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
}

export function generateUrlInput(paths: readonly string[], rng: Prng): UrlInput {
  const path = rng.chance(0.1) ? rng.pick(paths) : mutatePath(rng.pick(paths), rng);
  const headers: Record<string, string> = {};
  if (rng.chance(0.2)) headers.range = rng.pick(['bytes=0-', 'bytes=-1', 'bytes=5-2', 'bytes=0-0,5-9', 'bytes=99999999999-', 'bytes=abc', 'items=0-1', `bytes=${rng.int(5000)}-${rng.int(5000)}`]);
  if (rng.chance(0.1)) headers['if-none-match'] = rng.pick(['*', 'W/"x"', '"', '', 'W/']);
  if (rng.chance(0.1)) headers.authorization = rng.pick(['Bearer x.y.z', 'Bearer ', 'Basic Og==', 'bearer eyJhbGciOiJub25lIn0.e30.']);
  if (rng.chance(0.05)) headers.host = rng.pick(['evil.example', '', 'a'.repeat(300)]);
  const method = rng.chance(0.85) ? 'GET' : rng.pick(['HEAD', 'POST', 'OPTIONS', 'PUT', 'DELETE']);
  return { method, path, headers };
}

/** The origin handler on a loopback port, serving one asset clear and protected. */
export class UrlFuzzTarget {
  readonly #server: Server;
  readonly #handler: OriginHandler;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 4 });
  readonly errors: unknown[] = [];
  #port = 0;

  constructor(folder: string, protection: LocatorProtection) {
    const cache = new PresentationCache();
    const locators = new Map<string, ResolvedLocator>([
      [CLEAR_LOCATOR, { folder, protocols: new Set(['hls', 'dash', 'smooth', 'download']) }],
      [PROTECTED_LOCATOR, { folder, protocols: new Set(['hls', 'dash', 'smooth']), protection }],
    ]);
    this.#handler = createOriginHandler({
      resolveLocator: (id) => locators.get(id) ?? null,
      presentations: (f, ism) => cache.get(f, ism),
      onError: (err) => this.errors.push(err),
    });
    this.#server = createServer(this.#handler);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  run(input: UrlInput): Promise<UrlVerdict> {
    const started = performance.now();
    return new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port: this.#port, path: input.path, method: input.method, headers: input.headers, agent: this.#agent, timeout: 5000 },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size < 65536) chunks.push(c);
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const body = Buffer.concat(chunks).toString('latin1');
            const ms = performance.now() - started;
            const failure =
              status >= 500 ? `status ${status}: ${body.slice(0, 200)}` : /\n\s+at \S+ \(/.test(body) ? 'a stack trace in the body' : undefined;
            resolve({ status, ms, ...(failure && { failure }) });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', (err) => {
        // Node's own parser may refuse a path (400 and close): not the handler's doing.
        const ms = performance.now() - started;
        resolve(/socket hang up|ECONNRESET|Parse Error/i.test(err.message) ? { status: 400, ms } : { status: 0, ms, failure: err.message });
      });
      req.end(input.method === 'POST' ? '{"kids":["AAAAAAAAAAAAAAAAAAAAAA"],"type":"temporary"}' : undefined);
    });
  }

  async close(): Promise<void> {
    this.#agent.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.#handler.close();
  }
}
