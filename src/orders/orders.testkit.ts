import type { FastifyInstance } from 'fastify';
import { PlauditClient } from '../client/index.ts';
import { injectTransport } from '../../test/helpers.ts';
import type { Clock } from '../lib/clock.ts';

/** The same shop's client on the oldest paths (spec endpoints.md §J). */
export const legacyClient = (app: FastifyInstance, credentials: { public_token: string; private_token: string }, clock: Clock) =>
  new PlauditClient({
    publicToken: credentials.public_token,
    privateToken: credentials.private_token,
    transport: injectTransport(app),
    prefix: '/api/v1/open_api',
    now: () => Math.floor(clock.now() / 1000),
  });
