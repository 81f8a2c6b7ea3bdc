import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';

/**
 * Query strings, params and headers are text, so they are coerced ("5" → 5, one value → [value]).
 * JSON bodies are checked as sent: a string where a number belongs is a client error,
 * except where a schema explicitly accepts both (ids).
 */
export function registerValidators(app: FastifyInstance): void {
  const common = { allErrors: false, verbose: true, useDefaults: true, removeAdditional: false, strict: false } as const;
  const textAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));
  const jsonAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
  const compiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => (httpPart === 'body' ? jsonAjv : textAjv).compile(schema as object);
  app.setValidatorCompiler(compiler);
}

/** "invalid argument: <field> <problem>", naming the field the way the wire spells it. */
export function validationMessage(errors: ErrorObject[], context: string | undefined): string {
  const error = pickMostSpecific(errors);
  if (!error) return 'invalid argument';
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: string }).missingProperty ?? '');
    return `invalid argument: ${path ? `${path}.` : ''}${missing} is required`;
  }
  const field = path || (context === 'body' ? 'body' : (context ?? 'request'));
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  if (error.keyword === 'anyOf' || error.keyword === 'const' || error.keyword === 'enum') {
    return `invalid argument: ${field} is not valid${description ? ` (${description})` : ''}`;
  }
  return `invalid argument: ${field} ${error.message ?? 'is not valid'}`;
}

/** The error about the deepest field, preferring a concrete keyword over the union wrapper. */
function pickMostSpecific(errors: ErrorObject[]): ErrorObject | undefined {
  const deepest = Math.max(...errors.map((e) => e.instancePath.length));
  const atDeepest = errors.filter((e) => e.instancePath.length === deepest);
  const anyOf = atDeepest.find((e) => e.keyword === 'anyOf');
  return anyOf ?? atDeepest[0];
}
