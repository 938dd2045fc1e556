/**
 * The API's OData list options and its bearer tokens, on their own: filter grammar (precedence,
 * parentheses, quoted quotes, datetime literals), refusals naming what is wrong, and tokens that are
 * forged, of another library, unsigned (alg none) or expired.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens } from '../../../electron/studio/ams-api/access-tokens.ts';
import { page, parseFilter, parseOrderBy } from '../../../electron/studio/ams-api/odata-query.ts';

const FIELDS = ['name', 'properties/created'];
const items = [
  { name: "o'neil", properties: { created: '2026-01-01T00:00:00.000Z' } },
  { name: 'b', properties: { created: '2026-02-01T00:00:00Z' } },
  { name: 'c', properties: { created: '2026-03-01T00:00:00Z' } },
];
const names = (filter: string) => items.filter(parseFilter(filter, FIELDS)).map((i) => i.name);

describe('$filter, $orderby, $top and paging', () => {
  it('evaluates and before or, parentheses, quoted quotes and instants', () => {
    expect(names("name eq 'b' or name eq 'c' and properties/created lt 2026-02-15T00:00:00Z")).toEqual(['b']);
    expect(names("(name eq 'b' or name eq 'c') and properties/created gt datetime'2026-02-15T00:00:00Z'")).toEqual(['c']);
    expect(names("name eq 'o''neil'")).toEqual(["o'neil"]);
    expect(names("properties/created eq '2026-01-01T00:00:00Z'")).toEqual(["o'neil"]);
    expect(names("NAME NE 'b'")).toEqual(["o'neil", 'c']);
  });

  it('refuses unknown fields, operators and broken expressions by name', () => {
    expect(() => names("properties/container eq 'x'")).toThrow(/properties\/container/);
    expect(() => names("name like 'x'")).toThrow(/like/);
    expect(() => names("(name eq 'x'")).toThrow(/parenthesis/);
    expect(() => names('name eq')).toThrow(/incomplete/);
    expect(() => parseOrderBy('name sideways', FIELDS)).toThrow(/name sideways/);
  });

  it('pages with a nextLink that keeps the query, after $top caps the whole result', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ name: `a${String(i).padStart(3, '0')}` }));
    const first = page(many, new URL('https://h/x?api-version=1&$top=230&$orderby=name desc'), { filterFields: ['name'], orderFields: ['name'] });
    expect(first.value).toHaveLength(100);
    expect(first.value[0]?.name).toBe('a249');
    const next = new URL(first['@odata.nextLink'] ?? '');
    expect(next.searchParams.get('$top')).toBe('230');
    const third = page(many, new URL((page(many, next, { filterFields: ['name'], orderFields: ['name'] })['@odata.nextLink'] ?? '')), { filterFields: ['name'], orderFields: ['name'] });
    expect(third.value).toHaveLength(30);
    expect(third['@odata.nextLink']).toBeUndefined();
    expect(() => page(many, new URL('https://h/x?$skiptoken=abc'), { filterFields: [], orderFields: [] })).toThrow(/skiptoken/);
  });
});

describe('bearer tokens', () => {
  let dirA = '';
  let dirB = '';
  beforeAll(async () => {
    dirA = await mkdtemp(path.join(os.tmpdir(), 'tokens-a-'));
    dirB = await mkdtemp(path.join(os.tmpdir(), 'tokens-b-'));
  });
  afterAll(async () => {
    await rm(dirA, { recursive: true, force: true });
    await rm(dirB, { recursive: true, force: true });
  });

  it('accepts its own, refuses another library’s, an unsigned, a tampered and an expired one', async () => {
    const a = await AccessTokens.open(dirA);
    const b = await AccessTokens.open(dirB);
    const { token } = await a.issue(600);
    await expect(a.verify(`Bearer ${token}`)).resolves.toBeUndefined();
    // The same key after a restart.
    await expect((await AccessTokens.open(dirA)).verify(`Bearer ${token}`)).resolves.toBeUndefined();
    await expect(b.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401, code: 'InvalidAuthenticationToken' });
    const [, payload] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(a.verify(`Bearer ${unsigned}`)).rejects.toMatchObject({ status: 401 });
    const tampered = `${token.slice(0, -4)}AAAA`;
    await expect(a.verify(`Bearer ${tampered}`)).rejects.toMatchObject({ status: 401 });
    const old = await a.issue(60, new Date(Date.now() - 3_600_000));
    await expect(a.verify(`Bearer ${old.token}`)).rejects.toMatchObject({ status: 401, code: 'ExpiredAuthenticationToken' });
    await expect(a.verify(undefined)).rejects.toMatchObject({ status: 401, code: 'AuthenticationFailed' });
    await expect(a.verify(`Basic ${token}`)).rejects.toMatchObject({ status: 401, code: 'AuthenticationFailed' });
    // The refusal never echoes the token.
    const err = await a.verify(`Bearer ${tampered}`).catch((e: Error) => e);
    expect((err as Error).message).not.toContain(tampered.slice(0, 20));
  });
});
