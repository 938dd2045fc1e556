#!/usr/bin/env node
/**
 * `origin-studio`: the studio without a window — for servers, scripts, CI and the tests. Every
 * command goes through the same API contract as the UI (dispatch: same validation, same errors).
 * Runs on Node 24 (type stripping), the Node inside Electron 45.
 */
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { JobData, LocatorData, LocatorPathsData, Operation, OperationInput, OperationOutput } from './studio/api/contract.ts';
import { FORMAT_KEYS } from './studio/api/contract.ts';
import {
  AccessTokens,
  apiDataDir,
  buildRenderer,
  createUploadRoute,
  DEFAULT_TOKEN_LIFETIME_SEC,
  defaultLibraryDir,
  dispatch,
  type JobProgress,
  makeSampleMezzanine,
  openStudio,
  ORIGIN_MALLOC_ENV,
  originV8Flags,
  PREDEFINED_POLICIES,
  rendererBuildNeeded,
  startAmsApi,
  startStorageOrigin,
  startWebServer,
  STORAGE_CONNECTION_ENV,
  type Studio,
} from './studio/index.ts';
import {
  CommandUsageError,
  findOperation,
  OPERATION_COMMANDS,
  operationHelp,
  operationsOf,
  parseOperationArgs,
  renderAnswer,
  commandWords,
} from './cli/contract-commands.ts';

const USAGE = `Usage: origin-studio <command> [options]

Commands:
  import <file> [--name N]          Probe a video/audio file and add it to the library (by reference).
  import <files…|folder|file.ism> [--name N] [--dry-run] [--set]
                                    Import an ABR set (MP4/M4A/ISMV rungs, an AMS container or a folder
                                    of them) as one asset each, no re-encode; --dry-run shows the ladder.
  encode <file|assetId> --preset P  Encode with a transform (e.g. AdaptiveStreaming) and wait for it.
  jobs                              List the jobs.
  assets                            List the assets.
  locator create <asset> --policy P [--start ISO] [--end ISO] [--id GUID] [--name N] [--filter F]…
                 [--key-policy P] [--key-id UUID] [--key HEX]
                                    Publish an asset; prints its streaming and download URLs (on the
                                    endpoint's configured host and port) and the content key id.
  locators                          List the streaming locators.
  serve [--host H] [--port N]       Serve the library's locators until Ctrl+C; prints their URLs.
        [--workers N]               Origin processes on the port (default: one per core).
  serve --storage CONNSTR           A stateless origin over a storage account (no library): the locators
                                    the studio published there, media read from the asset containers.
  storage [status|move <asset>|connect CONNSTR|connect --embedded]
                                    Blob storage: which account, move a finished asset into its
                                    container (so serve --storage origins serve it), switch accounts.
  api [--host H] [--port N]         The AMS v3 management API (HTTPS, bearer tokens) until Ctrl+C;
                                    also starts the streaming endpoint. Default 127.0.0.1:8443.
  api token [--expires-in SEC]      Print a bearer token for the API's local account.
  web [--port N]                    The studio UI in a browser (builds the UI first when needed).
  demo [--duration S]               Make a sample mezzanine, encode it (AdaptiveStreaming), publish it
                                    with Predefined_ClearStreamingOnly, serve it and print the six URLs.
  help                              Show this help.

API commands — one per operation of the studio's API, the same the UI uses:
  origin-studio <group> <action> [<id|name>] [--field value]… [--input JSON|@file]
  Groups: ${[...new Set([...OPERATION_COMMANDS.keys()].map((c) => c.split(' ')[0]))].join(', ')}.
  \`origin-studio <group>\` lists its actions; \`<command> --help\` shows the options of any command.
  e.g.  origin-studio endpoint settings set --port 8802 --host-name media.example.com
        origin-studio content-key-policies create --name Tok --restriction @restriction.json
        origin-studio filters save --name first10s --definition '{"presentationTimeRange":{"endTimestamp":100000000}}'

Options for every command:
  --library DIR   The library folder (default: the OS app-data folder; demo: a temporary one).
  --json          Machine-readable output (JSON; encode: JSON lines of progress).
  --help          The command's own usage and options.
`;

/** Usage of each hand-written command (its --help). */
const COMMAND_HELP: Record<string, string> = {
  import:
    'import <file> [--name N]  |  import <files…|folder|file.ism> [--name N] [--dry-run] [--set]\n  Probe a video/audio file and add it to the library, by reference (a non-media, truncated or\n  unsupported file gets a clear error and nothing is added); or import an ABR set as one asset, no\n  re-encode (--dry-run shows the ladder).',
  encode: 'encode <file|assetId> --preset P [--name OUTPUT_NAME] [--measure-quality]\n  Encode with a transform (presets: transforms list) and wait for it: a progress bar on a TTY,\n  JSON lines with --json. Ctrl+C cancels the job and removes its partial outputs.\n  --measure-quality: PSNR/SSIM of every rung (on by default for content-aware presets); see\n  `assets show <id> --quality`.',
  jobs: 'jobs\n  List the jobs.',
  assets: 'assets\n  List the assets.',
  locators: 'locators\n  List the streaming locators.',
  storage:
    'storage status | storage move <assetId> | storage connect CONNSTR | storage connect --embedded\n  status: the blob storage in use (an account by connection string, or the embedded Azurite in the\n  library) and the assets kept there. move: upload a finished asset into its container asset-<id> and\n  serve it from there (its locators are then published for serve --storage origins). connect: use a\n  storage account (the connection string is stored in the library, never printed) or the embedded Azurite.',
  locator:
    'locator create <asset> --policy P [--start ISO] [--end ISO] [--id GUID] [--name N] [--filter F]… [--key-policy P] [--key-id UUID] [--key HEX]\n  Publish an asset and print its URLs on the endpoint\'s configured host and port (endpoint settings\n  set changes them; serve --port prints the URLs it serves) and, when protected, the content key id.',
  serve: 'serve [--host H] [--port N] [--workers N] [--storage CONNSTR]\n  Start the streaming endpoint (--host/--port for this run only) and print the URLs of every active\n  locator it serves; runs queued jobs too. Ctrl+C stops it.\n  --workers: origin processes answering on the one port (default: one per core; 1 = in this process).\n  --storage: no library; serve the locators published in that storage account (blob assets), reading\n  media from their containers — run several behind a caching proxy (README: Storage and scale-out).\n  The connection string may also come from ORIGIN_STUDIO_STORAGE.',
  api: 'api [--host H] [--port N]  |  api token [--expires-in SEC]\n  The AMS v3 management API (HTTPS, bearer tokens) until Ctrl+C, with the streaming endpoint; or print\n  a bearer token for its local account.',
  web: 'web [--port N] [--max-upload-mb N]\n  The studio UI in a browser, bound to 127.0.0.1 with a per-launch token in the printed URL. Builds\n  the UI first when it is missing or older than its sources. Uploads: at most N MB each (default\n  51200), and never filling the disk (1 GB stays free).',
  demo: 'demo [--duration S] [--size WxH] [--port N]\n  Make a sample mezzanine, encode it (AdaptiveStreaming), publish it with Predefined_ClearStreamingOnly,\n  serve it and print the six URLs.',
};

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 64;

class UsageError extends Error {}

/** A failed API call, already worded for the user. */
class CommandError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

const COMMON = {
  library: { type: 'string' },
  json: { type: 'boolean' },
} as const;

function parse<O extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function call<O extends Operation>(studio: Studio, op: O, input: OperationInput<O>): Promise<OperationOutput<O>> {
  const reply = await dispatch(studio.handlers, op, input);
  if (!reply.ok) throw new CommandError(reply.error.message, reply.error.hint);
  return reply.value as OperationOutput<O>;
}

const isFolder = async (p: string): Promise<boolean> => (await stat(p).catch(() => null))?.isDirectory() ?? false;

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return n;
}

/** Resolves on the first SIGINT/SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

function printUrls(paths: LocatorPathsData, locator: Pick<LocatorData, 'id' | 'keyId' | 'contentKeyPolicy'>, json: boolean): void {
  const locatorId = locator.id;
  const key = locator.keyId ? { keyId: locator.keyId, contentKeyPolicy: locator.contentKeyPolicy ?? null } : {};
  if (json) {
    out(JSON.stringify({ locatorId, urls: paths.urls, download: paths.downloads, ...key }));
    return;
  }
  out(`Streaming locator ${locatorId}`);
  if (locator.keyId) out(`  ${'key id'.padEnd(10)} ${locator.keyId} (content key policy ${locator.contentKeyPolicy ?? '-'})`);
  for (const key of FORMAT_KEYS) {
    const url = paths.urls[key];
    if (url) out(`  ${key.padEnd(10)} ${url}`);
  }
  for (const url of paths.downloads) out(`  ${'download'.padEnd(10)} ${url}`);
  if (Object.keys(paths.urls).length === 0 && paths.downloads.length === 0) out('  (no URLs: the asset has no streamable or downloadable files)');
}

function progressReporter(json: boolean, jobId: string): (p: JobProgress) => void {
  if (json) return (p) => out(JSON.stringify({ type: 'progress', jobId, ...p }));
  if (!process.stderr.isTTY) return () => undefined;
  return (p) => {
    const width = 30;
    const filled = Math.round((Math.min(100, p.percent) / 100) * width);
    const extra = [p.stage, p.speed ? `${p.speed.toFixed(1)}x` : '', p.etaSec !== undefined ? `eta ${Math.round(p.etaSec)}s` : '']
      .filter(Boolean)
      .join(' ');
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.percent.toFixed(1).padStart(5)}% ${extra}\x1b[K`);
  };
}

/** Queues an encode and waits for it; Ctrl+C cancels it (its partial files are removed). */
async function encodeAndWait(studio: Studio, input: OperationInput<'jobs.encode'>, json: boolean): Promise<JobData> {
  const job = await call(studio, 'jobs.encode', input);
  if (json) out(JSON.stringify({ type: 'queued', job }));
  else err(`Job ${job.id}: ${job.transformName}`);
  const onSignal = (): void => void studio.queue.cancel(job.id).catch(() => undefined);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const done = await studio.waitForJob(job.id, progressReporter(json, job.id));
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    if (json) out(JSON.stringify({ type: 'done', job: done }));
    if (done.state !== 'Finished') {
      throw new CommandError(done.state === 'Canceled' ? 'The encode was canceled.' : `The encode failed: ${done.error?.message ?? 'unknown error'}`);
    }
    return done;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * serve --storage --workers N: N copies of this command (node:cluster) on one port, each a stateless
 * storage origin; this process prints the address, replaces a worker that dies and stops them on Ctrl+C.
 */
async function serveStorageWorkers(workers: number, json: boolean): Promise<number> {
  let stopping = false;
  const fork = (): Promise<{ url: string; locators: number }> => {
    // The settings of every origin process (malloc, V8's young generation), as serve --workers sets them.
    cluster.setupPrimary({ execArgv: [...process.execArgv, ...originV8Flags()] });
    const w = cluster.fork(ORIGIN_MALLOC_ENV);
    w.once('exit', () => void (stopping || fork().catch(() => undefined)));
    return new Promise((resolve, reject) => {
      w.on('message', (m: { type: string; url: string; locators: number }) => m.type === 'listening' && resolve(m));
      w.once('exit', (code) => reject(new CommandError(`A storage origin worker exited (code ${code}) before it listened`)));
    });
  };
  const [first] = await Promise.all(Array.from({ length: workers }, fork));
  if (json) out(JSON.stringify({ url: first!.url, locators: first!.locators, workers }));
  else out(`Serving the locators published in the storage account at ${first!.url} with ${workers} workers (${first!.locators} locators now; Ctrl+C to stop)`);
  await untilSignal();
  stopping = true;
  cluster.disconnect();
  return EXIT_OK;
}

/** The active locators and their URLs on the running endpoint (what serve serves). */
async function servedLocators(studio: Studio): Promise<{ locator: LocatorData; assetName: string; paths: LocatorPathsData }[]> {
  const assets = new Map((await call(studio, 'assets.list', {})).map((a) => [a.id, a.name]));
  const active = (await call(studio, 'locators.list', {})).filter((l) => l.status === 'active');
  return Promise.all(
    active.map(async (locator) => ({
      locator,
      assetName: assets.get(locator.assetId) ?? locator.assetId,
      paths: await call(studio, 'locators.paths', { id: locator.id }),
    })),
  );
}

async function withStudio<T>(library: string | undefined, fn: (studio: Studio) => Promise<T>, opts: { runJobs?: boolean } = {}): Promise<T> {
  const studio = await openStudio({
    ...(library !== undefined && { libraryDir: library }),
    runJobs: opts.runJobs ?? false,
  });
  try {
    return await fn(studio);
  } finally {
    await studio.close();
  }
}

function table(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const r of rows) out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

const commands: Record<string, (args: readonly string[]) => Promise<number>> = {
  async import(args) {
    const { values, positionals } = parse(args, { name: { type: 'string' }, 'dry-run': { type: 'boolean' }, set: { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('import takes a file, several files, a folder or a .ism: origin-studio import <file…>');
    const [first] = positionals;
    const single = positionals.length === 1 && first !== undefined && !values.set && !first.toLowerCase().endsWith('.ism') && !(await isFolder(first));
    if (single) {
      if (values['dry-run']) throw new UsageError('--dry-run is for sets (several files, a folder or a .ism); add --set to treat one file as a set');
      return withStudio(values.library, async (studio) => {
        const asset = await call(studio, 'assets.import', { path: path.resolve(first), ...(values.name !== undefined && { name: values.name }) });
        if (values.json) out(JSON.stringify(asset));
        else {
          const m = asset.mediaInfo;
          const v = m?.video ? `${m.video.displayWidth}x${m.video.displayHeight} ${m.video.codec}` : 'no video';
          out(`Imported "${asset.name}" as asset ${asset.id} (${m?.durationSec.toFixed(1) ?? '?'} s, ${v}, ${m?.audio.length ?? 0} audio)`);
          for (const w of m?.warnings ?? []) err(`warning: ${w}`);
        }
        return EXIT_OK;
      });
    }
    return withStudio(values.library, async (studio) => {
      const result = await call(studio, 'assets.importSet', {
        paths: positionals.map((p) => path.resolve(p)),
        ...(values.name !== undefined && { name: values.name }),
        ...(values['dry-run'] && { dryRun: true }),
      });
      if (values.json) {
        out(JSON.stringify(result));
        return EXIT_OK;
      }
      for (const { ladder, asset } of result.sets) {
        out(asset ? `Imported "${ladder.name}" as asset ${asset.id} (${ladder.ismName}, ${ladder.durationSec.toFixed(1)} s)` : `Would import "${ladder.name}" (${ladder.ismName}, ${ladder.durationSec.toFixed(1)} s)`);
        for (const v of ladder.video) {
          out(`  video  ${`${v.width ?? '?'}x${v.height ?? '?'}`.padEnd(10)} ${String(Math.round(v.bitrate / 1000)).padStart(6)} kb/s  ${v.codecString ?? v.codec}  ${v.file}`);
        }
        for (const a of ladder.audio) {
          const shared = a.alsoIn.length > 0 ? ` (also muxed in ${a.alsoIn.length} other file${a.alsoIn.length > 1 ? 's' : ''})` : '';
          out(`  audio  ${a.language.padEnd(10)} ${String(Math.round(a.bitrate / 1000)).padStart(6)} kb/s  ${a.codecString ?? a.codec}  ${a.trackName}  ${a.file}${shared}`);
        }
        out(`  served as ${ladder.formats.join(', ')}`);
      }
      return EXIT_OK;
    });
  },

  async encode(args) {
    const { values, positionals } = parse(args, { preset: { type: 'string' }, name: { type: 'string' }, 'measure-quality': { type: 'boolean' } });
    const [source, ...extra] = positionals;
    if (!source || extra.length > 0 || !values.preset) throw new UsageError('encode needs a source and a preset: origin-studio encode <file|assetId> --preset AdaptiveStreaming');
    return withStudio(
      values.library,
      async (studio) => {
        const isAsset = !existsSync(source) && (await dispatch(studio.handlers, 'assets.get', { id: source })).ok;
        const job = await encodeAndWait(
          studio,
          {
            ...(isAsset ? { assetId: source } : { file: path.resolve(source) }),
            transformName: values.preset ?? '',
            ...(values.name !== undefined && { outputName: values.name }),
            ...(values['measure-quality'] !== undefined && { measureQuality: values['measure-quality'] }),
          },
          values.json ?? false,
        );
        if (!values.json) out(`Encoded: asset ${job.outputAssetId ?? '?'} (job ${job.id})`);
        return EXIT_OK;
      },
      { runJobs: true },
    );
  },

  async jobs(args) {
    const { values } = parse(args, {});
    return withStudio(values.library, async (studio) => {
      const jobs = await call(studio, 'jobs.list', {});
      if (values.json) out(JSON.stringify(jobs));
      else if (jobs.length === 0) out('No jobs.');
      else
        table([
          ['ID', 'STATE', 'TRANSFORM', 'OUTPUT ASSET', 'NOTE'],
          ...jobs.map((j) => [j.id, j.state, j.transformName, j.outputAssetId ?? '-', j.error?.message ?? (j.progress ? `${j.progress.percent}%` : '')]),
        ]);
      return EXIT_OK;
    });
  },

  async assets(args) {
    const { values } = parse(args, {});
    return withStudio(values.library, async (studio) => {
      const assets = await call(studio, 'assets.list', {});
      if (values.json) out(JSON.stringify(assets));
      else if (assets.length === 0) out('No assets.');
      else table([['ID', 'STATE', 'NAME', 'SERVER MANIFEST'], ...assets.map((a) => [a.id, a.state, a.name, a.ismName ?? '-'])]);
      return EXIT_OK;
    });
  },

  async storage(args) {
    const [sub = 'status', ...rest] = args;
    const { values, positionals } = parse(rest, { embedded: { type: 'boolean' } });
    return withStudio(values.library, async (studio) => {
      if (sub === 'status') {
        const embedded = studio.storage.connectionString() === null;
        const blobAssets = (await call(studio, 'assets.list', {})).filter((a) => a.storage === 'blob');
        const where = studio.storage.describe();
        if (values.json) out(JSON.stringify({ blobStorage: where, embedded, blobAssets: blobAssets.map((a) => a.id) }));
        else out(`Blob storage: ${where}\nAssets in blob storage: ${blobAssets.length}`);
        return EXIT_OK;
      }
      if (sub === 'move') {
        const id = positionals[0];
        if (!id || positionals.length > 1) throw new UsageError('storage move takes one asset id');
        let moved;
        try {
          moved = await studio.moveAssetToBlob(id);
        } catch (e) {
          throw new CommandError((e as Error).message);
        }
        if (values.json) out(JSON.stringify(moved));
        else out(`Asset ${moved.id} is now in blob storage (container asset-${moved.id}).`);
        return EXIT_OK;
      }
      if (sub === 'connect') {
        if (values.embedded) {
          if (positionals.length > 0) throw new UsageError('storage connect --embedded takes no connection string');
          await studio.storage.saveConnection(null);
          out('Blob storage: the embedded Azurite.');
          return EXIT_OK;
        }
        const cs = positionals[0];
        if (!cs || positionals.length > 1) throw new UsageError('storage connect takes one connection string (quote it) or --embedded');
        // Checked before it is saved: a wrong string or an unreachable account is said now, not at the first job.
        let saved: string;
        try {
          saved = await studio.storage.saveConnection(cs);
        } catch (e) {
          throw new CommandError((e as Error).message);
        }
        out(`Blob storage: ${saved}.`);
        return EXIT_OK;
      }
      throw new UsageError(`unknown storage command "${sub}" (status, move, connect)`);
    });
  },

  async locator(args) {
    const [sub, ...rest] = args;
    if (sub !== 'create') throw new UsageError('usage: origin-studio locator create <asset> --policy P [--start --end --id --name]');
    const { values, positionals } = parse(rest, {
      policy: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      filter: { type: 'string', multiple: true },
      'key-policy': { type: 'string' },
      'key-id': { type: 'string' },
      key: { type: 'string' },
    });
    const [assetId, ...extra] = positionals;
    if (!assetId || extra.length > 0 || !values.policy) throw new UsageError('locator create needs an asset id and --policy, e.g. --policy Predefined_ClearStreamingOnly');
    return withStudio(values.library, async (studio) => {
      const locator = await call(studio, 'locators.create', {
        assetId,
        policyName: values.policy ?? '',
        ...(values.start !== undefined && { start: values.start }),
        ...(values.end !== undefined && { end: values.end }),
        ...(values.id !== undefined && { id: values.id }),
        ...(values.name !== undefined && { name: values.name }),
        ...(values.filter !== undefined && { filters: values.filter }),
        ...((values['key-policy'] ?? values['key-id'] ?? values.key) !== undefined && {
          contentKey: {
            ...(values['key-policy'] !== undefined && { policyName: values['key-policy'] }),
            ...(values['key-id'] !== undefined && { keyId: values['key-id'] }),
            ...(values.key !== undefined && { key: values.key }),
          },
        }),
      });
      const paths = await call(studio, 'locators.paths', { id: locator.id });
      printUrls(paths, locator, values.json ?? false);
      if (!values.json) err(`(URLs on the endpoint's configured address ${paths.baseUrl}; \`origin-studio endpoint settings set --port N --host-name H\` changes it, \`serve\` prints the URLs it serves.)`);
      return EXIT_OK;
    });
  },

  async locators(args) {
    const { values } = parse(args, {});
    return withStudio(values.library, async (studio) => {
      const locators = await call(studio, 'locators.list', {});
      if (values.json) out(JSON.stringify(locators));
      else if (locators.length === 0) out('No streaming locators.');
      else table([['ID', 'STATUS', 'POLICY', 'ASSET', 'NAME'], ...locators.map((l) => [l.id, l.status, l.policyName, l.assetId, l.name])]);
      return EXIT_OK;
    });
  },

  async api(args) {
    const [sub, ...rest] = args;
    if (sub === 'token') {
      const { values, positionals } = parse(rest, { 'expires-in': { type: 'string' } });
      if (positionals.length > 0) throw new UsageError('api token takes no arguments');
      const lifetime = intOption(values['expires-in'], 'expires-in') ?? DEFAULT_TOKEN_LIFETIME_SEC;
      const library = values.library ?? defaultLibraryDir();
      const issued = await (await AccessTokens.open(apiDataDir(library))).issue(lifetime);
      out(values.json ? JSON.stringify({ token: issued.token, expiresOn: issued.expiresOn.toISOString() }) : issued.token);
      return EXIT_OK;
    }
    const { values, positionals } = parse(args, { host: { type: 'string' }, port: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError('usage: origin-studio api [--host H] [--port N] | origin-studio api token');
    const port = intOption(values.port, 'port');
    const studio = await openStudio({ ...(values.library !== undefined && { libraryDir: values.library }), runJobs: true, startEndpoint: true });
    try {
      const api = await startAmsApi({
        handlers: studio.handlers,
        libraryDir: studio.catalog.layout.root,
        storage: studio.storage,
        // One line per request on stderr: method, path, status, time — never a header, token or key.
        log: (line) => err(line),
        ...(values.host !== undefined && { host: values.host }),
        ...(port !== undefined && { port }),
      });
      try {
        const endpoint = studio.endpoint.status().url;
        if (values.json) out(JSON.stringify({ url: api.url, certFile: api.certFile, endpoint }));
        else {
          out(`AMS v3 API: ${api.url} (Ctrl+C to stop)`);
          out(`Certificate: ${api.certFile}  (trust it: NODE_EXTRA_CA_CERTS=${api.certFile})`);
          out(`Token: origin-studio api token${values.library !== undefined ? ` --library ${values.library}` : ''}`);
          out(`Streaming endpoint: ${endpoint ?? 'stopped'}`);
        }
        await untilSignal();
        return EXIT_OK;
      } finally {
        await api.close();
      }
    } finally {
      await studio.close();
    }
  },

  async serve(args) {
    const { values, positionals } = parse(args, { host: { type: 'string' }, port: { type: 'string' }, storage: { type: 'string' }, workers: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError('serve takes no arguments');
    const port = intOption(values.port, 'port');
    // Every core by default: one origin process per core on the one port (node:cluster).
    const workers = intOption(values.workers, 'workers') ?? os.availableParallelism();
    if (workers < 1) throw new UsageError('--workers must be at least 1');
    if (values.storage !== undefined) {
      const connectionString = values.storage || process.env[STORAGE_CONNECTION_ENV];
      if (!connectionString) throw new UsageError(`--storage needs a connection string (or set ${STORAGE_CONNECTION_ENV})`);
      if (workers > 1 && cluster.isPrimary) return serveStorageWorkers(workers, Boolean(values.json));
      const origin = await startStorageOrigin({
        connectionString,
        ...(values.host !== undefined && { host: values.host }),
        ...(port !== undefined && { port }),
      });
      if (cluster.isWorker) {
        // One of serve --storage --workers N: the primary prints; this one serves until told to stop.
        // Ctrl+C reaches the whole process group: the primary decides when workers stop.
        for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => undefined);
        process.send?.({ type: 'listening', url: origin.url, locators: origin.directory.size });
        await new Promise<void>((resolve) => process.once('disconnect', resolve));
        await origin.close();
        return EXIT_OK;
      }
      try {
        if (values.json) out(JSON.stringify({ url: origin.url, locators: origin.directory.size }));
        else out(`Serving the locators published in the storage account at ${origin.url} (${origin.directory.size} now; Ctrl+C to stop)`);
        await untilSignal();
        return EXIT_OK;
      } finally {
        await origin.close();
      }
    }
    const studio = await openStudio({ ...(values.library !== undefined && { libraryDir: values.library }), runJobs: true, endpointWorkers: workers });
    try {
      const status = await studio.endpoint.start({ ...(values.host !== undefined && { host: values.host }), ...(port !== undefined && { port }) });
      const served = await servedLocators(studio);
      if (values.json) {
        const locators = served.map(({ locator: l, paths }) => ({
          locatorId: l.id,
          name: l.name,
          assetId: l.assetId,
          urls: paths.urls,
          download: paths.downloads,
          ...(l.keyId && { keyId: l.keyId, contentKeyPolicy: l.contentKeyPolicy ?? null }),
        }));
        out(JSON.stringify({ ...status, locators }));
      }
      else {
        if (status.notice) err(status.notice);
        out(`Serving ${studio.catalog.layout.root} at ${status.url ?? '?'} (Ctrl+C to stop)`);
        if (served.length === 0) out('No active streaming locators yet: publish one with `origin-studio locator create`.');
        for (const l of served) {
          out(`\n${l.locator.name} (asset ${l.assetName})`);
          printUrls(l.paths, l.locator, false);
        }
      }
      await untilSignal();
      return EXIT_OK;
    } finally {
      await studio.close();
    }
  },

  async web(args) {
    const { values, positionals } = parse(args, { port: { type: 'string' }, 'max-upload-mb': { type: 'string' } });
    if (positionals.length > 0) throw new UsageError('web takes no arguments');
    const port = intOption(values.port, 'port');
    const maxUploadMb = intOption(values['max-upload-mb'], 'max-upload-mb');
    const root = path.resolve(import.meta.dirname, '..');
    const rendererDir = path.join(root, 'dist', 'renderer');
    const needed = rendererBuildNeeded({ root });
    if (needed) {
      err(needed === 'missing' ? 'Building the studio UI (first start; about a minute)…' : 'The UI sources changed since the last build: building the studio UI…');
      try {
        await buildRenderer({ root }, (line) => err(`  ${line}`));
      } catch (e) {
        throw new CommandError((e as Error).message, 'Run `npm run build:renderer` to see the whole output.');
      }
    }
    const studio = await openStudio({ ...(values.library !== undefined && { libraryDir: values.library }), runJobs: true, startEndpoint: true });
    try {
      const endpointUrl = studio.endpoint.status().url;
      let token = '';
      const web = await startWebServer({
        handlers: studio.handlers,
        rendererDir,
        extraRoutes: createUploadRoute({
          uploadsDir: studio.catalog.layout.uploadsDir,
          token: () => token,
          ...(maxUploadMb !== undefined && { limits: { maxBytes: maxUploadMb * 1024 * 1024 } }),
        }),
        ...(port !== undefined && { port }),
        ...(endpointUrl && { mediaOrigins: [new URL(endpointUrl).origin] }),
      });
      token = web.token;
      try {
        if (values.json) out(JSON.stringify({ url: web.url, endpoint: endpointUrl }));
        else out(`Origin Studio: ${web.url}\nStreaming endpoint: ${endpointUrl ?? 'stopped'}\n(Ctrl+C to stop)`);
        await untilSignal();
        return EXIT_OK;
      } finally {
        await web.close();
      }
    } finally {
      await studio.close();
    }
  },

  async demo(args) {
    const { values, positionals } = parse(args, { duration: { type: 'string' }, size: { type: 'string' }, port: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError('demo takes no arguments');
    const duration = intOption(values.duration, 'duration') ?? 12;
    if (duration < 2 || duration > 600) throw new UsageError('--duration must be 2 to 600 seconds');
    const size = /^(\d+)x(\d+)$/.exec(values.size ?? '1280x720');
    if (!size) throw new UsageError('--size must be WIDTHxHEIGHT, e.g. 1280x720');
    const port = intOption(values.port, 'port');
    const json = values.json ?? false;
    const temp = values.library === undefined ? await mkdtemp(path.join(os.tmpdir(), 'origin-studio-demo-')) : null;
    const library = values.library ?? temp ?? '';
    const studio = await openStudio({ libraryDir: library, runJobs: true });
    try {
      const progress = (line: string): void => (json ? undefined : err(line));
      progress(`Library: ${library}\nMaking a ${duration} s ${size[0]} sample mezzanine (eng + fra audio)…`);
      const mezzanine = await makeSampleMezzanine(studio.catalog.layout.uploadsDir, {
        durationSec: duration,
        width: Number(size[1]),
        height: Number(size[2]),
        languages: ['eng', 'fra'],
      });
      const asset = await call(studio, 'assets.import', { path: mezzanine, name: 'Demo' });
      progress('Encoding with AdaptiveStreaming…');
      const job = await encodeAndWait(studio, { assetId: asset.id, transformName: 'AdaptiveStreaming', outputName: 'Demo (AdaptiveStreaming)' }, false);
      const locator = await call(studio, 'locators.create', {
        assetId: job.outputAssetId ?? '',
        policyName: PREDEFINED_POLICIES.clearStreamingOnly,
      });
      const status = await studio.endpoint.start(port === undefined ? {} : { port });
      if (status.notice) progress(status.notice);
      printUrls(await call(studio, 'locators.paths', { id: locator.id }), locator, json);
      progress('Serving until Ctrl+C.');
      await untilSignal();
      return EXIT_OK;
    } finally {
      await studio.close();
      if (temp) await rm(temp, { recursive: true, force: true });
    }
  },
};

/** Runs one contract operation as a command (generated from the contract: contract-commands.ts). */
async function runOperation(op: Operation, args: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOperationArgs(op, args);
  } catch (e) {
    if (e instanceof CommandUsageError) throw new UsageError(e.message);
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(operationHelp(op));
    return EXIT_OK;
  }
  const json = parsed.json;
  // Starting the endpoint only makes sense while this process lives: that is `serve`.
  if (op === 'endpoint.start') return commands.serve?.([...(parsed.library === undefined ? [] : ['--library', parsed.library]), ...(json ? ['--json'] : [])]) ?? EXIT_FAILURE;
  return withStudio(parsed.library, async (studio) => {
    const reply = await dispatch(studio.handlers, op, parsed.input);
    if (!reply.ok) throw new CommandError(reply.error.message, reply.error.hint);
    if (json) out(JSON.stringify(reply.value));
    else if (op === 'jobs.log') out((reply.value as OperationOutput<'jobs.log'>).text || '(the job has no log: it never ran)');
    else out(renderAnswer(reply.value));
    if (!json && (op === 'jobs.encode' || op === 'jobs.retry')) {
      err('Queued: it runs while `origin-studio serve`, `origin-studio web` or the app is open (`origin-studio encode` queues and waits).');
    }
    return EXIT_OK;
  });
}

function groupHelp(group: string): string {
  const ops = operationsOf(group);
  return `Usage: origin-studio ${group} <action> [options]   (--help after a command shows its options)\n\nActions:\n${ops
    .map((op) => `  ${commandWords(op).slice(1).join(' ')}`)
    .join('\n')}\n`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = rest.join(' ');
    if (topic && Object.hasOwn(COMMAND_HELP, topic)) process.stdout.write(`Usage: origin-studio ${COMMAND_HELP[topic] ?? ''}\n`);
    else process.stdout.write(USAGE);
    return EXIT_OK;
  }
  const firstOption = argv.findIndex((a) => a.startsWith('-'));
  const found = findOperation(firstOption < 0 ? argv : argv.slice(0, firstOption));
  const handWritten = Object.hasOwn(commands, command) ? commands[command] : undefined;
  try {
    // `jobs`, `assets`, `locators` alone are the friendly lists; with an action they are operations.
    if (found && (found.used > 1 || !handWritten)) return await runOperation(found.op, argv.slice(found.used));
    if (handWritten) {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`Usage: origin-studio ${COMMAND_HELP[command] ?? command}\n`);
        if (operationsOf(command).length > 0) process.stdout.write(`\n${groupHelp(command)}`);
        return EXIT_OK;
      }
      return await handWritten(rest);
    }
    if (operationsOf(command).length > 0) {
      const action = rest[0];
      if (action === undefined || action.startsWith('-')) {
        process.stdout.write(groupHelp(command));
        return EXIT_OK;
      }
      process.stderr.write(`Unknown action '${action}' of ${command}.\n\n${groupHelp(command)}`);
      return EXIT_USAGE;
    }
    process.stderr.write(`Unknown command '${command}'.\n\n${USAGE}`);
    return EXIT_USAGE;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`origin-studio ${command}: ${e.message}\nRun 'origin-studio ${found ? commandWords(found.op).join(' ') : command} --help' for usage.`);
      return EXIT_USAGE;
    }
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
    const hint = e instanceof CommandError && e.hint ? ` ${e.hint}` : '';
    err(`origin-studio ${command}: ${message}${hint}`);
    return EXIT_FAILURE;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(EXIT_FAILURE);
    },
  );
}
