import type { CompiledQuery } from 'kysely';
import { directReaderOf, type Db } from './database.ts';
import { dialectOf, type DialectName } from './dialect.ts';
import { preparePostgresStatement } from './postgres-prepared.ts';

/*
 * Queries built and compiled once (per dialect, and per input shape for compiledByShape), then
 * run with fresh values (also inside transactions). Kysely otherwise rebuilds and recompiles
 * the query tree on every call, which costs more than the indexed read itself on the hottest
 * paths (every request's credential lookup, get_rating, the webhook worker's batches).
 *
 * How: the builder runs once with a stand-in for every value, each stand-in of the value's own
 * type: a string token for a string, a number far outside any id or timestamp for a number.
 * A SQL parameter of the compiled query that is exactly one stand-in takes that value of each
 * later call; a parameter that holds none is the builder's own constant and stays as it is.
 */

type Compilable<Row> = { compile(): CompiledQuery<Row> };
type Leaf = string | number;

const TOKEN_PREFIX = '\u0000plaudit-parameter:';
/** Number stand-ins: 2^52 + i·2^16, exact doubles, so that arithmetic on one lands on none. */
const NUMBER_BASE = 2 ** 52;
const NUMBER_STEP = 2 ** 16;
const MAX_SHAPES = 200;

const stringToken = (index: number) => `${TOKEN_PREFIX}${index}`;
const numberToken = (index: number) => NUMBER_BASE + index * NUMBER_STEP;

/** For each SQL parameter, the index of the value it takes, or -1 for a constant of the builder's. */
interface Template<Row> {
  compiled: CompiledQuery<Row>;
  leafOfParameter: number[];
}

/**
 * Maps the compiled query's parameters back to the stand-ins, or null when the builder did
 * something else with one than pass it through (derived a LIKE pattern, did arithmetic on it,
 * inlined it into the SQL text).
 */
function templateOf<Row>(compiled: CompiledQuery<Row>, leafCount: number): Template<Row> | null {
  if (compiled.sql.includes(TOKEN_PREFIX) || includesNumberToken(compiled.sql, leafCount)) return null;
  const leafOfParameter: number[] = [];
  for (const parameter of compiled.parameters) {
    if (typeof parameter === 'number') {
      if (Number.isNaN(parameter)) return null; // arithmetic on a string token
      if (Math.abs(parameter) < NUMBER_BASE / 2) {
        leafOfParameter.push(-1);
        continue;
      }
      const leaf = (parameter - NUMBER_BASE) / NUMBER_STEP;
      if (!Number.isInteger(leaf) || leaf < 0 || leaf >= leafCount) return null;
      leafOfParameter.push(leaf);
    } else if (typeof parameter === 'string' && parameter.includes(TOKEN_PREFIX)) {
      const leaf = Number(parameter.slice(TOKEN_PREFIX.length));
      if (!Number.isInteger(leaf) || leaf >= leafCount || stringToken(leaf) !== parameter) return null;
      leafOfParameter.push(leaf);
    } else if (typeof parameter === 'string' && includesNumberToken(parameter, leafCount)) {
      return null; // a number stand-in written into a string
    } else {
      leafOfParameter.push(-1);
    }
  }
  return { compiled, leafOfParameter };
}

function includesNumberToken(text: string, leafCount: number): boolean {
  for (let i = 0; i < leafCount; i++) if (text.includes(String(numberToken(i)))) return true;
  return false;
}

function run<Row>(db: Db, template: Template<Row>, valueOf: (leaf: number) => unknown): Promise<Row[]> | Row[] {
  const constants = template.compiled.parameters;
  const query = { ...template.compiled, parameters: template.leafOfParameter.map((leaf, i) => (leaf < 0 ? constants[i] : valueOf(leaf))) };
  return directReaderOf(db)?.<Row>(query) ?? db.executeQuery<Row>(query).then((result) => result.rows);
}

/**
 * A query with named parameters, compiled once per dialect: `build` receives `params` with a
 * stand-in for each value and must pass them to Kysely as they are (no branching on them, no
 * arithmetic, no string building); each call runs the compiled SQL with its own `params`.
 * Values are strings or numbers (a null changes the SQL of `is`; use compiledByShape).
 */
export function compiledOnce<Params extends Record<string, Leaf>, Row>(build: (db: Db, params: Params) => Compilable<Row>) {
  const templatesByDialect = new Map<DialectName, { names: string[]; template: Template<Row> }>();
  return async (db: Db, params: Params): Promise<Row[]> => {
    const dialect = dialectOf(db);
    let entry = templatesByDialect.get(dialect);
    if (!entry) {
      const names = Object.keys(params);
      const standIns = Object.fromEntries(names.map((name, i) => [name, typeof params[name] === 'number' ? numberToken(i) : stringToken(i)])) as Params;
      const template = templateOf(build(db, standIns).compile(), names.length);
      if (!template) throw new Error(`compiledOnce: the builder must pass its parameters (${names.join(', ')}) to the query as they are`);
      if (dialect === 'postgres') preparePostgresStatement(template.compiled.sql);
      templatesByDialect.set(dialect, (entry = { names, template }));
    }
    const { names, template } = entry;
    return run(db, template, (leaf) => params[names[leaf]!]);
  };
}

/**
 * Like `compiledOnce`, for queries whose SQL depends on the input's shape (which filters are
 * present, how many ids): compiled once per shape and dialect. The shape is the input with
 * every string and number replaced by its type, keeping booleans, nulls, undefined and the
 * whole `shape` property, which may change the SQL. `build` receives the input with each
 * string and number replaced by a stand-in of the same type, so it must not branch on them
 * (put what chooses SQL, a column name say, under `shape`). When the builder derives a value
 * from a stand-in instead of passing it through (a LIKE pattern, say), that shape is built
 * with the real input on every call.
 */
export function compiledByShape<Input, Row>(build: (db: Db, input: Input) => Compilable<Row>) {
  const templatesByDialect = new Map<DialectName, Map<string, Template<Row> | null>>();
  return async (db: Db, input: Input): Promise<Row[]> => {
    const dialect = dialectOf(db);
    let templates = templatesByDialect.get(dialect);
    if (!templates) templatesByDialect.set(dialect, (templates = new Map()));
    const leaves: Leaf[] = [];
    const shape = JSON.stringify(input, function (this: unknown, key, value: unknown) {
      // A string is not visited further, so the shape's own values are not taken as leaves.
      if (key === 'shape' && this === input) return `shape:${JSON.stringify(value)}`;
      if (typeof value === 'string' || typeof value === 'number') {
        leaves.push(value);
        return typeof value;
      }
      return value === undefined ? '(undefined)' : value === null ? '(null)' : value;
    });
    let template = templates.get(shape);
    if (template === undefined) {
      let next = 0;
      const standIns = withStandIns(
        input,
        () => stringToken(next++),
        () => numberToken(next++),
        true,
      ) as Input;
      template = templateOf(build(db, standIns).compile(), next);
      if (template && dialect === 'postgres') preparePostgresStatement(template.compiled.sql);
      if (templates.size >= MAX_SHAPES) templates.clear();
      templates.set(shape, template);
    }
    if (template === null) return (await db.executeQuery(build(db, input).compile())).rows;
    return run(db, template, (leaf) => leaves[leaf]);
  };
}

/** A copy of `value` with every string and number replaced by a stand-in, visiting leaves in JSON.stringify order. */
function withStandIns(value: unknown, string: () => string, number: () => number, root = false): unknown {
  if (typeof value === 'string') return string();
  if (typeof value === 'number') return number();
  if (Array.isArray(value)) return value.map((item) => withStandIns(item, string, number));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, root && key === 'shape' ? item : withStandIns(item, string, number)]));
  }
  return value;
}
