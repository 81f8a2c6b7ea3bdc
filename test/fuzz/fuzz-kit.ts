import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { sql } from 'kysely';
import { signedHeaders } from '../../src/client/index.ts';
import type { DbHandle } from '../../src/db/database.ts';
import type { TestApp } from '../helpers.ts';

/**
 * Property-based fuzzing of every partner and storefront endpoint (issue 19): generated query
 * strings (repeated and indexed keys, unicode, sizes) and bodies (JSON of every type and nesting,
 * raw text), signed with a real shop's credentials where the endpoint needs it. Properties:
 * no 5xx, no internal error (code 13), no stack trace or source path in any body, and no row
 * added or removed by a refused request.
 */

export interface FuzzEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  kind: 'partner' | 'storefront';
  /** Query parameter and body property names the OpenAPI document lists (the generators favour them). */
  fields: string[];
}

const PARTNER = /^\/api\/v1\/(openapi|open_api)\//;
const STOREFRONT = /^\/api\/v1\/reviews\//;

interface OpenApiSchema {
  properties?: Record<string, OpenApiSchema>;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  items?: OpenApiSchema;
}
const propertyNames = (schema: OpenApiSchema | undefined, depth = 0): string[] => {
  if (!schema || depth > 4) return [];
  return [
    ...Object.entries(schema.properties ?? {}).flatMap(([name, child]) => [name, ...propertyNames(child, depth + 1)]),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap((s) => propertyNames(s, depth + 1)),
    ...propertyNames(schema.items, depth + 1),
  ];
};

/** Every partner and storefront operation in the served OpenAPI document. */
export async function fuzzEndpoints(app: FastifyInstance): Promise<FuzzEndpoint[]> {
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } }>>;
  };
  const endpoints: FuzzEndpoint[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    const kind = PARTNER.test(path) ? 'partner' : STOREFRONT.test(path) ? 'storefront' : null;
    if (!kind) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const upper = method.toUpperCase();
      if (upper !== 'GET' && upper !== 'POST' && upper !== 'PUT' && upper !== 'DELETE') continue;
      const fields = new Set<string>((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
      for (const content of Object.values(operation.requestBody?.content ?? {})) for (const name of propertyNames(content.schema)) fields.add(name);
      endpoints.push({ method: upper, path, kind, fields: [...fields].sort() });
    }
  }
  return endpoints.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Raw JSON texts for a value: plausible, boundary and hostile. */
const rawJsonValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '1',
    '0',
    '-1',
    '5',
    '"1"',
    '"1001"',
    '""',
    'null',
    'true',
    'false',
    '[]',
    '{}',
    '1e30',
    '1e+25',
    '-0',
    '1.5',
    '1e400',
    '123456789012345678901234',
    '"123456789012345678901234"',
    '9007199254740993',
    '"shop-a.myshopify.com"',
    '"a@example.com"',
    '"https://example.com/hook"',
    '"2026-06-01 12:00:00"',
    '"2026-06-01T12:00:00Z"',
    '"review/created"',
    '"created-ascending"',
    '"../../etc/passwd"',
    '"<script>alert(1)</script>"',
    '"\' OR 1=1 --"',
    '"\\u0000"',
    '"\\ud800"',
    '"%00"',
    '["1","2"]',
    '[1,[2,[3]]]',
  ),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.string({ unit: 'binary', maxLength: 64 }).map((s) => JSON.stringify(s)),
  fc.string({ unit: 'grapheme', maxLength: 300 }).map((s) => JSON.stringify(s)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);

/** A JSON object text over the endpoint's fields (and some others), each with a raw value. */
const objectBody = (fields: string[]) =>
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...fields, 'shop', 'id', '__proto__', 'constructor'), fc.string({ maxLength: 20 })), rawJsonValue), { maxLength: 10 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);

const bodyText = (fields: string[]): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 6, arbitrary: objectBody(fields) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 8 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => JSON.stringify({ content: 'x'.repeat(n) })) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** Query pairs over the endpoint's fields, with repeated keys and indexed forms (key[0]=, key[]=). */
const queryPairsOf = (fields: string[]) =>
  fc.array(
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...fields, 'shop', 'page', 'page_size'), fc.string({ maxLength: 12 })),
        fc.constantFrom('', '[]', '[0]', '[1]', '[a]'),
        fc.oneof(fc.constantFrom('1', '0', '-1', '1e30', 'shop-a.myshopify.com', 'undefined', 'null', '', '1,2,3', '%', '"'), fc.string({ unit: 'grapheme', maxLength: 80 }), fc.integer().map(String)),
      )
      .map(([key, index, value]) => [`${key}${index}`, value] as const),
    { maxLength: 10 },
  );

export interface FuzzCase {
  pairs: (readonly [string, string])[];
  body: string | undefined;
  auth: 'signed' | 'unsigned' | 'bad-signature';
  contentType: string;
  ip: string;
}

export const fuzzCase = (endpoint: FuzzEndpoint): fc.Arbitrary<FuzzCase> =>
  fc.record({
    pairs: queryPairsOf(endpoint.fields),
    body: endpoint.method === 'GET' ? fc.constant(undefined) : bodyText(endpoint.fields),
    auth: fc.constantFrom('signed', 'signed', 'signed', 'unsigned', 'bad-signature'),
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'),
    ip: fc.tuple(fc.integer({ min: 1, max: 250 }), fc.integer({ min: 1, max: 250 })).map(([a, b]) => `10.99.${a}.${b}`),
  });

/** Rows per table, in one statement. */
export async function rowCounts(database: DbHandle): Promise<Record<string, number>> {
  const listed =
    database.dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(database.db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(database.db);
  // hmac_signatures is the replay guard's memory of every signed request, refused ones included (by design).
  const tables = listed.rows
    .map((r) => r.name)
    .filter((n) => n !== 'plaudit_migrations' && n !== 'hmac_signatures')
    .sort();
  const union = sql.join(
    tables.map((t) => sql`select ${t} as t, count(*) as c from ${sql.table(t)}`),
    sql` union all `,
  );
  const counted = await sql<{ t: string; c: number | string }>`${union}`.execute(database.db);
  return Object.fromEntries(counted.rows.map((r) => [r.t, Number(r.c)]));
}

const STACK_TRACE = /\n\s+at .+:\d+:\d+|node_modules|\/work\/|\.ts:\d+:\d+|\bat (async )?[A-Za-z_.]+ \(/;

/** Sends one generated request; throws (with the request) when a property does not hold. */
export async function checkCase(env: Pick<TestApp, 'app' | 'clock' | 'database' | 'shopA'>, endpoint: FuzzEndpoint, c: FuzzCase, before: { counts: Record<string, number> }): Promise<void> {
  const pairs = c.pairs;
  const search = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const timestamp = String(Math.floor(env.clock.now() / 1000));
  const headers: Record<string, string> = { ...(c.body === undefined ? {} : { 'content-type': c.contentType }) };
  if (endpoint.kind === 'partner' && c.auth !== 'unsigned') {
    const credentials = { publicToken: env.shopA.credentials.public_token, privateToken: env.shopA.credentials.private_token };
    Object.assign(headers, signedHeaders(credentials, pairs, c.body, timestamp));
    if (c.auth === 'bad-signature') headers.Sign = '0'.repeat(64);
  }
  const response = await env.app.inject({
    method: endpoint.method,
    url: `${endpoint.path}${search ? `?${search}` : ''}`,
    headers,
    remoteAddress: c.ip,
    ...(c.body === undefined ? {} : { payload: c.body }),
  });
  const where = () => `${endpoint.method} ${endpoint.path}?${search.slice(0, 300)} body=${(c.body ?? '').slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  if (response.statusCode >= 500) throw new Error(`5xx: ${where()}`);
  if (STACK_TRACE.test(response.body)) throw new Error(`stack trace or source path in the body: ${where()}`);
  let code: number | undefined;
  try {
    code = (JSON.parse(response.body) as { code?: number }).code;
  } catch {
    code = undefined;
  }
  if (code === 13) throw new Error(`internal error (code 13): ${where()}`);
  const counts = await rowCounts(env.database);
  const refused = response.statusCode >= 400 || (code !== undefined && code !== 0);
  if (refused) {
    for (const table of Object.keys(counts)) {
      if (counts[table] !== before.counts[table]) throw new Error(`a refused request changed ${table} (${before.counts[table]} → ${counts[table]}): ${where()}`);
    }
  }
  before.counts = counts;
}

/** Runs `numRuns` generated cases against one endpoint with a fixed seed; rejects with the shrunk counterexample. */
export async function fuzzEndpoint(env: Pick<TestApp, 'app' | 'clock' | 'database' | 'shopA'>, endpoint: FuzzEndpoint, options: { numRuns: number; seed: number }): Promise<void> {
  const state = { counts: await rowCounts(env.database) };
  await fc.assert(
    fc.asyncProperty(fuzzCase(endpoint), async (c) => {
      await checkCase(env, endpoint, c, state);
    }),
    { numRuns: options.numRuns, seed: options.seed, endOnFailure: true },
  );
}
