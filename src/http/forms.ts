import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';

export const FORM = 'application/x-www-form-urlencoded';

/**
 * HTML form posts (application/x-www-form-urlencoded) for the plugin that calls this, through
 * @fastify/formbody: a repeated field becomes an array. Only HTML surfaces register it; the partner
 * API keeps reading every body as raw bytes, since its signature covers the exact bytes.
 */
export async function acceptHtmlForms(app: FastifyInstance, bodyLimit: number): Promise<void> {
  await app.register(formbody, { bodyLimit });
}
