import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and database reachability',
        description: 'Answers 200 once the database answers a trivial query, 503 otherwise. No authentication.',
        tags: ['Operations'],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String({ description: 'sqlite or postgres' }) }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String() }),
        },
      },
      logLevel: 'warn',
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok' as const, database: app.dialect };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: app.dialect });
      }
    },
  );
};
