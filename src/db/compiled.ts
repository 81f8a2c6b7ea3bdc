import type { CompiledQuery } from 'kysely';
import type { Db } from './database.ts';

/**
 * A query built and compiled once per database handle, then run with fresh parameters.
 * Kysely otherwise rebuilds and recompiles the query tree on every call, which costs more
 * than the indexed read itself on the hottest paths (every request's credential lookup,
 * get_rating). `build` receives placeholder values; `run` passes the real ones in the
 * order they appear in the SQL.
 */
export function compiledOnce<Row, Params extends unknown[]>(build: (db: Db) => { compile(): CompiledQuery<Row> }) {
  const compiledByDb = new WeakMap<Db, CompiledQuery<Row>>();
  return async (db: Db, ...parameters: Params): Promise<Row[]> => {
    let compiled = compiledByDb.get(db);
    if (!compiled) {
      compiled = build(db).compile();
      compiledByDb.set(db, compiled);
    }
    const result = await db.executeQuery<Row>({ ...compiled, parameters });
    return result.rows;
  };
}

type Leaf = string | number;
interface Template<Row> {
  compiled: CompiledQuery<Row>;
  /** For each SQL parameter, the index of the input leaf it takes its value from. */
  leafOfParameter: number[];
}

const TOKEN_PREFIX = '\u0000plaudit-parameter:';
const MAX_SHAPES = 200;

/**
 * Like `compiledOnce`, for queries whose SQL depends on the input's shape (which filters are
 * present, how many ids): compiled once per shape and database. The shape is the input with
 * every string and number replaced by its type, keeping booleans, null and undefined, which
 * may change the SQL. `build` receives the input with each string or number replaced by a
 * unique token; after compiling, each SQL parameter must be exactly one token, so it can take
 * the matching value of the real input. When the builder derives a value instead of passing
 * one through (a LIKE pattern, say), that shape is built with the real input on every call.
 */
export function compiledByShape<Input, Row>(build: (db: Db, input: Input) => { compile(): CompiledQuery<Row> }) {
  const templatesByDb = new WeakMap<Db, Map<string, Template<Row> | null>>();
  return async (db: Db, input: Input): Promise<Row[]> => {
    let templates = templatesByDb.get(db);
    if (!templates) templatesByDb.set(db, (templates = new Map()));
    const leaves: Leaf[] = [];
    const shape = JSON.stringify(input, (_key, value: unknown) => {
      if (typeof value === 'string' || typeof value === 'number') {
        leaves.push(value);
        return typeof value;
      }
      return value === undefined ? '(undefined)' : value;
    });
    let template = templates.get(shape);
    if (template === undefined) {
      template = compileTemplate(db, input, build);
      if (templates.size >= MAX_SHAPES) templates.clear();
      templates.set(shape, template);
    }
    if (template === null) return (await db.executeQuery(build(db, input).compile())).rows;
    const parameters = template.leafOfParameter.map((leaf) => leaves[leaf]);
    return (await db.executeQuery<Row>({ ...template.compiled, parameters })).rows;
  };
}

function compileTemplate<Input, Row>(db: Db, input: Input, build: (db: Db, input: Input) => { compile(): CompiledQuery<Row> }): Template<Row> | null {
  let next = 0;
  const tokenized = mapLeaves(input, () => `${TOKEN_PREFIX}${next++}`) as Input;
  const compiled = build(db, tokenized).compile();
  const leafOfParameter: number[] = [];
  for (const parameter of compiled.parameters) {
    if (typeof parameter !== 'string' || !parameter.startsWith(TOKEN_PREFIX)) return null;
    const leaf = Number(parameter.slice(TOKEN_PREFIX.length));
    if (!Number.isInteger(leaf) || leaf >= next || `${TOKEN_PREFIX}${leaf}` !== parameter) return null;
    leafOfParameter.push(leaf);
  }
  return { compiled, leafOfParameter };
}

/** A copy of `value` with every string and number replaced, visiting leaves in JSON.stringify order. */
function mapLeaves(value: unknown, replace: () => string): unknown {
  if (typeof value === 'string' || typeof value === 'number') return replace();
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapLeaves(item, replace)]));
  }
  return value;
}
