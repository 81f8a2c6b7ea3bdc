import type { CompiledQuery } from 'kysely';
import { directReaderOf, type Db } from './database.ts';
import { dialectOf, type DialectName } from './dialect.ts';

/**
 * A query built and compiled once per SQL dialect, then run with fresh parameters (also
 * inside transactions).
 * Kysely otherwise rebuilds and recompiles the query tree on every call, which costs more
 * than the indexed read itself on the hottest paths (every request's credential lookup,
 * get_rating). `build` receives placeholder values; `run` passes the real ones in the
 * order they appear in the SQL.
 */
export function compiledOnce<Row, Params extends unknown[]>(build: (db: Db) => { compile(): CompiledQuery<Row> }) {
  const compiledByDialect = new Map<DialectName, CompiledQuery<Row>>();
  return async (db: Db, ...parameters: Params): Promise<Row[]> => {
    let compiled = compiledByDialect.get(dialectOf(db));
    if (!compiled) {
      compiled = build(db).compile();
      compiledByDialect.set(dialectOf(db), compiled);
    }
    return directReaderOf(db)?.<Row>({ ...compiled, parameters }) ?? (await db.executeQuery<Row>({ ...compiled, parameters })).rows;
  };
}

type Leaf = string | number | null;
interface Template<Row> {
  compiled: CompiledQuery<Row>;
  /** For each SQL parameter, the index of the input leaf it takes its value from, or -1 for a constant of the builder's. */
  leafOfParameter: number[];
}

const TOKEN_PREFIX = '\u0000plaudit-parameter:';
const MAX_SHAPES = 200;

/**
 * Like `compiledOnce`, for queries whose SQL depends on the input's shape (which filters are
 * present, how many ids): compiled once per shape and dialect. The shape is the input with
 * every string, number and null replaced by its type, keeping booleans, undefined and the
 * whole `shape` property, which may change the SQL. `build` receives the input with each
 * string, number or null replaced by a unique token, so it must not branch on them (put what
 * chooses SQL, a column name say, under `shape`). After compiling, a SQL parameter that is
 * exactly one token takes the matching value of the real input; one that holds no token is
 * the builder's own constant and stays. When the builder derives a value from a token instead
 * of passing it through (a LIKE pattern, say), that shape is built with the real input on
 * every call.
 */
export function compiledByShape<Input, Row>(build: (db: Db, input: Input) => { compile(): CompiledQuery<Row> }) {
  const templatesByDialect = new Map<DialectName, Map<string, Template<Row> | null>>();
  return async (db: Db, input: Input): Promise<Row[]> => {
    const dialect = dialectOf(db);
    let templates = templatesByDialect.get(dialect);
    if (!templates) templatesByDialect.set(dialect, (templates = new Map()));
    const leaves: Leaf[] = [];
    const shape = JSON.stringify(input, function (this: unknown, key, value: unknown) {
      // A string is not visited further, so the shape's own values are not taken as leaves.
      if (key === 'shape' && this === input) return `shape:${JSON.stringify(value)}`;
      if (typeof value === 'string' || typeof value === 'number' || value === null) {
        leaves.push(value);
        return value === null ? '(null)' : typeof value;
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
    const constants = template.compiled.parameters;
    const query = { ...template.compiled, parameters: template.leafOfParameter.map((leaf, i) => (leaf < 0 ? constants[i] : leaves[leaf])) };
    return directReaderOf(db)?.<Row>(query) ?? (await db.executeQuery<Row>(query)).rows;
  };
}

function compileTemplate<Input, Row>(db: Db, input: Input, build: (db: Db, input: Input) => { compile(): CompiledQuery<Row> }): Template<Row> | null {
  let next = 0;
  const tokenized = mapLeaves(input, () => `${TOKEN_PREFIX}${next++}`, true) as Input;
  const compiled = build(db, tokenized).compile();
  const leafOfParameter: number[] = [];
  for (const parameter of compiled.parameters) {
    if (Number.isNaN(parameter)) return null; // arithmetic on a token
    if (typeof parameter !== 'string' || !parameter.includes(TOKEN_PREFIX)) {
      leafOfParameter.push(-1);
      continue;
    }
    const leaf = Number(parameter.slice(TOKEN_PREFIX.length));
    if (!parameter.startsWith(TOKEN_PREFIX) || !Number.isInteger(leaf) || leaf >= next || `${TOKEN_PREFIX}${leaf}` !== parameter) return null;
    leafOfParameter.push(leaf);
  }
  return { compiled, leafOfParameter };
}

/** A copy of `value` with every string, number and null replaced, visiting leaves in JSON.stringify order. */
function mapLeaves(value: unknown, replace: () => string, root = false): unknown {
  if (typeof value === 'string' || typeof value === 'number' || value === null) return replace();
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, replace));
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, root && key === 'shape' ? item : mapLeaves(item, replace)]));
  }
  return value;
}
