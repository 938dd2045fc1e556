/**
 * AMS's list options — `$filter`, `$orderby`, `$top` — over the ARM JSON of a resource, and the
 * `@odata.nextLink` paging the SDK follows. Filters are the subset AMS documents: `field op value`
 * joined by `and`/`or` (ops eq ne gt ge lt le; values 'text', numbers, ISO instants), on the fields
 * each resource lists as filterable; anything else is a 400 naming what is not supported.
 */
import { badRequest } from './arm-error.ts';

type Json = Record<string, unknown>;

/** Items per page: ARM leaves it to the service; 100 keeps answers small, the SDK follows nextLink. */
export const PAGE_SIZE = 100;

const OPS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const;
type Op = (typeof OPS)[number];
interface Clause {
  readonly field: string;
  readonly op: Op;
  readonly value: string | number;
}

function fieldValue(item: Json, field: string): unknown {
  let v: unknown = item;
  for (const part of field.split('/').flatMap((p) => p.split('.'))) {
    v = v !== null && typeof v === 'object' ? (v as Json)[part] : undefined;
  }
  return v;
}

function compare(a: unknown, b: string | number): number | null {
  if (a === undefined || a === null) return null;
  if (typeof b === 'number') return typeof a === 'number' ? a - b : Number(a) - b;
  const sa = String(a);
  const ta = Date.parse(sa);
  const tb = Date.parse(b);
  // Instants compare as instants (2026-01-01T00:00:00Z == 2026-01-01T00:00:00.000Z), text as text.
  if (/^\d{4}-\d{2}-\d{2}T/.test(sa) && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return sa < b ? -1 : sa > b ? 1 : 0;
}

function test(item: Json, c: Clause): boolean {
  const d = compare(fieldValue(item, c.field), c.value);
  if (d === null) return c.op === 'ne';
  switch (c.op) {
    case 'eq':
      return d === 0;
    case 'ne':
      return d !== 0;
    case 'gt':
      return d > 0;
    case 'ge':
      return d >= 0;
    case 'lt':
      return d < 0;
    case 'le':
      return d <= 0;
  }
}

const TOKEN = /\s*(?:'((?:[^']|'')*)'|(\()|(\))|([^\s()']+))/y;

function tokens(filter: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < filter.length && (m = TOKEN.exec(filter))) {
    if (m[1] !== undefined) out.push(`'${m[1]}`);
    else out.push(m[2] ?? m[3] ?? m[4] ?? '');
  }
  if (filter.slice(TOKEN.lastIndex).trim()) throw badRequest(`The $filter "${filter}" could not be parsed near "${filter.slice(TOKEN.lastIndex)}".`);
  return out;
}

type Expr = { and: Expr[] } | { or: Expr[] } | Clause;

/** Parses `a eq 'x' and (b gt 3 or c lt datetime'…')`, checking fields against `fields`. */
export function parseFilter(filter: string, fields: readonly string[]): (item: Json) => boolean {
  const t = tokens(filter);
  let i = 0;
  const allowed = new Map(fields.map((f) => [f.toLowerCase(), f]));
  const primary = (): Expr => {
    if (t[i] === '(') {
      i++;
      const e = orExpr();
      if (t[i++] !== ')') throw badRequest(`The $filter "${filter}" has an unclosed parenthesis.`);
      return e;
    }
    const rawField = t[i++];
    const op = t[i++]?.toLowerCase();
    let raw = t[i++];
    if (!rawField || !op || raw === undefined) throw badRequest(`The $filter "${filter}" is incomplete; expected "field op value".`);
    const field = allowed.get(rawField.toLowerCase());
    if (!field) throw badRequest(`Filtering on "${rawField}" is not supported; filterable fields: ${fields.join(', ')}.`);
    if (!(OPS as readonly string[]).includes(op)) throw badRequest(`The $filter operator "${op}" is not supported; use ${OPS.join(', ')}.`);
    // OData typed literals: datetime'2026-01-01T00:00:00Z'
    if (/^datetime$/i.test(raw) && t[i]?.startsWith("'")) raw = t[i++] ?? '';
    const value = raw.startsWith("'") ? raw.slice(1).replaceAll("''", "'") : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
    return { field, op: op as Op, value };
  };
  const andExpr = (): Expr => {
    const parts = [primary()];
    while (t[i]?.toLowerCase() === 'and') {
      i++;
      parts.push(primary());
    }
    return parts.length === 1 ? (parts[0] as Expr) : { and: parts };
  };
  const orExpr = (): Expr => {
    const parts = [andExpr()];
    while (t[i]?.toLowerCase() === 'or') {
      i++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? (parts[0] as Expr) : { or: parts };
  };
  const expr = orExpr();
  if (i < t.length) throw badRequest(`The $filter "${filter}" has unexpected "${t.slice(i).join(' ')}" at the end.`);
  const evaluate = (e: Expr, item: Json): boolean =>
    'and' in e ? e.and.every((x) => evaluate(x, item)) : 'or' in e ? e.or.some((x) => evaluate(x, item)) : test(item, e);
  return (item) => evaluate(expr, item);
}

/** `$orderby=name desc, properties/created` on the allowed fields. */
export function parseOrderBy(orderby: string, fields: readonly string[]): (a: Json, b: Json) => number {
  const allowed = new Map(fields.map((f) => [f.toLowerCase(), f]));
  const keys = orderby.split(',').map((part) => {
    const [rawField = '', dir = 'asc', ...extra] = part.trim().split(/\s+/);
    const field = allowed.get(rawField.toLowerCase());
    if (!field || extra.length > 0 || !/^(asc|desc)$/i.test(dir)) {
      throw badRequest(`Ordering by "${part.trim()}" is not supported; use one of ${fields.join(', ')} with asc or desc.`);
    }
    return { field, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const k of keys) {
      const bv = fieldValue(b, k.field);
      const d = compare(fieldValue(a, k.field), typeof bv === 'number' ? bv : String(bv ?? '')) ?? -1;
      if (d !== 0) return d * k.sign;
    }
    return 0;
  };
}

export interface ListQuery {
  readonly filterFields: readonly string[];
  readonly orderFields: readonly string[];
}

/**
 * One page of a collection: filter, order, `$top` (a cap on the whole result, OData's meaning), and a
 * `$skiptoken` offset; `@odata.nextLink` repeats the query with the next offset.
 */
export function page(items: readonly Json[], url: URL, q: ListQuery): { value: Json[]; '@odata.nextLink'?: string } {
  const p = url.searchParams;
  let list = [...items];
  const filter = p.get('$filter');
  if (filter) list = list.filter(parseFilter(filter, q.filterFields));
  const orderby = p.get('$orderby');
  if (orderby) list.sort(parseOrderBy(orderby, q.orderFields));
  const topRaw = p.get('$top');
  if (topRaw !== null) {
    const top = Number(topRaw);
    if (!Number.isInteger(top) || top < 0) throw badRequest(`$top must be a non-negative whole number, got "${topRaw}".`);
    list = list.slice(0, top);
  }
  const skipRaw = p.get('$skiptoken') ?? '0';
  const skip = Number(skipRaw);
  if (!Number.isInteger(skip) || skip < 0) throw badRequest(`The $skiptoken "${skipRaw}" is not one this service issued.`);
  const value = list.slice(skip, skip + PAGE_SIZE);
  if (skip + PAGE_SIZE >= list.length) return { value };
  const next = new URL(url);
  next.searchParams.set('$skiptoken', String(skip + PAGE_SIZE));
  return { value, '@odata.nextLink': next.toString() };
}
