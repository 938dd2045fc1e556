/**
 * Every operation of the API contract as a command, generated from the contract itself so the CLI
 * cannot fall behind it: `assets.list` is `origin-studio assets list`, `endpoint.settings.set` is
 * `endpoint settings set`, `contentKeyPolicies.create` is `content-key-policies create`. Each input
 * field is a `--kebab-case` option typed by its schema (numbers, booleans, repeatable lists, JSON for
 * objects); `--input JSON` (or `@file`) gives the whole input; `id`/`name` may come first as a plain
 * argument. The studio checks the input with the same schema as for the UI.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { contract, type Operation } from '../studio/api/contract.ts';

/** A short sentence per operation for --help; operations without one still get their fields listed. */
const SUMMARIES: Partial<Record<Operation, string>> = {
  'app.info': 'The studio name, version and host.',
  'settings.get': 'The library folder, job concurrency and the ffmpeg/ffprobe in use.',
  'settings.set': 'Change job concurrency or the ffmpeg/ffprobe paths (null: automatic).',
  'assets.list': 'List the assets.',
  'assets.get': 'One asset with its probe (media info).',
  'assets.import': 'Probe a file and add it as an asset (by reference).',
  'assets.delete': 'Delete an asset (its folder too when it is an encoded output).',
  'assets.create': 'An empty asset (in the library folder, or --storage blob: a container asset-<id>).',
  'assets.files': 'The files, encoded tracks and poster of an asset.',
  'assets.thumbnails': 'The thumbnail sprite cues of an asset.',
  'assets.show': 'An asset in brief; --quality: each rung\'s measured bitrate, PSNR, SSIM (VMAF with libvmaf).',
  'assets.tracks.list': 'The text and audio tracks of an asset.',
  'assets.tracks.addText': 'Add a WebVTT, SRT or TTML/IMSC subtitle file as a text track (--path, --language; stored as WebVTT).',
  'assets.tracks.addAudio': 'Add an audio file as an audio track (--language, --role description|commentary|…): AAC at the asset\'s rate and length is copied, else re-encoded.',
  'assets.tracks.remove': 'Remove a text or audio track by name.',
  'encoders.list': 'The H.264 encoders and whether each works here (--wait for the trial encodes).',
  'transforms.list': 'The presets and custom transforms with their ladders.',
  'transforms.save': 'Create or replace a custom transform (--definition JSON).',
  'transforms.delete': 'Delete a custom transform.',
  'transforms.export': 'A transform as JSON (for transforms import elsewhere).',
  'transforms.plan': 'The ladder an encode of a source would use (rungs capped by the source), and its size.',
  'transforms.import': 'Add a transform from its exported JSON (--json-value "$(cat file.json)").',
  'jobs.list': 'List the jobs (optionally of one state).',
  'jobs.get': 'One job with its state, progress and error.',
  'jobs.encode': 'Queue an encode (it runs while serve, web or the app is open; `encode` waits for it).',
  'jobs.cancel': 'Cancel a queued job.',
  'jobs.retry': 'Queue a new attempt of a failed or canceled job.',
  'jobs.events': 'Job events after a sequence number (the UI’s long poll).',
  'jobs.log': 'A job’s whole log: ffmpeg’s output, its command line and the studio’s steps.',
  'policies.list': 'The streaming policies.',
  'policies.create': 'A custom streaming policy enabling some of hls, dash, smooth, download.',
  'locators.list': 'The streaming locators (optionally of one asset).',
  'locators.create': 'Publish an asset under a streaming policy (see also `locator create`).',
  'locators.delete': 'Delete a streaming locator (its URLs answer 404).',
  'locators.paths': 'The streaming and download URLs of a locator.',
  'contentKeyPolicies.list': 'The content key policies (open or token-restricted).',
  'contentKeyPolicies.create': 'A content key policy: --restriction \'{"kind":"open"}\' or a token restriction.',
  'contentKeyPolicies.delete': 'Delete a content key policy.',
  'contentKeyPolicies.testToken': 'A short-lived test token for a locator under an HS256 policy.',
  'filters.list': 'The filters (optionally those an asset can use).',
  'filters.get': 'One filter (asset filter with --asset-id, else the account filter).',
  'filters.save': 'Create or replace a filter (--definition JSON, AMS schema).',
  'filters.delete': 'Delete a filter.',
  'filters.preview': 'What filters leave of an asset (tracks, time range).',
  'amsApi.status': 'The AMS v3 API setting and, in this command’s own studio, its state (use `api` to serve it).',
  'amsApi.set': 'Turn the AMS v3 API on or off at app launch (--enabled), and its --host and --port.',
  'amsApi.token': 'A bearer token for the AMS v3 API (as `api token`).',
  'endpoint.status': 'The streaming endpoint of this command’s own studio (stopped: use serve).',
  'endpoint.start': 'Start the streaming endpoint and serve until Ctrl+C (as serve).',
  'endpoint.stop': 'Stop the streaming endpoint of this command’s own studio.',
  'endpoint.settings.get': 'Host, port, CORS origins, cache max-age, IP allow list and published host name.',
  'endpoint.settings.set': 'Change endpoint settings (they apply when it next starts).',
  'endpoint.log': 'The endpoint’s request log of this command’s own studio.',
};

/** camelCase → kebab-case, for command words and option names. */
export const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The command words of an operation: `endpoint.settings.set` → ['endpoint', 'settings', 'set']. */
export const commandWords = (op: Operation): string[] => op.split('.').map(kebab);

export const OPERATION_COMMANDS: ReadonlyMap<string, Operation> = new Map(
  (Object.keys(contract) as Operation[]).map((op) => [commandWords(op).join(' '), op]),
);

/** The operation the words start with (longest match), and how many words it took. */
export function findOperation(words: readonly string[]): { op: Operation; used: number } | null {
  for (let n = Math.min(words.length, 4); n > 0; n--) {
    const op = OPERATION_COMMANDS.get(words.slice(0, n).join(' '));
    if (op) return { op, used: n };
  }
  return null;
}

/** The operations under a group word (e.g. `filters`), for a group's help. */
export const operationsOf = (group: string): Operation[] => [...OPERATION_COMMANDS].filter(([c]) => c.split(' ')[0] === group).map(([, op]) => op);

const GLOBAL_OPTIONS = new Set(['json', 'help', 'library', 'input']);

type Kind = 'string' | 'number' | 'boolean' | 'list' | 'json';

interface Field {
  readonly name: string;
  readonly option: string;
  readonly kind: Kind;
  readonly required: boolean;
  readonly nullable: boolean;
  /** e.g. `one of: a, b`, `JSON`, `number` */
  readonly type: string;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  entries?: Record<string, string>;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

function describeField(name: string, schema: z.ZodType): Field {
  let s = schema;
  let required = true;
  let nullable = false;
  for (;;) {
    const d = defOf(s);
    if (d.type === 'optional' || d.type === 'default') required = false;
    else if (d.type === 'nullable') nullable = true;
    else if (d.type !== 'readonly') break;
    s = d.innerType as z.ZodType;
  }
  const d = defOf(s);
  let kind: Kind = 'json';
  let type = 'JSON';
  if (d.type === 'string') [kind, type] = ['string', 'text'];
  else if (d.type === 'number' || d.type === 'int') [kind, type] = ['number', 'number'];
  else if (d.type === 'boolean') [kind, type] = ['boolean', 'flag'];
  else if (d.type === 'enum') [kind, type] = ['string', `one of: ${Object.values(d.entries ?? {}).join(', ')}`];
  else if (d.type === 'array' && d.element && defOf(d.element).type === 'string') [kind, type] = ['list', 'text, repeatable'];
  else if (d.type === 'array' && d.element && defOf(d.element).type === 'enum') {
    [kind, type] = ['list', `repeatable, each one of: ${Object.values(defOf(d.element).entries ?? {}).join(', ')}`];
  }
  // A field named like a global option (transforms.import's `json`) gets a suffix: --json-value.
  const option = GLOBAL_OPTIONS.has(kebab(name)) ? `--${kebab(name)}-value` : `--${kebab(name)}`;
  return { name, option, kind, required, nullable, type: nullable ? `${type}, or null` : type };
}

export function fieldsOf(op: Operation): Field[] {
  const input = contract[op].input as unknown as { shape?: Record<string, z.ZodType> };
  return Object.entries(input.shape ?? {}).map(([name, schema]) => describeField(name, schema));
}

/** The field a plain first argument fills: a required id or name. */
const positionalOf = (fields: readonly Field[]): Field | undefined =>
  fields.find((f) => f.required && f.kind === 'string' && (f.name === 'id' || f.name === 'name'));

export function operationHelp(op: Operation): string {
  const fields = fieldsOf(op);
  const pos = positionalOf(fields);
  const usage = `origin-studio ${commandWords(op).join(' ')}${pos ? ` <${pos.name}>` : ''}${fields.some((f) => f !== pos) ? ' [options]' : ''}`;
  const lines = [`Usage: ${usage}`, '', SUMMARIES[op] ?? `The contract operation ${op}.`, ''];
  if (fields.length > 0) {
    lines.push('Options:');
    for (const f of fields) lines.push(`  ${`${f.option}${f.kind === 'boolean' ? '' : ' <value>'}`.padEnd(28)} ${f.required ? 'required' : 'optional'}; ${f.type}`);
  }
  lines.push(
    `  ${'--input <JSON|@file|->'.padEnd(28)} the whole input as JSON (options given too override its fields)`,
    `  ${'--json'.padEnd(28)} print the answer as JSON`,
    `  ${'--library <dir>'.padEnd(28)} the library folder`,
    '',
    `API operation: ${op} (the same input the UI sends; JSON options take the contract's shapes).`,
  );
  return `${lines.join('\n')}\n`;
}

export class CommandUsageError extends Error {}

function readJson(text: string, what: string): unknown {
  const source = text === '-' ? readFileSync(0, 'utf8') : text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(source);
  } catch (err) {
    throw new CommandUsageError(`${what} is not valid JSON (${(err as Error).message})`);
  }
}

export interface ParsedCall {
  readonly input: Record<string, unknown>;
  readonly json: boolean;
  readonly help: boolean;
  readonly library: string | undefined;
}

/** Turns the words after the command into the operation's input. */
export function parseOperationArgs(op: Operation, args: readonly string[]): ParsedCall {
  const fields = fieldsOf(op);
  const byOption = new Map(fields.map((f) => [f.option, f]));
  let input: Record<string, unknown> = {};
  const given: Record<string, unknown> = {};
  let json = false;
  let help = false;
  let library: string | undefined;
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new CommandUsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--json') json = true;
    else if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--library') library = value();
    else if (flag === '--input') {
      const whole = readJson(value(), '--input');
      if (typeof whole !== 'object' || whole === null || Array.isArray(whole)) throw new CommandUsageError('--input must be a JSON object');
      input = { ...input, ...(whole as Record<string, unknown>) };
    } else if (flag.startsWith('--')) {
      const f = byOption.get(flag);
      if (!f) {
        const known = fields.map((x) => x.option).join(', ') || 'none';
        throw new CommandUsageError(`unknown option ${flag} (options of this command: ${known})`);
      }
      if (f.kind === 'boolean') {
        given[f.name] = inline === undefined ? true : inline === 'true';
        continue;
      }
      const raw = value();
      if (f.nullable && raw === 'null') given[f.name] = null;
      else if (f.kind === 'string') given[f.name] = raw;
      else if (f.kind === 'number') {
        const n = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(n)) throw new CommandUsageError(`${flag} must be a number, got "${raw}"`);
        given[f.name] = n;
      } else if (f.kind === 'list') given[f.name] = [...((given[f.name] as string[] | undefined) ?? []), raw];
      else given[f.name] = readJson(raw, flag);
    } else positionals.push(arg);
  }
  const pos = positionalOf(fields);
  if (positionals.length > 0) {
    if (!pos || positionals.length > 1) throw new CommandUsageError(`unexpected argument "${positionals.join(' ')}"; this command takes options only (see --help)`);
    given[pos.name] = positionals[0];
  }
  return { input: { ...input, ...given }, json, help, library };
}

const scalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const cell = (v: unknown): string => (v === null || v === undefined ? '-' : String(v));

/** Columns worth a table: the first item's scalar fields, the identifying ones first, at most seven. */
function columnsOf(item: Record<string, unknown>): string[] {
  const first = ['id', 'name', 'state', 'status'];
  const keys = Object.keys(item).filter((k) => scalar(item[k]) && !/At$/.test(k));
  return [...first.filter((k) => keys.includes(k)), ...keys.filter((k) => !first.includes(k))].slice(0, 7);
}

/** An answer for a person: lists as tables, objects as `key: value` lines (nested values as JSON). */
export function renderAnswer(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    if (!value.every((v) => typeof v === 'object' && v !== null)) return value.map(cell).join('\n');
    const cols = columnsOf(value[0] as Record<string, unknown>);
    const rows = [cols.map((c) => kebab(c).toUpperCase()), ...value.map((v) => cols.map((c) => cell((v as Record<string, unknown>)[c])))];
    const widths = cols.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>);
    const width = Math.max(...entries.map(([k]) => k.length));
    return entries
      .map(([k, v]) => {
        if (typeof v === 'string' && v.includes('\n')) return `${k}:\n${v}`;
        if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') return `${k}:\n${renderAnswer(v).replace(/^/gm, '  ')}`;
        return `${`${k}:`.padEnd(width + 1)} ${scalar(v) ? cell(v) : JSON.stringify(v)}`;
      })
      .join('\n');
  }
  return cell(value);
}
